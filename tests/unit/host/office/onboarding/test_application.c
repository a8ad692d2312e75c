#include "testing.h"

#include <stdio.h>

#include "core/checks/luhn.h"
#include "host/office/onboarding/application.h"

#define TODAY 20261008u

/* Identifiers that pass their checks (check characters computed with the core's own
 * functions when these were written): */
#define USCC_ENTERPRISE "91350100M000100Y43" /* GB 32100's example: 91, an enterprise */
#define USCC_INDIVIDUAL "92440300MA5F00018X" /* 92: an individual business, Shenzhen */
#define USCC_SOCIAL_ORG "51110000MJ00000180" /* 51: a social organisation, Beijing */
#define ID_ADULT        "440305198506120031" /* born 1985-06-12 */
#define ID_MINOR        "440305201001010018" /* born 2010-01-01 */
#define CARD_19         "6222020000000000018"
#define CARD_16         "4111111111111111"
/* A corporate account of 19 digits, as some banks number them, whose last digit is
 * not a Luhn check digit. */
#define CORPORATE_19 "4000023009200181389"

static void set(struct office_application *app, const char *field, const char *value)
{
    struct office_problems problems;
    office_problems_clear(&problems);
    int rc = office_application_set(app, field, value, strlen(value), &problems);
    if (rc != 0)
        fail_msg("set %s: %s", field, problems.items[0].reason.text);
}

/* A complete individual business (个体工商户): a noodle shop in Shenzhen. */
static void good_individual(struct office_application *app)
{
    office_application_init(app);
    set(app, "legal_name", "深圳市南山区老王面馆");
    set(app, "uscc", USCC_INDIVIDUAL);
    set(app, "legal_person.name", "王小明");
    set(app, "legal_person.id_number", ID_ADULT);
    set(app, "contact_phone", "13800138000");
    set(app, "business_address", "广东省深圳市南山区科技园南路 18 号 101 铺");
    set(app, "mcc", "5812");
    set(app, "business_type", "individual_business");
    set(app, "settlement.account_kind", "personal");
    set(app, "settlement.account_name", "王小明");
    set(app, "settlement.bank_name", "中国工商银行深圳科技园支行");
    set(app, "settlement.account_number", CARD_19);
    set(app, "products", "card,qr");
    set(app, "fee_plan", "standard-0.60");
    set(app, "agent_id", "0");
    set(app, "channel", "paper");
}

/* A complete enterprise settling to its corporate account. */
static void good_enterprise(struct office_application *app)
{
    good_individual(app);
    set(app, "legal_name", "福州示例商贸有限公司");
    set(app, "uscc", USCC_ENTERPRISE);
    set(app, "business_type", "enterprise");
    set(app, "settlement.account_kind", "corporate");
    set(app, "settlement.account_name", "福州示例商贸有限公司");
    set(app, "settlement.account_number", CORPORATE_19);
    set(app, "contact_phone", "0591-87654321");
    set(app, "products", "qr");
    set(app, "agent_id", "42");
    set(app, "channel", "online");
}

static int check(const struct office_application *app, struct office_problems *errors,
                 struct office_problems *warnings)
{
    office_problems_clear(errors);
    if (warnings != NULL)
        office_problems_clear(warnings);
    return office_application_check(app, TODAY, errors, warnings);
}

static void assert_problem(const struct office_problem *p, const char *field, int code,
                           const char *reason)
{
    assert_string_equal(p->field, field);
    assert_string_equal(p->reason.text, reason);
    assert_int_equal(p->code, code);
}

/* Exactly one error, about field, saying reason. */
static void assert_one_error(const struct office_application *app, const char *field, int code,
                             const char *reason)
{
    struct office_problems errors;
    assert_int_equal(check(app, &errors, NULL), PS_EFORMAT);
    if (errors.count != 1)
        fail_msg("%s: %zu errors, the first %s: %s", field, errors.count, errors.items[0].field,
                 errors.items[0].reason.text);
    assert_problem(&errors.items[0], field, code, reason);
}

/* n copies of the UTF-8 character c. */
static const char *repeat(char *buf, size_t cap, const char *c, size_t n)
{
    size_t w = strlen(c), at = 0;
    assert_true(n * w < cap);
    for (size_t i = 0; i < n; i++, at += w)
        memcpy(buf + at, c, w);
    buf[at] = '\0';
    return buf;
}

/* ---- good applications ---------------------------------------------------------- */

static void a_complete_application_has_no_problems(void **state)
{
    (void)state;
    struct office_application app;
    struct office_problems errors, warnings;
    good_individual(&app);
    assert_int_equal(check(&app, &errors, &warnings), 0);
    assert_int_equal(errors.count, 0);
    assert_int_equal(warnings.count, 0);
    assert_int_equal(app.products, OFFICE_PRODUCT_CARD | OFFICE_PRODUCT_QR);
    assert_int_equal(app.business_type, OFFICE_BUSINESS_INDIVIDUAL);
    assert_int_equal(app.channel, OFFICE_CHANNEL_PAPER);

    good_enterprise(&app);
    assert_int_equal(check(&app, &errors, &warnings), 0);
    assert_int_equal(warnings.count, 0);
    assert_int_equal(app.agent_id, 42);
    /* warnings may be NULL */
    office_problems_clear(&errors);
    assert_int_equal(office_application_check(&app, TODAY, &errors, NULL), 0);
}

/* The reason a corporate account is not put through Luhn: this one has no check digit
 * (as many banks number them) and is a good account. */
static void a_corporate_account_is_not_a_card(void **state)
{
    (void)state;
    struct office_application app;
    struct office_problems errors;
    assert_int_equal(ps_luhn_validate(CORPORATE_19, 19, NULL), PS_ECHECK);
    good_enterprise(&app);
    assert_int_equal(check(&app, &errors, NULL), 0);
    set(&app, "settlement.account_number", "123456");
    assert_int_equal(check(&app, &errors, NULL), 0);
    set(&app, "settlement.account_number", "12345678901234567890123456789012");
    assert_int_equal(check(&app, &errors, NULL), 0);
    /* the same digits as a personal account are a mistyped card */
    set(&app, "settlement.account_kind", "personal");
    set(&app, "settlement.account_number", CORPORATE_19);
    assert_one_error(&app, "settlement.account_number", PS_ECHECK,
                     "settlement account number: check digit should be 6, not 9");
    set(&app, "settlement.account_number", CARD_16);
    set(&app, "business_type", "individual_business");
    set(&app, "uscc", USCC_INDIVIDUAL);
    set(&app, "settlement.account_name", "王小明");
    assert_int_equal(check(&app, &errors, NULL), 0);
}

static void text_limits_count_characters_within_bytes(void **state)
{
    (void)state;
    struct office_application app;
    struct office_problems errors;
    char buf[1024];
    good_individual(&app);
    /* 100 characters of 4 bytes each (U+20000, a CJK Extension B character) fill the
     * 400-byte buffer exactly */
    set(&app, "legal_name", repeat(buf, sizeof(buf), "\xF0\xA0\x80\x80", 100));
    assert_int_equal(check(&app, &errors, NULL), 0);
    set(&app, "legal_name", repeat(buf, sizeof(buf), "面", 100));
    assert_int_equal(check(&app, &errors, NULL), 0);
    set(&app, "legal_name", repeat(buf, sizeof(buf), "面", 101));
    assert_one_error(&app, "legal_name", PS_ETOOLONG, "legal name has 101 characters; at most 100");
    set(&app, "legal_name", repeat(buf, sizeof(buf), "a", 101));
    assert_one_error(&app, "legal_name", PS_ETOOLONG, "legal name has 101 characters; at most 100");
}

/* ---- every field's errors ------------------------------------------------------- */

static void an_empty_application_names_every_required_field(void **state)
{
    (void)state;
    struct office_application app;
    struct office_problems errors, warnings;
    static const struct {
        const char *field, *reason;
    } want[] = {
        {"legal_name", "legal name is required"},
        {"uscc", "USCC is required"},
        {"legal_person.name", "legal person's name is required"},
        {"legal_person.id_number", "legal person's ID number is required"},
        {"contact_phone", "contact phone is required"},
        {"business_address", "business address is required"},
        {"mcc", "MCC is required"},
        {"business_type", "business type is required: individual_business, enterprise or other"},
        {"settlement.account_kind", "settlement account kind is required: corporate or personal"},
        {"settlement.account_name", "settlement account name is required"},
        {"settlement.bank_name", "settlement bank name is required"},
        {"settlement.account_number", "settlement account number is required"},
        {"products", "requested products: at least one of card and qr is required"},
        {"fee_plan", "fee plan is required"},
        {"channel", "channel is required: paper or online"},
    };
    office_application_init(&app);
    assert_int_equal(check(&app, &errors, &warnings), PS_EFORMAT);
    assert_int_equal(errors.count, PS_ARRAY_LEN(want));
    for (size_t i = 0; i < PS_ARRAY_LEN(want); i++)
        assert_problem(&errors.items[i], want[i].field, PS_EFORMAT, want[i].reason);
    assert_int_equal(warnings.count, 0);
}

static void names_each_field_error(void **state)
{
    (void)state;
    char long_text[1024];
    static const struct {
        const char *field, *value;
        int code;
        const char *reason;
    } cases[] = {
        {"legal_name", " 老王面馆", PS_EFORMAT, "legal name starts with a blank"},
        {"legal_name", "老王面馆\xE3\x80\x80", PS_EFORMAT, "legal name ends with a blank"},
        {"legal_name", "老王\x01面馆", PS_EFORMAT,
         "legal name has the control character U+0001 at byte 7"},
        {"legal_name", "老王\xC2\x85面馆", PS_EFORMAT,
         "legal name has the control character U+0085 at byte 7"},
        {"legal_name", "老王\xFF面馆", PS_EFORMAT, "legal name is not UTF-8 at byte 7"},
        {"legal_name", "老王\xE9\x9D", PS_EFORMAT, "legal name is not UTF-8 at byte 7"},
        {"uscc", "91350100M000100Y44", PS_ECHECK, "USCC: check character should be 3, not 4"},
        {"uscc", "9135010", PS_EFORMAT, "USCC: a credit code has 18 characters, not 7"},
        {"uscc", "91350100M000100Y53", PS_ECHECK,
         "USCC: organisation code M000100Y-5 (positions 9-17): check character should be 4, "
         "not 5"},
        {"legal_person.name", "王\n小明", PS_EFORMAT,
         "legal person's name has the control character U+000A at byte 4"},
        {"legal_person.id_number", "440305198506120032", PS_ECHECK,
         "legal person's ID number: check character should be 1, not 2"},
        {"legal_person.id_number", "44030519850612003", PS_EFORMAT,
         "legal person's ID number: an identity number has 18 characters, not 17"},
        {"legal_person.id_number", "440305203001010017", PS_EFORMAT,
         "legal person's ID number: birth date 20300101 is in the future (today is 20261008)"},
        {"contact_phone", "1380013800", PS_EFORMAT,
         "contact phone: a mobile number has 11 digits, not 10"},
        {"contact_phone", "01012345678", PS_EFORMAT,
         "contact phone: write a landline as area code, '-', number: 010-12345678"},
        {"business_address", "科技园\t南路", PS_EFORMAT,
         "business address has the control character U+0009 at byte 10"},
        {"mcc", "0000", PS_EFORMAT, "MCC: 0000 is not a merchant category code"},
        {"mcc", "58a2", PS_EFORMAT, "MCC: character 'a' at position 3 is not a digit"},
        {"settlement.account_name", "王小明 ", PS_EFORMAT,
         "settlement account name ends with a blank"},
        {"settlement.bank_name", "\xE3\x80\x80工商银行", PS_EFORMAT,
         "settlement bank name starts with a blank"},
        {"settlement.account_number", "6222020000000000010", PS_ECHECK,
         "settlement account number: check digit should be 8, not 0"},
        {"settlement.account_number", "622202000000001", PS_EFORMAT,
         "settlement account number: a personal account is a bank card of 16 to 19 digits, "
         "not 15"},
        {"settlement.account_number", "62220200000000000180", PS_EFORMAT,
         "settlement account number: a personal account is a bank card of 16 to 19 digits, "
         "not 20"},
        {"settlement.account_number", "6222 0200 0000 0000 018", PS_EFORMAT,
         "settlement account number: character ' ' at position 5 is not a digit"},
        {"fee_plan", "standard\x7f", PS_EFORMAT,
         "fee plan has the control character U+007F at byte 9"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct office_application app;
        good_individual(&app);
        set(&app, cases[i].field, cases[i].value);
        assert_one_error(&app, cases[i].field, cases[i].code, cases[i].reason);
    }

    /* lengths in characters */
    static const struct {
        const char *field;
        size_t chars;
        const char *reason;
    } lengths[] = {
        {"legal_person.name", 51, "legal person's name has 51 characters; at most 50"},
        {"business_address", 201, "business address has 201 characters; at most 200"},
        {"settlement.account_name", 101, "settlement account name has 101 characters; at most 100"},
        {"settlement.bank_name", 101, "settlement bank name has 101 characters; at most 100"},
        {"fee_plan", 33, "fee plan has 33 characters; at most 32"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(lengths); i++) {
        struct office_application app;
        good_individual(&app);
        set(&app, lengths[i].field, repeat(long_text, sizeof(long_text), "费", lengths[i].chars));
        assert_one_error(&app, lengths[i].field, PS_ETOOLONG, lengths[i].reason);
        set(&app, lengths[i].field,
            repeat(long_text, sizeof(long_text), "费", lengths[i].chars - 1));
        if (strcmp(lengths[i].field, "settlement.account_name") != 0) {
            struct office_problems errors;
            assert_int_equal(check(&app, &errors, NULL), 0);
        }
    }
}

static void corporate_account_numbers_are_digits_of_a_bounded_length(void **state)
{
    (void)state;
    struct office_application app;
    good_enterprise(&app);
    set(&app, "settlement.account_number", "40000230092AB");
    assert_one_error(&app, "settlement.account_number", PS_EFORMAT,
                     "settlement account number: character 'A' at position 12 is not a digit");
    set(&app, "settlement.account_number", "12345");
    assert_one_error(&app, "settlement.account_number", PS_EFORMAT,
                     "settlement account number: an account number has 6 to 32 digits, not 5");
    /* without a kind, the number is still checked as far as it can be */
    app.settlement.kind = 0;
    struct office_problems errors;
    assert_int_equal(check(&app, &errors, NULL), PS_EFORMAT);
    assert_int_equal(errors.count, 2);
    assert_problem(&errors.items[0], "settlement.account_kind", PS_EFORMAT,
                   "settlement account kind is required: corporate or personal");
    assert_problem(&errors.items[1], "settlement.account_number", PS_EFORMAT,
                   "settlement account number: an account number has 6 to 32 digits, not 5");
}

static void values_outside_the_enums_are_named(void **state)
{
    (void)state;
    struct office_application app;
    good_individual(&app);
    app.business_type = (enum office_business_type)9;
    assert_one_error(&app, "business_type", PS_EUNDEFINED, "business type 9 is not defined");
    good_individual(&app);
    app.settlement.kind = (enum office_account_kind)3;
    assert_one_error(&app, "settlement.account_kind", PS_EUNDEFINED,
                     "settlement account kind 3 is not defined");
    good_individual(&app);
    app.channel = (enum office_channel) - 1;
    assert_one_error(&app, "channel", PS_EUNDEFINED, "channel -1 is not defined");
    good_individual(&app);
    app.products = OFFICE_PRODUCT_CARD | 4u;
    assert_one_error(&app, "products", PS_EUNDEFINED,
                     "requested products: flag 0x4 is not a product");
    good_individual(&app);
    app.agent_id = -1;
    assert_one_error(&app, "agent_id", PS_EFORMAT, "agent id -1 is negative; 0 means no agent");
}

static void every_problem_at_once(void **state)
{
    (void)state;
    struct office_application app;
    struct office_problems errors;
    good_individual(&app);
    set(&app, "uscc", "91350100M000100Y44");
    set(&app, "legal_person.id_number", "440305198506120032");
    set(&app, "mcc", "0000");
    set(&app, "settlement.account_number", "6222020000000000010");
    set(&app, "fee_plan", "");
    app.agent_id = -7;
    assert_int_equal(check(&app, &errors, NULL), PS_EFORMAT);
    assert_int_equal(errors.count, 6);
    assert_string_equal(errors.items[0].field, "uscc");
    assert_string_equal(errors.items[1].field, "legal_person.id_number");
    assert_string_equal(errors.items[2].field, "mcc");
    assert_string_equal(errors.items[3].field, "settlement.account_number");
    assert_string_equal(errors.items[4].field, "fee_plan");
    assert_string_equal(errors.items[5].field, "agent_id");
    assert_non_null(office_problems_find(&errors, "mcc"));
    assert_null(office_problems_find(&errors, "legal_name"));
}

/* A buffer the setter would never leave without a NUL, written directly. */
static void an_unterminated_buffer_is_named_not_read_past(void **state)
{
    (void)state;
    struct office_application app;
    good_individual(&app);
    memset(app.uscc, '9', sizeof(app.uscc));
    memset(app.fee_plan, 'x', sizeof(app.fee_plan));
    struct office_problems errors;
    assert_int_equal(check(&app, &errors, NULL), PS_EFORMAT);
    assert_int_equal(errors.count, 2);
    assert_problem(&errors.items[0], "uscc", PS_ETOOLONG, "USCC is not terminated within 33 bytes");
    assert_problem(&errors.items[1], "fee_plan", PS_ETOOLONG,
                   "fee plan is not terminated within 129 bytes");
}

static void refuses_a_today_that_is_not_a_date(void **state)
{
    (void)state;
    struct office_application app;
    struct office_problems errors;
    good_individual(&app);
    office_problems_clear(&errors);
    assert_int_equal(office_application_check(&app, 20261032, &errors, NULL), PS_EINVAL);
    assert_int_equal(errors.count, 1);
    assert_problem(&errors.items[0], "today", PS_EINVAL,
                   "today 20261032 is not a real date from 19000101 to 99991231");
    office_problems_clear(&errors);
    assert_int_equal(office_application_check(&app, 18991231, &errors, NULL), PS_EINVAL);
}

/* ---- warnings ------------------------------------------------------------------- */

static void warns_without_stopping(void **state)
{
    (void)state;
    struct office_application app;
    struct office_problems errors, warnings;

    /* an individual business paid into someone else's account */
    good_individual(&app);
    set(&app, "settlement.account_name", "李四");
    assert_int_equal(check(&app, &errors, &warnings), 0);
    assert_int_equal(warnings.count, 1);
    assert_problem(&warnings.items[0], "settlement.account_name", PS_EFORMAT,
                   "settlement account name is neither the legal person's name nor the legal "
                   "name; ask for proof that the account belongs to the business");
    /* the shop's registered name is fine too */
    set(&app, "settlement.account_name", "深圳市南山区老王面馆");
    assert_int_equal(check(&app, &errors, &warnings), 0);
    assert_int_equal(warnings.count, 0);

    /* an enterprise paid to a card */
    good_enterprise(&app);
    set(&app, "settlement.account_kind", "personal");
    set(&app, "settlement.account_number", CARD_19);
    assert_int_equal(check(&app, &errors, &warnings), 0);
    assert_int_equal(warnings.count, 1);
    assert_problem(&warnings.items[0], "settlement.account_kind", PS_EFORMAT,
                   "an enterprise settling to a personal account needs the legal person's "
                   "written authorisation");

    /* the USCC says another kind of business */
    good_individual(&app);
    set(&app, "uscc", USCC_ENTERPRISE);
    assert_int_equal(check(&app, &errors, &warnings), 0);
    assert_int_equal(warnings.count, 1);
    assert_problem(&warnings.items[0], "business_type", PS_EFORMAT,
                   "business type is individual_business, but the USCC's category 91 is "
                   "enterprise");
    good_enterprise(&app);
    set(&app, "uscc", USCC_SOCIAL_ORG);
    assert_int_equal(check(&app, &errors, &warnings), 0);
    assert_int_equal(warnings.count, 1);
    assert_string_equal(warnings.items[0].field, "business_type");
    set(&app, "business_type", "other");
    assert_int_equal(check(&app, &errors, &warnings), 0);
    assert_int_equal(warnings.count, 0);

    /* a legal person under 18 */
    good_individual(&app);
    set(&app, "legal_person.id_number", ID_MINOR);
    assert_int_equal(check(&app, &errors, &warnings), 0);
    assert_int_equal(warnings.count, 1);
    assert_problem(&warnings.items[0], "legal_person.id_number", PS_EFORMAT,
                   "the legal person, born 2010-01-01, is under 18");
    office_problems_clear(&errors);
    office_problems_clear(&warnings);
    assert_int_equal(office_application_check(&app, 20280101, &errors, &warnings), 0);
    assert_int_equal(warnings.count, 0); /* 18 on the day */
}

static void no_warning_about_a_field_in_error(void **state)
{
    (void)state;
    struct office_application app;
    struct office_problems errors, warnings;
    good_individual(&app);
    set(&app, "settlement.account_name", "李四 ");
    set(&app, "uscc", "91350100M000100Y44");
    assert_int_equal(check(&app, &errors, &warnings), PS_EFORMAT);
    assert_int_equal(errors.count, 2);
    assert_int_equal(warnings.count, 0);
}

/* ---- setting fields by their API names ----------------------------------------- */

static void set_copies_and_reads_names(void **state)
{
    (void)state;
    struct office_application app;
    struct office_problems problems;
    office_application_init(&app);
    office_problems_clear(&problems);
    assert_int_equal(office_application_set(&app, "uscc", USCC_ENTERPRISE "tail", 18, &problems),
                     0);
    assert_string_equal(app.uscc, USCC_ENTERPRISE);
    assert_int_equal(office_application_set(&app, "products", "qr,card,qr", 10, NULL), 0);
    assert_int_equal(app.products, OFFICE_PRODUCTS_ALL);
    assert_int_equal(office_application_set(&app, "products", "", 0, NULL), 0);
    assert_int_equal(app.products, 0);
    assert_int_equal(office_application_set(&app, "agent_id", "123456789012345678", 18, NULL), 0);
    assert_int_equal(app.agent_id, INT64_C(123456789012345678));
    assert_int_equal(office_application_set(&app, "agent_id", "", 0, NULL), 0);
    assert_int_equal(app.agent_id, 0);
    assert_int_equal(office_application_set(&app, "settlement.account_kind", "corporate", 9, NULL),
                     0);
    assert_int_equal(app.settlement.kind, OFFICE_ACCOUNT_CORPORATE);
    assert_int_equal(office_application_set(&app, "channel", "online", 6, NULL), 0);
    assert_int_equal(app.channel, OFFICE_CHANNEL_ONLINE);
    assert_int_equal(problems.count, 0);
}

static void set_names_what_it_cannot_store(void **state)
{
    (void)state;
    struct office_application app;
    struct office_problems problems;
    char big[OFFICE_TEXT_BYTES(OFFICE_LEGAL_NAME_CHARS) + 2];
    good_individual(&app);
    office_problems_clear(&problems);

    memset(big, 'a', sizeof(big));
    assert_int_equal(office_application_set(&app, "legal_name", big, sizeof(big) - 1, &problems),
                     PS_ETOOLONG);
    assert_int_equal(office_application_set(&app, "uscc", big, 33, &problems), PS_ETOOLONG);
    assert_int_equal(office_application_set(&app, "legal_name", "ab\0cd", 5, &problems),
                     PS_EFORMAT);
    assert_int_equal(office_application_set(&app, "lgeal_name", "x", 1, &problems), PS_EUNDEFINED);
    assert_int_equal(office_application_set(&app, "business_type", "corp", 4, &problems),
                     PS_EUNDEFINED);
    assert_int_equal(office_application_set(&app, "settlement.account_kind", "", 0, &problems),
                     PS_EUNDEFINED);
    assert_int_equal(office_application_set(&app, "channel", "Paper", 5, &problems), PS_EUNDEFINED);
    assert_int_equal(office_application_set(&app, "products", "card,nfc", 8, &problems),
                     PS_EUNDEFINED);
    assert_int_equal(office_application_set(&app, "products", "card,", 5, &problems),
                     PS_EUNDEFINED);
    assert_int_equal(office_application_set(&app, "agent_id", "-5", 2, &problems), PS_EFORMAT);
    assert_int_equal(office_application_set(&app, "agent_id", "1234567890123456789", 19, &problems),
                     PS_EFORMAT);
    assert_int_equal(problems.count, 11);
    assert_problem(&problems.items[0], "legal_name", PS_ETOOLONG,
                   "legal name has 401 bytes; at most 400");
    assert_problem(&problems.items[1], "uscc", PS_ETOOLONG, "USCC has 33 bytes; at most 32");
    assert_problem(&problems.items[2], "legal_name", PS_EFORMAT,
                   "legal name has a NUL byte at byte 3");
    assert_problem(&problems.items[3], "lgeal_name", PS_EUNDEFINED,
                   "\"lgeal_name\" is not a field of an application");
    assert_problem(&problems.items[4], "business_type", PS_EUNDEFINED,
                   "business type: \"corp\" is not a business type (individual_business, "
                   "enterprise or other)");
    assert_problem(&problems.items[5], "settlement.account_kind", PS_EUNDEFINED,
                   "settlement account kind: an empty name is not a kind of settlement account "
                   "(corporate or personal)");
    assert_problem(&problems.items[6], "channel", PS_EUNDEFINED,
                   "channel: \"Paper\" is not a channel (paper or online)");
    assert_problem(&problems.items[7], "products", PS_EUNDEFINED,
                   "requested products: \"nfc\" is not a product (card or qr)");
    assert_problem(&problems.items[8], "products", PS_EUNDEFINED,
                   "requested products: an empty name is not a product (card or qr)");
    assert_problem(&problems.items[9], "agent_id", PS_EFORMAT,
                   "agent id: \"-5\" is not an id: up to 18 digits, 0 for none");
    assert_problem(&problems.items[10], "agent_id", PS_EFORMAT,
                   "agent id: \"1234567890123456789\" is not an id: up to 18 digits, 0 for none");

    /* nothing was changed */
    struct office_application before;
    good_individual(&before);
    assert_memory_equal(&app, &before, sizeof(app));

    /* the API's flow: what set refused is named once, check adds the rest */
    office_application_init(&app);
    office_problems_clear(&problems);
    office_application_set(&app, "business_type", "corp", 4, &problems);
    assert_int_equal(office_application_check(&app, TODAY, &problems, NULL), PS_EFORMAT);
    assert_int_equal(problems.count, 15);
    assert_problem(&problems.items[0], "business_type", PS_EUNDEFINED,
                   "business type: \"corp\" is not a business type (individual_business, "
                   "enterprise or other)");
    size_t named = 0;
    for (size_t i = 0; i < problems.count; i++)
        named += strcmp(problems.items[i].field, "business_type") == 0;
    assert_int_equal(named, 1);
}

static void knows_the_fields_a_return_may_name(void **state)
{
    (void)state;
    struct ps_reason why;
    static const char *const names[] = {
        "legal_name",
        "uscc",
        "legal_person.name",
        "legal_person.id_number",
        "contact_phone",
        "business_address",
        "mcc",
        "business_type",
        "settlement.account_kind",
        "settlement.account_name",
        "settlement.bank_name",
        "settlement.account_number",
        "products",
        "fee_plan",
        "agent_id",
        "channel",
        "documents.business_licence",
        "documents.id_front",
        "documents.id_back",
        "documents.shop_photos",
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(names); i++)
        assert_int_equal(office_application_field_check(names[i], strlen(names[i]), &why), 0);
    assert_int_equal(office_application_field_check("documents", 9, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "\"documents\" is not a field of an application");
    assert_int_equal(office_application_field_check("uscc2", 4, NULL), 0); /* reads len only */
    assert_int_equal(office_application_field_check("", 0, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "\"\" is not a field of an application");
}

static void names_round_trip(void **state)
{
    (void)state;
    struct ps_reason why;
    for (int v = OFFICE_BUSINESS_INDIVIDUAL; v <= OFFICE_BUSINESS_OTHER; v++) {
        enum office_business_type t;
        const char *name = office_business_type_name((enum office_business_type)v);
        assert_non_null(name);
        assert_int_equal(office_business_type_from_name(name, strlen(name), &t, NULL), 0);
        assert_int_equal(t, v);
    }
    for (int v = OFFICE_ACCOUNT_CORPORATE; v <= OFFICE_ACCOUNT_PERSONAL; v++) {
        enum office_account_kind k;
        const char *name = office_account_kind_name((enum office_account_kind)v);
        assert_int_equal(office_account_kind_from_name(name, strlen(name), &k, NULL), 0);
        assert_int_equal(k, v);
    }
    for (int v = OFFICE_CHANNEL_PAPER; v <= OFFICE_CHANNEL_ONLINE; v++) {
        enum office_channel c;
        const char *name = office_channel_name((enum office_channel)v);
        assert_int_equal(office_channel_from_name(name, strlen(name), &c, NULL), 0);
        assert_int_equal(c, v);
    }
    unsigned p;
    assert_int_equal(office_product_from_name("qr", 2, &p, NULL), 0);
    assert_int_equal(p, OFFICE_PRODUCT_QR);
    assert_string_equal(office_product_name(OFFICE_PRODUCT_CARD), "card");
    assert_null(office_product_name(OFFICE_PRODUCTS_ALL));
    assert_null(office_product_name(0));
    assert_null(office_product_name(UINT32_MAX));
    assert_string_equal(office_business_type_name(OFFICE_BUSINESS_INDIVIDUAL),
                        "individual_business");
    assert_null(office_business_type_name((enum office_business_type)0));
    assert_null(office_business_type_name((enum office_business_type)4));
    assert_null(office_channel_name((enum office_channel) - 1));
    enum office_business_type t = OFFICE_BUSINESS_OTHER;
    assert_int_equal(office_business_type_from_name("Enterprise", 10, &t, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "\"Enterprise\" is not a business type (individual_business, "
                                  "enterprise or other)");
    assert_int_equal(t, OFFICE_BUSINESS_OTHER);
    assert_int_equal(office_business_type_from_name("enterprise\"x", 12, &t, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "\"enterprise\\x22x\" is not a business type "
                                  "(individual_business, enterprise or other)");
}

static void the_problem_list_is_bounded(void **state)
{
    (void)state;
    struct office_problems list;
    office_problems_clear(&list);
    for (int i = 0; i < OFFICE_PROBLEMS_MAX + 5; i++)
        assert_int_equal(office_problem_add(&list, "f", PS_EFORMAT, "problem %d", i), PS_EFORMAT);
    assert_int_equal(list.count, OFFICE_PROBLEMS_MAX);
    assert_int_equal(list.dropped, 5);
    assert_string_equal(list.items[OFFICE_PROBLEMS_MAX - 1].reason.text, "problem 31");
    char longname[100];
    memset(longname, 'n', sizeof(longname) - 1);
    longname[99] = '\0';
    office_problems_clear(&list);
    office_problem_add(&list, longname, PS_EFORMAT, "x");
    assert_int_equal(strlen(list.items[0].field), OFFICE_FIELD_NAME_MAX - 1);

    /* a check whose list is already full still says there were errors */
    struct office_application app;
    good_individual(&app);
    office_problems_clear(&list);
    for (int i = 0; i < OFFICE_PROBLEMS_MAX; i++)
        office_problem_add(&list, "other", PS_EFORMAT, "x");
    set(&app, "mcc", "0000");
    assert_int_equal(office_application_check(&app, TODAY, &list, NULL), PS_EFORMAT);
    assert_int_equal(list.dropped, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_complete_application_has_no_problems),
        cmocka_unit_test(a_corporate_account_is_not_a_card),
        cmocka_unit_test(text_limits_count_characters_within_bytes),
        cmocka_unit_test(an_empty_application_names_every_required_field),
        cmocka_unit_test(names_each_field_error),
        cmocka_unit_test(corporate_account_numbers_are_digits_of_a_bounded_length),
        cmocka_unit_test(values_outside_the_enums_are_named),
        cmocka_unit_test(every_problem_at_once),
        cmocka_unit_test(an_unterminated_buffer_is_named_not_read_past),
        cmocka_unit_test(refuses_a_today_that_is_not_a_date),
        cmocka_unit_test(warns_without_stopping),
        cmocka_unit_test(no_warning_about_a_field_in_error),
        cmocka_unit_test(set_copies_and_reads_names),
        cmocka_unit_test(set_names_what_it_cannot_store),
        cmocka_unit_test(knows_the_fields_a_return_may_name),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(the_problem_list_is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
