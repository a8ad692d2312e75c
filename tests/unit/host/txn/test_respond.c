/* txn_respond(): for every kind, the response carries exactly the fields that
 * docs/protocol.md lists, with the right values; what the host adds only on approval
 * (15, 38, 54) is absent from a decline. Ends with a timing of txn_parse() +
 * txn_respond() on a purchase, printed, not asserted. */
#include "testing.h"

#include "host/txn/request.h"
#include "host/txn/response.h"

#define PAN19 "6222021234567890128"
#define F(n)  (UINT64_C(1) << ((n)-1))

struct fx {
    struct ps_iso_msg out;
    struct ps_iso_msg in; /* the timing's request */
    uint8_t wire[PS_ISO_MAX_MESSAGE];
    struct txn_request req;
    struct txn_response resp;
};

static int setup(void **state)
{
    *state = calloc(1, sizeof(struct fx));
    return *state == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

/* The identifying fields every request has, as txn_parse() leaves them. */
static void request(struct txn_request *req, enum txn_kind kind, const char *mti,
                    unsigned network_code)
{
    memset(req, 0, sizeof(*req));
    req->kind = kind;
    memcpy(req->mti, mti, 5);
    strcpy(req->tid, "20250001");
    strcpy(req->mid, "898310048160001");
    req->stan = 123;
    req->batch = 7;
    req->network_code = network_code;
}

static void card_request(struct txn_request *req, enum txn_kind kind, const char *mti,
                         const char *proc, const char *cond)
{
    request(req, kind, mti, 0);
    strcpy(req->processing_code, proc);
    req->has_amount = strcmp(proc, "310000") != 0;
    req->amount = req->has_amount ? 12345 : 0;
    strcpy(req->currency, "156");
    strcpy(req->pan, PAN19);
    strcpy(req->expiry, "2812");
    req->expiry_sent = 1;
    strcpy(req->entry_mode, "021");
    strcpy(req->condition_code, cond);
}

/* An approval with everything the host may add; each kind's table decides what goes. */
static void approval(struct txn_response *resp)
{
    memset(resp, 0, sizeof(*resp));
    strcpy(resp->response_code, "00");
    strcpy(resp->rrn, "010000000777");
    strcpy(resp->auth_code, "654321");
    strcpy(resp->settle_date, "1124");
    strcpy(resp->local_time, "103000");
    strcpy(resp->local_date, "1123");
    resp->batch = 7;
    resp->mac = 1;
}

/* Asserts that out carries exactly the fields of want. */
static void assert_fields(const struct ps_iso_msg *out, uint64_t want, const char *what)
{
    for (int n = 2; n <= 64; n++) {
        int has = ps_iso_has(out, n) != 0;
        int should = (want & F(n)) != 0;
        if (has != should)
            fail_msg("%s: field %d is %s", what, n, has ? "present but not listed" : "missing");
    }
}

static void respond(struct fx *f)
{
    struct ps_reason why = {{0}};
    if (txn_respond(&f->req, &f->resp, &f->out, &why) != 0)
        fail_msg("txn_respond: %s", why.text);
}

#define COMMON_OUT   (F(11) | F(12) | F(13) | F(39) | F(41) | F(42) | F(60))
#define CARD_OUT     (COMMON_OUT | F(2) | F(3) | F(4) | F(14) | F(22) | F(25) | F(37) | F(49))
#define APPROVED_OUT (F(15) | F(64))

static void sign_in(void **state)
{
    struct fx *f = *state;
    request(&f->req, TXN_SIGN_IN, "0800", 3);
    approval(&f->resp);
    f->resp.batch = 8; /* the last batch settled: the terminal starts the next */
    f->resp.mac = 0;
    f->resp.f62_len = 40;
    memset(f->resp.f62, 0x5A, 40);
    respond(f);
    assert_string_equal(f->out.mti, "0810");
    assert_fields(&f->out, (COMMON_OUT | F(37) | F(62)), "sign-in");
    assert_true(ps_iso_value_is(&f->out, 60, "00000008003"));
    assert_true(ps_iso_value_is(&f->out, 11, "000123"));
    assert_true(ps_iso_value_is(&f->out, 12, "103000"));
    assert_true(ps_iso_value_is(&f->out, 13, "1123"));
    assert_true(ps_iso_value_is(&f->out, 37, "010000000777"));
    assert_true(ps_iso_value_is(&f->out, 39, "00"));
    assert_true(ps_iso_value_is(&f->out, 41, "20250001"));
    assert_true(ps_iso_value_is(&f->out, 42, "898310048160001"));
    assert_int_equal(ps_iso_get(&f->out, 62)->len, 40);

    /* a refused sign-in gets no keys */
    strcpy(f->resp.response_code, "97");
    f->resp.f62_len = 0;
    respond(f);
    assert_fields(&f->out, (COMMON_OUT | F(37)), "refused sign-in");
}

static void sign_off(void **state)
{
    struct fx *f = *state;
    request(&f->req, TXN_SIGN_OFF, "0820", 2);
    approval(&f->resp);
    respond(f);
    assert_string_equal(f->out.mti, "0830");
    assert_fields(&f->out, COMMON_OUT | F(64), "sign-off");
    assert_true(ps_iso_value_is(&f->out, 60, "00000007002"));
    assert_memory_equal(ps_iso_get(&f->out, 64)->ptr, "\0\0\0\0\0\0\0\0", 8);
}

static void balance_inquiry(void **state)
{
    struct fx *f = *state;
    card_request(&f->req, TXN_BALANCE, "0200", "310000", "00");
    approval(&f->resp);
    f->resp.has_balance = 1;
    f->resp.balance = 1234567;
    respond(f);
    assert_fields(&f->out, (CARD_OUT & ~F(4)) | APPROVED_OUT | F(54), "balance inquiry");
    assert_true(ps_iso_value_is(&f->out, 54, "1002156C000001234567"));
    assert_true(ps_iso_value_is(&f->out, 60, "01000007000"));

    f->resp.balance = -500; /* a credit card over its limit */
    respond(f);
    assert_true(ps_iso_value_is(&f->out, 54, "1002156D000000000500"));

    strcpy(f->resp.response_code, "55");
    respond(f);
    assert_fields(&f->out, (CARD_OUT & ~F(4)) | F(64), "declined balance inquiry");
}

static void purchase_approved_and_declined(void **state)
{
    struct fx *f = *state;
    card_request(&f->req, TXN_PURCHASE, "0200", "000000", "00");
    approval(&f->resp);
    respond(f);
    assert_string_equal(f->out.mti, "0210");
    assert_fields(&f->out, CARD_OUT | APPROVED_OUT | F(38), "purchase");
    assert_true(ps_iso_value_is(&f->out, 2, PAN19));
    assert_true(ps_iso_value_is(&f->out, 3, "000000"));
    assert_true(ps_iso_value_is(&f->out, 4, "000000012345"));
    assert_true(ps_iso_value_is(&f->out, 14, "2812"));
    assert_true(ps_iso_value_is(&f->out, 15, "1124"));
    assert_true(ps_iso_value_is(&f->out, 22, "021"));
    assert_true(ps_iso_value_is(&f->out, 25, "00"));
    assert_true(ps_iso_value_is(&f->out, 38, "654321"));
    assert_true(ps_iso_value_is(&f->out, 49, "156"));
    assert_true(ps_iso_value_is(&f->out, 60, "22000007000"));

    strcpy(f->resp.response_code, "51");
    respond(f);
    assert_fields(&f->out, CARD_OUT | F(64), "declined purchase");
    assert_true(ps_iso_value_is(&f->out, 39, "51"));

    /* swiped: the PAN and expiry came in track 2 only, and do not go back as 2 and 14 */
    f->req.from_track2 = 1;
    f->req.expiry_sent = 0;
    approval(&f->resp);
    respond(f);
    assert_fields(&f->out, (CARD_OUT | APPROVED_OUT | F(38)) & ~(F(2) | F(14)), "swiped purchase");
}

/* Paid by a payment code (docs/protocol.md, "QR payments"): neither the code nor a card
 * number goes back. */
static void qr_purchase(void **state)
{
    struct fx *f = *state;
    card_request(&f->req, TXN_PURCHASE, "0200", "000000", "00");
    f->req.pan[0] = '\0';
    f->req.expiry[0] = '\0';
    f->req.expiry_sent = 0;
    strcpy(f->req.entry_mode, "032");
    strcpy(f->req.paycode, "134567890123456789");
    f->req.paycode_scheme = 1;
    approval(&f->resp);
    respond(f);
    assert_fields(&f->out, (CARD_OUT | APPROVED_OUT | F(38)) & ~(F(2) | F(14)), "QR purchase");
    assert_true(ps_iso_value_is(&f->out, 22, "032"));
}

struct card_case {
    enum txn_kind kind;
    const char *mti, *proc, *cond, *f60, *f61;
    uint64_t extra; /* fields beyond CARD_OUT and APPROVED_OUT */
};

static const struct card_case card_cases[] = {
    {TXN_VOID, "0200", "200000", "00", "23000007000", "000007000100", F(61)},
    {TXN_REFUND, "0220", "200000", "00", "25000007000", "0000060001000923", F(61)},
    {TXN_PREAUTH, "0100", "030000", "06", "10000007000", NULL, F(38)},
    {TXN_PREAUTH_VOID, "0100", "200000", "06", "11000007000", "0000000000001120", F(61)},
    {TXN_COMPLETION, "0200", "000000", "06", "20000007000", "0000000000001120", F(38) | F(61)},
    {TXN_COMPLETION_VOID, "0200", "200000", "06", "21000007000", "000007000102", F(61)},
};

static uint32_t number(const char *digits, int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (uint32_t)(digits[i] - '0');
    return v;
}

static void other_card_kinds(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < PS_ARRAY_LEN(card_cases); i++) {
        const struct card_case *c = &card_cases[i];
        card_request(&f->req, c->kind, c->mti, c->proc, c->cond);
        if (c->f61 != NULL) {
            f->req.has_original = 1;
            f->req.original_batch = number(c->f61, 6);
            f->req.original_stan = number(c->f61 + 6, 6);
            if (strlen(c->f61) == 16)
                memcpy(f->req.original_date, c->f61 + 12, 5);
        }
        approval(&f->resp);
        respond(f);
        assert_fields(&f->out, CARD_OUT | APPROVED_OUT | c->extra, txn_kind_name(c->kind));
        assert_true(ps_iso_value_is(&f->out, 60, c->f60));
        if (c->f61 != NULL)
            assert_true(ps_iso_value_is(&f->out, 61, c->f61));
        strcpy(f->resp.response_code, "25");
        respond(f);
        assert_fields(&f->out, CARD_OUT | F(64) | (c->extra & F(61)), txn_kind_name(c->kind));
    }
}

static void reversal(void **state)
{
    struct fx *f = *state;
    card_request(&f->req, TXN_REVERSAL, "0400", "000000", "00");
    f->req.reversed_kind = TXN_PURCHASE;
    strcpy(f->req.reversal_reason, "98");
    approval(&f->resp);
    f->resp.auth_code[0] = '\0';
    respond(f);
    assert_string_equal(f->out.mti, "0410");
    assert_fields(&f->out, CARD_OUT | APPROVED_OUT, "reversal");
    assert_true(ps_iso_value_is(&f->out, 60, "22000007000"));
    assert_true(ps_iso_value_is(&f->out, 39, "00"));
}

static void settlement(void **state)
{
    struct fx *f = *state;
    request(&f->req, TXN_SETTLEMENT, "0500", 201);
    strcpy(f->req.currency, "156");
    f->req.has_totals = 1;
    f->req.totals.domestic.debit_amount = 123456;
    f->req.totals.domestic.debit_count = 3;
    approval(&f->resp);
    f->resp.has_totals = 1;
    f->resp.totals = f->req.totals;
    f->resp.totals.domestic.result = PS_CUP_SETTLE_BALANCED;
    respond(f);
    assert_string_equal(f->out.mti, "0510");
    assert_fields(&f->out, COMMON_OUT | F(15) | F(48) | F(49) | F(64), "settlement");
    assert_true(ps_iso_value_is(&f->out, 48, "0000001234560030000000000000001"));
    assert_true(ps_iso_value_is(&f->out, 60, "00000007201"));
    assert_true(ps_iso_value_is(&f->out, 15, "1124"));
}

static void batch_upload(void **state)
{
    struct fx *f = *state;
    request(&f->req, TXN_BATCH_UPLOAD, "0320", 201);
    f->req.upload_count = 2;
    approval(&f->resp);
    respond(f);
    assert_string_equal(f->out.mti, "0330");
    assert_fields(&f->out, COMMON_OUT | F(64), "batch upload lines");
    assert_true(ps_iso_value_is(&f->out, 60, "00000007201"));

    request(&f->req, TXN_BATCH_UPLOAD, "0320", 202);
    f->req.upload_last = 1;
    f->req.upload_count = 17;
    respond(f);
    assert_fields(&f->out, COMMON_OUT | F(48) | F(64), "end of batch upload");
    assert_true(ps_iso_value_is(&f->out, 48, "0017"));
    assert_true(ps_iso_value_is(&f->out, 60, "00000007202"));
}

static void unknown_kind_and_bad_response(void **state)
{
    struct fx *f = *state;
    struct ps_reason why;
    request(&f->req, TXN_UNKNOWN, "0300", 0);
    approval(&f->resp);
    strcpy(f->resp.response_code, "30");
    respond(f);
    assert_string_equal(f->out.mti, "0310");
    assert_fields(&f->out, F(11) | F(12) | F(13) | F(39) | F(41) | F(42) | F(64), "unknown");

    f->resp.response_code[0] = '\0';
    assert_int_equal(txn_respond(&f->req, &f->resp, &f->out, &why), PS_EINVAL);
    assert_string_equal(why.text, "field 39: the response has no 2-character code");
}

/* --- timing ----------------------------------------------------------------------- */

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void purchase_message(struct ps_iso_msg *m)
{
    static const struct {
        int n;
        const char *v;
    } fields[] = {{2, PAN19},
                  {3, "000000"},
                  {4, "000000012345"},
                  {11, "000123"},
                  {14, "2812"},
                  {22, "021"},
                  {25, "00"},
                  {41, "20250001"},
                  {42, "898310048160001"},
                  {49, "156"},
                  {53, "2600000000000000"},
                  {60, "22000007000"}};
    ps_iso_init(m, &ps_iso_cup);
    assert_int_equal(ps_iso_set_mti(m, "0200", NULL), 0);
    for (size_t i = 0; i < PS_ARRAY_LEN(fields); i++)
        assert_int_equal(ps_iso_set_str(m, fields[i].n, fields[i].v, NULL), 0);
    assert_int_equal(ps_iso_set(m, 52, "\x01\x23\x45\x67\x89\xAB\xCD\xEF", 8, NULL), 0);
    assert_int_equal(ps_iso_set(m, 64, "\0\0\0\0\0\0\0\0", 8, NULL), 0);
}

static void timing_of_a_purchase(void **state)
{
    struct fx *f = *state;
    const int rounds = 200000;
    size_t len = 0;

    purchase_message(&f->out);
    assert_int_equal(ps_iso_pack(&f->out, f->wire, sizeof(f->wire), &len, 0, NULL), 0);
    assert_int_equal(ps_iso_unpack(&f->in, &ps_iso_cup, f->wire, len, 0, NULL), 0);
    approval(&f->resp);
    double start = seconds_now();
    for (int i = 0; i < rounds; i++) {
        assert_int_equal(txn_parse(&f->in, &f->req), 0);
        if (txn_respond(&f->req, &f->resp, &f->out, NULL) != 0)
            fail();
    }
    double per = (seconds_now() - start) / rounds * 1e9;
    assert_int_equal(f->req.kind, TXN_PURCHASE);
    print_message("txn_parse + txn_respond of a purchase: %.0f ns%s\n", per,
#if defined(__SANITIZE_ADDRESS__)
                  " (under ASan)"
#else
                  ""
#endif
    );
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sign_in, setup, teardown),
        cmocka_unit_test_setup_teardown(sign_off, setup, teardown),
        cmocka_unit_test_setup_teardown(balance_inquiry, setup, teardown),
        cmocka_unit_test_setup_teardown(purchase_approved_and_declined, setup, teardown),
        cmocka_unit_test_setup_teardown(qr_purchase, setup, teardown),
        cmocka_unit_test_setup_teardown(other_card_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(reversal, setup, teardown),
        cmocka_unit_test_setup_teardown(settlement, setup, teardown),
        cmocka_unit_test_setup_teardown(batch_upload, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_kind_and_bad_response, setup, teardown),
        cmocka_unit_test_setup_teardown(timing_of_a_purchase, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
