/* journal: append and read back, lookups and listings, append-only, and the anchor
 * kept beside the database. */
#include "testing.h"

#include <stdio.h>

#include "pos/db/db.h"
#include "pos/journal/audit.h"
#include "pos/journal/journal.h"

#define T0    1700000000
#define LINK1 "117B18C3964C12893E685E9BC6215DA46D1EBCDA7E0C718636389E016AA7A903"

struct fixture {
    char dir[64], db_path[96], anchor[96];
    sqlite3 *db;
    struct pos_journal *j;
};

static void open_journal(struct fixture *f)
{
    struct ps_reason why = {{0}};
    assert_int_equal(pos_db_open(f->db_path, &f->db, &why), 0);
    assert_int_equal(pos_journal_open(f->db, f->anchor, &f->j, &why), 0);
}

static void close_journal(struct fixture *f)
{
    pos_journal_close(f->j);
    pos_db_close(f->db);
    f->j = NULL;
    f->db = NULL;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    snprintf(f->dir, sizeof(f->dir), "/tmp/possum-journal-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db_path, sizeof(f->db_path), "%s/pos.db", f->dir);
    snprintf(f->anchor, sizeof(f->anchor), "%s/journal.anchor", f->dir);
    open_journal(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    static const char *const names[] = {"pos.db", "pos.db-wal", "pos.db-shm", "journal.anchor",
                                        "journal.anchor.tmp"};
    char path[128];
    close_journal(f);
    for (size_t i = 0; i < PS_ARRAY_LEN(names); i++) {
        snprintf(path, sizeof(path), "%s/%s", f->dir, names[i]);
        unlink(path);
    }
    assert_int_equal(rmdir(f->dir), 0);
    free(f);
    return 0;
}

/* Appends one record and returns its seq. */
static int64_t add(struct pos_journal *j, int64_t at, enum pos_journal_kind kind, int64_t amount,
                   const char *reference, int64_t refers_to, const char *body)
{
    struct pos_journal_record r = {
        .at = at,
        .kind = kind,
        .operator_no = "01",
        .amount = amount,
        .result = POS_JOURNAL_APPROVED,
        .reference = reference,
        .refers_to = refers_to,
        .body = body,
    };
    struct ps_reason why = {{0}};
    int rc = pos_journal_append(j, &r, &why);
    if (rc != 0)
        print_error("append: %s\n", why.text);
    assert_int_equal(rc, 0);
    return r.seq;
}

static void read_file(const char *path, char *buf, size_t cap)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, cap - 1, fp);
    buf[n] = '\0';
    fclose(fp);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void append_then_get(void **state)
{
    struct fixture *f = *state;
    struct pos_journal_record r = {
        .at = T0,
        .kind = POS_JOURNAL_SALE,
        .operator_no = "01",
        .amount = 1250,
        .result = POS_JOURNAL_APPROVED,
        .reference = "000000000017",
        .body = "{\"total\":1250}",
    };
    struct ps_reason why = {{0}};

    assert_int_equal(pos_journal_append(f->j, &r, &why), 0);
    assert_int_equal(r.seq, 1);
    assert_hex_equal(r.link, sizeof(r.link), LINK1); /* the vector of test_record.c */
    assert_int_equal(add(f->j, T0 + 5, POS_JOURNAL_CASH_SALE, 800, "R0002", 0, "{}"), 2);
    assert_int_equal(add(f->j, T0 + 9, POS_JOURNAL_SIGN_IN, 0, NULL, 0, NULL), 3);

    struct pos_journal_record got;
    assert_int_equal(pos_journal_get(f->j, 1, &got, &why), 0);
    assert_int_equal(got.seq, 1);
    assert_int_equal(got.at, T0);
    assert_int_equal(got.kind, POS_JOURNAL_SALE);
    assert_string_equal(got.operator_no, "01");
    assert_int_equal(got.amount, 1250);
    assert_int_equal(got.result, POS_JOURNAL_APPROVED);
    assert_string_equal(got.reference, "000000000017");
    assert_int_equal(got.refers_to, 0);
    assert_string_equal(got.body, "{\"total\":1250}");
    assert_hex_equal(got.link, sizeof(got.link), LINK1);
    assert_int_equal(pos_journal_get(f->j, 3, &got, &why), 0);
    assert_string_equal(got.reference, "");
    assert_string_equal(got.body, "");
    assert_int_equal(pos_journal_get(f->j, 4, &got, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "no record 4");
}

static void a_later_record_refers_to_an_earlier_one(void **state)
{
    struct fixture *f = *state;
    struct pos_journal_record got, r;
    struct ps_reason why = {{0}};

    int64_t sale = add(f->j, T0, POS_JOURNAL_SALE, 1250, "000000000017", 0, "{}");
    add(f->j, T0 + 1, POS_JOURNAL_SALE, 300, "000000000018", 0, "{}");
    /* the reversal of the first: a new record, the original untouched */
    r = (struct pos_journal_record){.at = T0 + 2,
                                    .kind = POS_JOURNAL_REVERSAL,
                                    .operator_no = "01",
                                    .amount = 1250,
                                    .result = POS_JOURNAL_REVERSED,
                                    .reference = "000000000017",
                                    .refers_to = sale};
    assert_int_equal(pos_journal_append(f->j, &r, &why), 0);

    assert_int_equal(pos_journal_find_reference(f->j, "000000000017", &got, &why), 0);
    assert_int_equal(got.seq, sale); /* the original comes first */
    assert_int_equal(got.result, POS_JOURNAL_APPROVED);
    assert_int_equal(pos_journal_find_reference(f->j, "999", &got, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "no record with reference 999");

    /* a record about one that does not exist yet is refused */
    r.refers_to = 9;
    assert_int_equal(pos_journal_append(f->j, &r, &why), PS_EINVAL);
    assert_string_equal(why.text, "refers_to: there is no record 9");
    assert_int_equal(r.seq, 0);
    assert_int_equal(pos_journal_get(f->j, 4, &got, &why), PS_EUNDEFINED);
}

struct tally {
    int n;
    int64_t seqs[16];
    int stop_after;
};

static int count(const struct pos_journal_record *r, void *ctx)
{
    struct tally *t = ctx;
    t->seqs[t->n++] = r->seq;
    return t->stop_after != 0 && t->n == t->stop_after ? 42 : 0;
}

static void list_by_time_kind_reference_and_subject(void **state)
{
    struct fixture *f = *state;
    struct pos_journal_filter q;
    struct tally t;
    struct ps_reason why = {{0}};

    add(f->j, T0, POS_JOURNAL_SIGN_IN, 0, NULL, 0, NULL);            /* 1 */
    add(f->j, T0 + 60, POS_JOURNAL_SALE, 100, "A", 0, "{}");         /* 2 */
    add(f->j, T0 + 120, POS_JOURNAL_SALE, 200, "B", 0, "{}");        /* 3 */
    add(f->j, T0 + 180, POS_JOURNAL_VOID, 100, "A", 2, "{}");        /* 4 */
    add(f->j, T0 + 240, POS_JOURNAL_SETTLEMENT, 200, NULL, 0, "{}"); /* 5 */

#define LIST(...)                                                                                  \
    do {                                                                                           \
        memset(&t, 0, sizeof(t));                                                                  \
        assert_int_equal(pos_journal_list(f->j, &q, count, &t, &why), 0);                          \
        int64_t want_[] = {__VA_ARGS__};                                                           \
        assert_int_equal(t.n, PS_ARRAY_LEN(want_));                                                \
        for (size_t i_ = 0; i_ < PS_ARRAY_LEN(want_); i_++)                                        \
            assert_int_equal(t.seqs[i_], want_[i_]);                                               \
    } while (0)
    pos_journal_filter_init(&q);
    LIST(1, 2, 3, 4, 5);
    q.from = T0 + 60;
    q.to = T0 + 180; /* to is exclusive */
    LIST(2, 3);
    pos_journal_filter_init(&q);
    q.kind = POS_JOURNAL_SALE;
    LIST(2, 3);
    q.from = T0 + 100;
    LIST(3);
    pos_journal_filter_init(&q);
    q.reference = "A";
    LIST(2, 4);
    pos_journal_filter_init(&q);
    q.refers_to = 2;
    LIST(4);
#undef LIST
    /* the visitor stops the listing */
    pos_journal_filter_init(&q);
    memset(&t, 0, sizeof(t));
    t.stop_after = 2;
    assert_int_equal(pos_journal_list(f->j, &q, count, &t, &why), 42);
    assert_int_equal(t.n, 2);
    q.kind = (enum pos_journal_kind)77;
    assert_int_equal(pos_journal_list(f->j, &q, count, &t, &why), PS_EINVAL);
}

static void append_refuses_bad_records_and_an_open_transaction(void **state)
{
    struct fixture *f = *state;
    struct pos_journal_record r = {.at = T0, .kind = POS_JOURNAL_SALE, .result = 9};
    struct pos_journal_record got;
    struct ps_reason why = {{0}};

    assert_int_equal(pos_journal_append(f->j, &r, &why), PS_EINVAL);
    assert_string_equal(why.text, "result: 9 is not defined");
    r.result = POS_JOURNAL_PENDING;
    assert_int_equal(pos_db_exec(f->db, "BEGIN", &why), 0);
    assert_int_equal(pos_journal_append(f->j, &r, &why), PS_EINVAL);
    assert_string_equal(why.text, "journal: append runs its own transaction; call it outside one");
    assert_int_equal(pos_db_exec(f->db, "ROLLBACK", &why), 0);
    assert_int_equal(pos_journal_append(f->j, &r, &why), 0);
    assert_int_equal(r.seq, 1);
    assert_int_equal(pos_journal_get(f->j, 1, &got, &why), 0);
    assert_int_equal(got.result, POS_JOURNAL_PENDING);
    assert_string_equal(got.operator_no, "");
}

static void records_are_never_changed_in_place(void **state)
{
    struct fixture *f = *state;
    struct ps_reason why = {{0}};

    add(f->j, T0, POS_JOURNAL_SALE, 1250, "X", 0, "{}");
    assert_int_equal(pos_db_exec(f->db, "UPDATE journal SET result = 'reversed'", &why), PS_EIO);
    assert_non_null(strstr(why.text, "journal records are never changed"));
    assert_int_equal(pos_db_exec(f->db, "DELETE FROM journal", &why), PS_EIO);
    assert_non_null(strstr(why.text, "journal records are never deleted"));
}

static void the_anchor_follows_every_append(void **state)
{
    struct fixture *f = *state;
    char text[256], want[256], hex[65];
    struct pos_journal_record got;
    struct ps_reason why = {{0}};

    read_file(f->anchor, text, sizeof(text));
    assert_string_equal(text, "possum-journal-anchor 1 0 "
                              "0000000000000000000000000000000000000000000000000000000000000000\n");
    add(f->j, T0, POS_JOURNAL_SALE, 1, "a", 0, "{}");
    add(f->j, T0, POS_JOURNAL_SALE, 2, "b", 0, "{}");
    assert_int_equal(pos_journal_get(f->j, 2, &got, &why), 0);
    ps_hex_encode(got.link, sizeof(got.link), hex);
    snprintf(want, sizeof(want), "possum-journal-anchor 1 2 %s\n", hex);
    read_file(f->anchor, text, sizeof(text));
    assert_string_equal(text, want);

    /* after a restart the journal goes on where it stopped */
    close_journal(f);
    open_journal(f);
    assert_int_equal(add(f->j, T0, POS_JOURNAL_SALE, 3, "c", 0, "{}"), 3);
    struct pos_journal_report rep;
    assert_int_equal(pos_journal_verify(f->j, &rep, &why), 0);
    assert_int_equal(rep.checked, 3);
}

static void a_stop_between_commit_and_anchor_is_repaired(void **state)
{
    struct fixture *f = *state;
    char after_first[256];
    struct pos_journal_report rep;
    struct ps_reason why = {{0}};

    add(f->j, T0, POS_JOURNAL_SALE, 1, "a", 0, "{}");
    read_file(f->anchor, after_first, sizeof(after_first));
    add(f->j, T0, POS_JOURNAL_SALE, 2, "b", 0, "{}");
    close_journal(f);
    /* as if the power went after record 2's commit, before its anchor */
    write_file(f->anchor, after_first);
    open_journal(f);
    assert_int_equal(pos_journal_verify(f->j, &rep, &why), 0);
    assert_int_equal(rep.anchor.seq, 2);
    assert_int_equal(add(f->j, T0, POS_JOURNAL_SALE, 3, "c", 0, "{}"), 3);
}

static void a_disagreeing_anchor_stops_appends_until_reanchored(void **state)
{
    struct fixture *f = *state;
    struct pos_journal_record r = {.at = T0, .kind = POS_JOURNAL_SALE, .result = 1};
    struct pos_journal_report rep;
    struct ps_reason why = {{0}};
    sqlite3 *shell;

    for (int i = 0; i < 3; i++)
        add(f->j, T0, POS_JOURNAL_SALE, i, "a", 0, "{}");
    /* someone deletes the last record with the sqlite3 shell */
    assert_int_equal(sqlite3_open(f->db_path, &shell), SQLITE_OK);
    assert_int_equal(sqlite3_exec(shell,
                                  "DROP TRIGGER journal_no_delete;"
                                  " DELETE FROM journal WHERE seq = 3",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(shell);
    /* a new record 3 would hide the deletion: refused */
    assert_int_equal(pos_journal_append(f->j, &r, &why), PS_ECHECK);
    assert_string_equal(why.text,
                        "journal: the table ends at record 2, the anchor at record 3; run verify");
    close_journal(f);
    open_journal(f); /* still refused after a restart */
    assert_int_equal(pos_journal_append(f->j, &r, &why), PS_ECHECK);
    assert_int_equal(pos_journal_verify(f->j, &rep, &why), PS_ECHECK);
    assert_int_equal(rep.fault, POS_JOURNAL_TAIL_DELETED);
    /* the supervisor read the report; the journal goes on from record 2 */
    assert_int_equal(pos_journal_reanchor(f->j, &why), 0);
    assert_int_equal(pos_journal_verify(f->j, &rep, &why), 0);
    assert_int_equal(pos_journal_append(f->j, &r, &why), 0);
    assert_int_equal(r.seq, 3);
}

static void a_missing_anchor_stops_appends(void **state)
{
    struct fixture *f = *state;
    struct pos_journal_record r = {.at = T0, .kind = POS_JOURNAL_SALE, .result = 1};
    struct ps_reason why = {{0}};

    add(f->j, T0, POS_JOURNAL_SALE, 1, "a", 0, "{}");
    close_journal(f);
    unlink(f->anchor);
    open_journal(f); /* opens: the journal can still be read and exported */
    assert_int_equal(pos_journal_append(f->j, &r, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "cannot be read; run verify"));
    write_file(f->anchor, "possum-journal-anchor 1 x\n");
    close_journal(f);
    open_journal(f);
    assert_int_equal(pos_journal_append(f->j, &r, &why), PS_ECHECK);
}

static void open_fails_where_no_anchor_can_be_written(void **state)
{
    (void)state;
    sqlite3 *db;
    struct pos_journal *j = (struct pos_journal *)&db; /* set to NULL on failure */
    struct ps_reason why = {{0}};

    assert_int_equal(pos_db_open("", &db, &why), 0);
    assert_int_equal(pos_journal_open(db, "/nonexistent-dir/journal.anchor", &j, &why), PS_EIO);
    assert_null(j);
    assert_non_null(strstr(why.text, "/nonexistent-dir/journal.anchor"));
    pos_db_close(db);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(append_then_get),
        T(a_later_record_refers_to_an_earlier_one),
        T(list_by_time_kind_reference_and_subject),
        T(append_refuses_bad_records_and_an_open_transaction),
        T(records_are_never_changed_in_place),
        T(the_anchor_follows_every_append),
        T(a_stop_between_commit_and_anchor_is_repaired),
        T(a_disagreeing_anchor_stops_appends_until_reanchored),
        T(a_missing_anchor_stops_appends),
        cmocka_unit_test(open_fails_where_no_anchor_can_be_written),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
