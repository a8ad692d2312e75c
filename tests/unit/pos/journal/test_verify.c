/* journal/audit: verify finds each kind of tampering (made as a person would, with a
 * second connection that drops the append-only triggers first), a backup verifies on
 * its own, and the export carries every field and link. */
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
    struct pos_journal_report rep;
    struct ps_reason why;
};

static void path_in(const struct fixture *f, const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", f->dir, name);
}

/* Five records: a sign-in, two sales, the void of the first, a settlement. */
static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    snprintf(f->dir, sizeof(f->dir), "/tmp/possum-verify-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    path_in(f, "pos.db", f->db_path, sizeof(f->db_path));
    path_in(f, "journal.anchor", f->anchor, sizeof(f->anchor));
    assert_int_equal(pos_db_open(f->db_path, &f->db, &f->why), 0);
    assert_int_equal(pos_journal_open(f->db, f->anchor, &f->j, &f->why), 0);
    struct pos_journal_record recs[] = {
        {.at = T0,
         .kind = POS_JOURNAL_SALE,
         .operator_no = "01",
         .amount = 1250,
         .result = POS_JOURNAL_APPROVED,
         .reference = "000000000017",
         .body = "{\"total\":1250}"},
        {.at = T0 + 60,
         .kind = POS_JOURNAL_SALE,
         .operator_no = "02",
         .amount = 800,
         .result = POS_JOURNAL_APPROVED,
         .reference = "000000000018",
         .body = "{\"tenders\":[{\"card\":800}]}"},
        {.at = T0 + 90,
         .kind = POS_JOURNAL_VOID,
         .operator_no = "00",
         .amount = 1250,
         .result = POS_JOURNAL_APPROVED,
         .reference = "000000000019",
         .refers_to = 1,
         .body = "{}"},
        {.at = T0 + 120,
         .kind = POS_JOURNAL_CASH_SALE,
         .operator_no = "01",
         .amount = 500,
         .result = POS_JOURNAL_APPROVED,
         .reference = "R0004",
         .body = "{\"cash\":500}"},
        {.at = T0 + 600,
         .kind = POS_JOURNAL_SETTLEMENT,
         .operator_no = "00",
         .amount = 1300,
         .result = POS_JOURNAL_APPROVED,
         .body = "{\"count\":2}"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(recs); i++)
        assert_int_equal(pos_journal_append(f->j, &recs[i], &f->why), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    static const char *const names[] = {"pos.db",         "pos.db-wal",     "pos.db-shm",
                                        "copy.db",        "copy.db-wal",    "copy.db-shm",
                                        "copy.anchor",    "journal.anchor", "journal.anchor.tmp",
                                        "copy.anchor.tmp"};
    char path[128];
    pos_journal_close(f->j);
    pos_db_close(f->db);
    for (size_t i = 0; i < PS_ARRAY_LEN(names); i++) {
        path_in(f, names[i], path, sizeof(path));
        unlink(path);
    }
    assert_int_equal(rmdir(f->dir), 0);
    free(f);
    return 0;
}

/* What someone with the sqlite3 shell can do: drop the triggers, then change rows. */
static void tamper(struct fixture *f, const char *sql)
{
    sqlite3 *shell;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(f->db_path, &shell), SQLITE_OK);
    int rc = sqlite3_exec(shell,
                          "DROP TRIGGER IF EXISTS journal_no_update;"
                          "DROP TRIGGER IF EXISTS journal_no_delete;",
                          NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(shell, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        print_error("tamper: %s\n", msg);
    sqlite3_free(msg);
    sqlite3_close(shell);
    assert_int_equal(rc, SQLITE_OK);
}

/* Verifies and expects fault at seq, with reason. */
static void expect_fault(struct fixture *f, enum pos_journal_fault fault, int64_t seq,
                         const char *reason)
{
    int rc = pos_journal_verify(f->j, &f->rep, &f->why);
    assert_int_equal(rc, PS_ECHECK);
    assert_string_equal(f->why.text, reason);
    assert_int_equal(f->rep.fault, fault);
    assert_int_equal(f->rep.seq, seq);
}

static void an_untouched_journal_verifies(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(pos_journal_verify(f->j, &f->rep, &f->why), 0);
    assert_int_equal(f->rep.fault, POS_JOURNAL_INTACT);
    assert_int_equal(f->rep.checked, 5);
    assert_int_equal(f->rep.table.seq, 5);
    assert_int_equal(f->rep.anchor.seq, 5);
    assert_memory_equal(f->rep.table.link, f->rep.anchor.link, PS_HASHCHAIN_LINK_LEN);
}

static void an_empty_journal_verifies(void **state)
{
    (void)state;
    char dir[] = "/tmp/possum-empty-XXXXXX", anchor[64];
    sqlite3 *db;
    struct pos_journal *j;
    struct pos_journal_report rep;
    assert_non_null(mkdtemp(dir));
    snprintf(anchor, sizeof(anchor), "%s/a", dir);
    assert_int_equal(pos_db_open("", &db, NULL), 0);
    assert_int_equal(pos_journal_open(db, anchor, &j, NULL), 0);
    assert_int_equal(pos_journal_verify(j, &rep, NULL), 0);
    assert_int_equal(rep.checked, 0);
    assert_int_equal(rep.anchor.seq, 0);
    pos_journal_close(j);
    pos_db_close(db);
    unlink(anchor);
    rmdir(dir);
}

static void an_edited_amount_is_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "UPDATE journal SET amount = 125 WHERE seq = 3");
    expect_fault(f, POS_JOURNAL_EDITED, 3,
                 "record 3: its link does not follow from its fields and the link of record 2: "
                 "edited");
    assert_int_equal(f->rep.checked, 2);
}

static void an_edited_body_is_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "UPDATE journal SET body = '{\"total\":12.50}' WHERE seq = 1");
    expect_fault(f, POS_JOURNAL_EDITED, 1,
                 "record 1: its link does not follow from its fields and the link of record 0: "
                 "edited");
    assert_int_equal(f->rep.checked, 0);
}

static void every_field_is_covered(void **state)
{
    struct fixture *f = *state;
    static const char *const edits[] = {
        "UPDATE journal SET at = at + 1 WHERE seq = 4",
        "UPDATE journal SET kind = 'sale' WHERE seq = 4",
        "UPDATE journal SET operator = '02' WHERE seq = 4",
        "UPDATE journal SET result = 'reversed' WHERE seq = 4",
        "UPDATE journal SET reference = 'R0005' WHERE seq = 4",
        "UPDATE journal SET refers_to = 1 WHERE seq = 4",
        "UPDATE journal SET link = zeroblob(32) WHERE seq = 4",
        "UPDATE journal SET link = X'00' WHERE seq = 4",
        "UPDATE journal SET body = '' WHERE seq = 4",
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(edits); i++) {
        /* each edit on its own copy of the table: make it, check it, take it back */
        tamper(f, "CREATE TABLE IF NOT EXISTS keep AS SELECT * FROM journal");
        tamper(f, edits[i]);
        assert_int_equal(pos_journal_verify(f->j, &f->rep, &f->why), PS_ECHECK);
        assert_int_equal(f->rep.fault, POS_JOURNAL_EDITED);
        assert_int_equal(f->rep.seq, 4);
        tamper(f, "DELETE FROM journal; INSERT INTO journal SELECT * FROM keep; DROP TABLE keep");
        assert_int_equal(pos_journal_verify(f->j, &f->rep, &f->why), 0);
    }
}

static void a_deleted_middle_record_is_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "DELETE FROM journal WHERE seq = 3");
    expect_fault(f, POS_JOURNAL_DELETED, 3,
                 "record 3: missing, the journal goes from record 2 to record 4: deleted");
    assert_int_equal(f->rep.table.seq, 5);
}

static void a_deleted_and_renumbered_record_is_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "DELETE FROM journal WHERE seq = 3;"
              "UPDATE journal SET seq = seq - 1 WHERE seq = 4;"
              "UPDATE journal SET seq = seq - 1 WHERE seq = 5");
    expect_fault(f, POS_JOURNAL_EDITED, 3,
                 "record 3: its link does not follow from its fields and the link of record 2: "
                 "edited");
}

static void a_deleted_last_record_is_found_by_the_anchor(void **state)
{
    struct fixture *f = *state;
    tamper(f, "DELETE FROM journal WHERE seq = 5");
    expect_fault(f, POS_JOURNAL_TAIL_DELETED, 5,
                 "the anchor names record 5, the table ends at record 4: the last record was "
                 "deleted");
    assert_int_equal(f->rep.checked, 4);
    assert_int_equal(f->rep.table.seq, 4);
    assert_int_equal(f->rep.anchor.seq, 5);
    tamper(f, "DELETE FROM journal WHERE seq >= 3");
    expect_fault(f, POS_JOURNAL_TAIL_DELETED, 3,
                 "the anchor names record 5, the table ends at record 2: the last 3 records were "
                 "deleted");
    tamper(f, "DELETE FROM journal");
    expect_fault(f, POS_JOURNAL_TAIL_DELETED, 1,
                 "the anchor names record 5, the table ends at record 0: the last 5 records were "
                 "deleted");
}

static void reordered_records_are_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "UPDATE journal SET seq = -2 WHERE seq = 2;"
              "UPDATE journal SET seq = 2 WHERE seq = 3;"
              "UPDATE journal SET seq = 3 WHERE seq = -2");
    expect_fault(f, POS_JOURNAL_REORDERED, 2,
                 "record 2: the record that belongs here is stored as record 3: records were "
                 "reordered");
}

static void a_record_moved_to_the_end_is_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "UPDATE journal SET seq = 99 WHERE seq = 2");
    expect_fault(f, POS_JOURNAL_REORDERED, 2,
                 "record 2: the record that belongs here is stored as record 99: records were "
                 "reordered");
}

/* Edits record 3 and computes every link after it again, as someone who read
 * record.h could: the chain is whole, only the anchor shows it. */
static void a_rewritten_chain_is_found_by_the_anchor(void **state)
{
    struct fixture *f = *state;
    struct pos_journal_record r;
    uint8_t link[PS_HASHCHAIN_LINK_LEN], enc[POS_JOURNAL_ENCODED_MAX];
    char hex[2 * PS_HASHCHAIN_LINK_LEN + 1], sql[256];
    size_t len;

    tamper(f, "UPDATE journal SET amount = 1 WHERE seq = 3");
    assert_int_equal(pos_journal_get(f->j, 2, &r, &f->why), 0);
    memcpy(link, r.link, sizeof(link));
    for (int64_t seq = 3; seq <= 5; seq++) {
        assert_int_equal(pos_journal_get(f->j, seq, &r, &f->why), 0);
        assert_int_equal(pos_journal_encode(&r, enc, sizeof(enc), &len, NULL), 0);
        assert_int_equal(ps_hashchain_link(link, enc, len, link, NULL), 0);
        ps_hex_encode(link, sizeof(link), hex);
        snprintf(sql, sizeof(sql), "UPDATE journal SET link = X'%s' WHERE seq = %lld", hex,
                 (long long)seq);
        tamper(f, sql);
    }
    expect_fault(f, POS_JOURNAL_ANCHOR_DISAGREES, 5,
                 "record 5: its link differs from the anchor's: the last record was replaced, or "
                 "the anchor belongs to another journal");
    assert_int_equal(f->rep.checked, 5);
    assert_memory_not_equal(f->rep.table.link, f->rep.anchor.link, PS_HASHCHAIN_LINK_LEN);
}

static void a_missing_or_foreign_anchor_is_reported(void **state)
{
    struct fixture *f = *state;
    char want[256];
    FILE *fp;

    unlink(f->anchor);
    snprintf(want, sizeof(want),
             "the anchor %s is missing: the end of the journal cannot be checked", f->anchor);
    expect_fault(f, POS_JOURNAL_ANCHOR_MISSING, 0, want);
    assert_int_equal(f->rep.anchor.seq, -1);
    assert_int_equal(f->rep.checked, 5);

    fp = fopen(f->anchor, "w");
    assert_non_null(fp);
    fputs("possum-journal-anchor 1 3 "
          "00000000000000000000000000000000000000000000000000000000000000FF\n",
          fp);
    fclose(fp);
    expect_fault(f, POS_JOURNAL_ANCHOR_DISAGREES, 4,
                 "the anchor names record 3 with another link: it belongs to another journal");

    fp = fopen(f->anchor, "w");
    assert_non_null(fp);
    fputs("garbage\n", fp);
    fclose(fp);
    snprintf(want, sizeof(want),
             "the anchor %s is not an anchor: the end of the journal cannot be checked", f->anchor);
    expect_fault(f, POS_JOURNAL_ANCHOR_MISSING, 0, want);
}

static void a_backup_verifies_on_its_own(void **state)
{
    struct fixture *f = *state;
    char copy[128], copy_anchor[128];
    sqlite3 *db;
    struct pos_journal *j;
    struct pos_journal_record r = {.at = T0 + 700, .kind = POS_JOURNAL_SIGN_IN, .result = 1};

    path_in(f, "copy.db", copy, sizeof(copy));
    path_in(f, "copy.anchor", copy_anchor, sizeof(copy_anchor));
    assert_int_equal(pos_journal_backup(f->j, copy, copy_anchor, &f->why), 0);
    assert_int_equal(pos_journal_append(f->j, &r, &f->why), 0); /* the original goes on */

    assert_int_equal(pos_db_open(copy, &db, &f->why), 0);
    assert_int_equal(pos_journal_open(db, copy_anchor, &j, &f->why), 0);
    assert_int_equal(pos_journal_verify(j, &f->rep, &f->why), 0);
    assert_int_equal(f->rep.checked, 5);
    assert_int_equal(pos_journal_get(j, 1, &r, &f->why), 0);
    assert_hex_equal(r.link, sizeof(r.link), LINK1);
    pos_journal_close(j);
    pos_db_close(db);

    assert_int_equal(pos_journal_verify(f->j, &f->rep, &f->why), 0);
    assert_int_equal(f->rep.checked, 6);
    assert_int_equal(pos_journal_backup(f->j, "/nonexistent-dir/copy.db", copy_anchor, &f->why),
                     PS_EIO);
}

static void the_export_has_every_field_and_link(void **state)
{
    struct fixture *f = *state;
    struct pos_journal_record r = {
        .at = T0 + 900,
        .kind = POS_JOURNAL_REFUND,
        .operator_no = "00",
        .amount = 300,
        .result = POS_JOURNAL_DECLINED,
        .reference = "RRN \"7\"",
        .refers_to = 2,
        .body = "{\"note\":\"茶\\n\"}\n\t\x01",
    };
    char text[4096], hex[2 * PS_HASHCHAIN_LINK_LEN + 1], want[512];

    assert_int_equal(pos_journal_append(f->j, &r, &f->why), 0);
    FILE *out = tmpfile();
    assert_non_null(out);
    assert_int_equal(pos_journal_export(f->j, out, &f->why), 0);
    rewind(out);
    size_t n = fread(text, 1, sizeof(text) - 1, out);
    text[n] = '\0';
    fclose(out);

    char *line2 = strchr(text, '\n');
    assert_non_null(line2);
    *line2++ = '\0';
    assert_string_equal(text, "{\"seq\":1,\"at\":1700000000,\"kind\":\"sale\",\"operator\":\"01\","
                              "\"amount\":1250,\"result\":\"approved\",\"reference\":"
                              "\"000000000017\",\"refers_to\":0,\"body\":\"{\\\"total\\\":1250}\","
                              "\"link\":\"" LINK1 "\"}");
    char *last = strstr(line2, "{\"seq\":6,");
    assert_non_null(last);
    ps_hex_encode(r.link, sizeof(r.link), hex);
    snprintf(want, sizeof(want),
             "{\"seq\":6,\"at\":1700000900,\"kind\":\"refund\",\"operator\":\"00\","
             "\"amount\":300,\"result\":\"declined\",\"reference\":\"RRN \\\"7\\\"\","
             "\"refers_to\":2,\"body\":\"{\\\"note\\\":\\\"茶\\\\n\\\"}\\n\\t\\u0001\","
             "\"link\":\"%s\"}\n",
             hex);
    assert_string_equal(last, want);
    int lines = 0;
    for (const char *p = text; *p != '\0'; p++)
        lines += *p == '\n';
    for (const char *p = line2; *p != '\0'; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 6 - 1); /* the first line's newline was cut above */
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(an_untouched_journal_verifies),
        cmocka_unit_test(an_empty_journal_verifies),
        T(an_edited_amount_is_found),
        T(an_edited_body_is_found),
        T(every_field_is_covered),
        T(a_deleted_middle_record_is_found),
        T(a_deleted_and_renumbered_record_is_found),
        T(a_deleted_last_record_is_found_by_the_anchor),
        T(reordered_records_are_found),
        T(a_record_moved_to_the_end_is_found),
        T(a_rewritten_chain_is_found_by_the_anchor),
        T(a_missing_or_foreign_anchor_is_reported),
        T(a_backup_verifies_on_its_own),
        T(the_export_has_every_field_and_link),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
