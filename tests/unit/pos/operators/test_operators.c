/* operators: setup, management by the supervisor, the rules for names and passwords,
 * and no password in the database. */
#include "testing.h"

#include <stdio.h>

#include "pos/db/db.h"
#include "pos/operators/operators.h"

#define SUP_PASSWORD "246810"
#define NOW          1700000000

struct fixture {
    sqlite3 *db;
    struct pos_operators *ops;
    struct pos_session sup;
};

/* libsodium's minimum argon2id cost: the suite stays fast under ASan. */
static void light_options(struct pos_operators_options *opt)
{
    pos_operators_options_init(opt);
    pos_password_cost_min(&opt->cost);
}

static int open_at(void **state, const char *path)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct pos_operators_options opt;
    struct ps_reason why = {{0}};

    assert_non_null(f);
    light_options(&opt);
    assert_int_equal(pos_db_open(path, &f->db, &why), 0);
    assert_int_equal(pos_operators_open(f->db, &opt, &f->ops, &why), 0);
    assert_int_equal(pos_operators_setup(f->ops, "王店长", SUP_PASSWORD, &why), 0);
    assert_int_equal(pos_session_login(f->ops, "00", SUP_PASSWORD, NOW, &f->sup, &why), 0);
    *state = f;
    return 0;
}

static int open_fixture(void **state)
{
    return open_at(state, "");
}

static int close_fixture(void **state)
{
    struct fixture *f = *state;
    pos_operators_close(f->ops);
    pos_db_close(f->db);
    free(f);
    return 0;
}

static void setup_creates_the_supervisor_once(void **state)
{
    struct fixture *f = *state;
    struct pos_operator_info info;
    struct ps_reason why = {{0}};

    assert_string_equal(f->sup.number, "00");
    assert_string_equal(f->sup.name, "王店长");
    assert_int_equal(f->sup.role, POS_ROLE_SUPERVISOR);
    assert_int_equal(pos_operators_get(f->ops, "00", &info, &why), 0);
    assert_int_equal(info.role, POS_ROLE_SUPERVISOR);
    assert_int_equal(info.enabled, 1);
    assert_int_equal(pos_operators_setup(f->ops, "someone", "135791", &why), PS_EINVAL);
    assert_string_equal(why.text, "the supervisor is already set up");
}

static void setup_checks_its_password_before_storing(void **state)
{
    (void)state;
    sqlite3 *db;
    struct pos_operators *ops;
    struct pos_operators_options opt;
    struct pos_operator_info info;
    struct ps_reason why = {{0}};

    light_options(&opt);
    assert_int_equal(pos_db_open("", &db, &why), 0);
    assert_int_equal(pos_operators_open(db, &opt, &ops, &why), 0);
    assert_int_equal(pos_operators_setup(ops, "boss", "123", &why), PS_EINVAL);
    assert_string_equal(why.text, "a password has 6 to 32 characters; this one has 3");
    assert_int_equal(pos_operators_get(ops, "00", &info, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "no operator 00");
    /* reopening migrates nothing twice */
    pos_operators_close(ops);
    assert_int_equal(pos_operators_open(db, NULL, &ops, &why), 0);
    assert_int_equal(pos_db_version(db, "operators", &why), 1);
    pos_operators_close(ops);
    opt.cost.opslimit = 0;
    assert_int_equal(pos_operators_open(db, &opt, &ops, &why), PS_EINVAL);
    assert_null(ops);
    light_options(&opt);
    opt.supervisor_lock_seconds = -1;
    assert_int_equal(pos_operators_open(db, &opt, &ops, &why), PS_EINVAL);
    assert_string_equal(why.text, "the supervisor's lock period is negative");
    pos_db_close(db);
}

static void the_supervisor_adds_renames_disables_and_removes(void **state)
{
    struct fixture *f = *state;
    struct pos_operator_info list[100], info;
    struct pos_session s;
    struct ps_reason why = {{0}};
    size_t n = 0;

    assert_int_equal(pos_operators_add(f->ops, &f->sup, "01", "Li", "111111", &why), 0);
    assert_int_equal(pos_operators_add(f->ops, &f->sup, "07", "Zhao", "777777", &why), 0);
    assert_int_equal(pos_operators_add(f->ops, &f->sup, "07", "Qian", "777777", &why), PS_EINVAL);
    assert_string_equal(why.text, "operator 07 already exists");
    assert_int_equal(pos_operators_list(f->ops, list, PS_ARRAY_LEN(list), &n, &why), 0);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].number, "00");
    assert_string_equal(list[1].number, "01");
    assert_int_equal(list[1].role, POS_ROLE_CASHIER);
    assert_string_equal(list[2].name, "Zhao");
    assert_int_equal(pos_operators_list(f->ops, list, 2, &n, &why), PS_ESPACE);

    assert_int_equal(pos_operators_rename(f->ops, &f->sup, "07", "赵六", &why), 0);
    assert_int_equal(pos_session_login(f->ops, "07", "777777", NOW, &s, &why), 0);
    assert_string_equal(s.name, "赵六");
    assert_int_equal(pos_operators_rename(f->ops, &f->sup, "08", "x", &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "no operator 08");

    assert_int_equal(pos_operators_set_enabled(f->ops, &f->sup, "07", 0, &why), 0);
    assert_int_equal(pos_session_login(f->ops, "07", "777777", NOW, &s, &why), POS_OP_DISABLED);
    assert_string_equal(why.text, "operator 07 is disabled");
    assert_string_equal(s.number, ""); /* cleared on failure */
    assert_int_equal(pos_operators_set_enabled(f->ops, &f->sup, "07", 1, &why), 0);
    assert_int_equal(pos_session_login(f->ops, "07", "777777", NOW, &s, &why), 0);

    assert_int_equal(pos_operators_remove(f->ops, &f->sup, "07", &why), 0);
    assert_int_equal(pos_operators_get(f->ops, "07", &info, &why), PS_EUNDEFINED);
    assert_int_equal(pos_session_login(f->ops, "07", "777777", NOW, &s, &why), POS_OP_UNKNOWN);
    assert_string_equal(why.text, "no operator 07");
    assert_int_equal(pos_operators_remove(f->ops, &f->sup, "07", &why), PS_EUNDEFINED);
}

static void the_supervisor_is_not_a_cashier(void **state)
{
    struct fixture *f = *state;
    struct ps_reason why = {{0}};

    assert_int_equal(pos_operators_add(f->ops, &f->sup, "00", "x", "111111", &why), PS_EINVAL);
    assert_string_equal(why.text, "00 is the supervisor; cashiers are 01 to 99");
    assert_int_equal(pos_operators_set_enabled(f->ops, &f->sup, "00", 0, &why), PS_EINVAL);
    assert_string_equal(why.text, "the supervisor cannot be disabled");
    assert_int_equal(pos_operators_remove(f->ops, &f->sup, "00", &why), PS_EINVAL);
    assert_string_equal(why.text, "the supervisor cannot be removed");
    assert_int_equal(pos_operators_reset_password(f->ops, &f->sup, "00", "999999", &why),
                     PS_EINVAL);
    assert_string_equal(why.text,
                        "the supervisor's password is changed by the supervisor, with the old one");
    assert_int_equal(pos_operators_rename(f->ops, &f->sup, "00", "老板", &why), 0);
}

static void a_cashier_may_not_manage_operators(void **state)
{
    struct fixture *f = *state;
    struct pos_session c;
    struct ps_reason why = {{0}};

    assert_int_equal(pos_operators_add(f->ops, &f->sup, "02", "Sun", "222222", &why), 0);
    assert_int_equal(pos_session_login(f->ops, "02", "222222", NOW, &c, &why), 0);
    assert_int_equal(pos_operators_add(f->ops, &c, "03", "Zhou", "333333", &why), POS_OP_DENIED);
    assert_string_equal(why.text, "operator management needs the supervisor");
    assert_int_equal(pos_operators_reset_password(f->ops, &c, "02", "999999", &why), POS_OP_DENIED);
    assert_int_equal(pos_operators_remove(f->ops, &c, "02", &why), POS_OP_DENIED);

    /* with the supervisor's approval: one management action, then no more */
    assert_int_equal(pos_session_approve(f->ops, &c, POS_ACTION_OPERATOR_MANAGEMENT, "00",
                                         SUP_PASSWORD, NOW, &why),
                     0);
    assert_int_equal(pos_operators_add(f->ops, &c, "03", "Zhou", "333333", &why), 0);
    assert_int_equal(pos_operators_add(f->ops, &c, "04", "Wu", "444444", &why), POS_OP_DENIED);

    struct pos_session nobody;
    pos_session_logout(&nobody);
    assert_int_equal(pos_operators_add(f->ops, &nobody, "04", "Wu", "444444", &why), POS_OP_DENIED);
    assert_string_equal(why.text, "no operator is logged in");
}

static void errors_name_the_rule(void **state)
{
    struct fixture *f = *state;
    struct ps_reason why = {{0}};
    static const struct {
        const char *number, *name, *password, *reason;
    } cases[] = {
        {"1", "Li", "111111", "operator number must be 2 digits, 00 to 99"},
        {"001", "Li", "111111", "operator number must be 2 digits, 00 to 99"},
        {"a1", "Li", "111111", "operator number must be 2 digits, 00 to 99"},
        {"05", "", "111111", "an operator's name has 1 to 48 bytes of UTF-8; this one is empty"},
        {"05", "0123456789012345678901234567890123456789012345678", "111111",
         "an operator's name has 1 to 48 bytes of UTF-8"},
        {"05", "Li\tLei", "111111", "an operator's name is printable UTF-8 text; byte 3 is not"},
        {"05", "Li\xC3", "111111", "an operator's name is printable UTF-8 text; byte 3 is not"},
        {"05", "\xED\xA0\x80", "111111",
         "an operator's name is printable UTF-8 text; byte 1 is not"},
        {"05", "Li", "12345", "a password has 6 to 32 characters; this one has 5"},
        {"05", "Li", "", "a password has 6 to 32 characters; this one has 0"},
        {"05", "Li", "123456789012345678901234567890123",
         "a password has 6 to 32 characters; this one has more"},
        {"05", "Li", "123 456",
         "a password has only letters, digits and punctuation (ASCII, no spaces); character 4 "
         "is not one"},
        {"05", "Li", "12345\xE4\xB8\x80",
         "a password has only letters, digits and punctuation (ASCII, no spaces); character 6 "
         "is not one"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        int rc = pos_operators_add(f->ops, &f->sup, cases[i].number, cases[i].name,
                                   cases[i].password, &why);
        assert_int_equal(rc, PS_EINVAL);
        assert_string_equal(why.text, cases[i].reason);
    }
    /* the limits themselves are allowed: 6 and 32 characters, an all-digit password,
     * a 48-byte name */
    assert_int_equal(pos_operators_add(f->ops, &f->sup, "05", "Li", "000000", &why), 0);
    assert_int_equal(pos_operators_add(f->ops, &f->sup, "06",
                                       "012345678901234567890123456789012345678901234567",
                                       "12345678901234567890123456789012", &why),
                     0);
}

/* 1 when needle occurs in hay[0..len). */
static int contains(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return 1;
    return 0;
}

/* Reads the whole file at path (empty when missing) into a new buffer. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    *len = 0;
    if (fp == NULL)
        return calloc(1, 1);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    *len = fread(buf, 1, (size_t)size, fp);
    fclose(fp);
    return buf;
}

static void passwords_are_never_in_the_database_in_clear(void **state)
{
    (void)state;
    char path[] = "/tmp/possum-operators-XXXXXX", more[64];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    void *fs = NULL;
    open_at(&fs, path);
    struct fixture *f = fs;
    struct ps_reason why = {{0}};
    struct pos_session c;
    static const char *const secrets[] = {SUP_PASSWORD, "Kx9#mQ2z", "Zq7!pW4r"};

    assert_int_equal(pos_operators_add(f->ops, &f->sup, "01", "Li", secrets[1], &why), 0);
    assert_int_equal(pos_session_login(f->ops, "01", secrets[1], NOW, &c, &why), 0);
    assert_int_equal(pos_session_change_password(f->ops, &c, secrets[1], secrets[2], NOW, &why), 0);
    /* the table, every column of every row */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(f->db, "SELECT * FROM operators", -1, &st, NULL),
                     SQLITE_OK);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows++;
        for (int col = 0; col < sqlite3_column_count(st); col++) {
            const char *v = (const char *)sqlite3_column_text(st, col);
            for (size_t i = 0; v != NULL && i < PS_ARRAY_LEN(secrets); i++)
                assert_null(strstr(v, secrets[i]));
        }
        const char *hash = (const char *)sqlite3_column_text(st, 2);
        assert_memory_equal(hash, "$argon2id$", 10);
    }
    sqlite3_finalize(st);
    assert_int_equal(rows, 2);
    close_fixture(&fs);
    /* and the bytes of the files */
    for (int k = 0; k < 2; k++) {
        snprintf(more, sizeof(more), k == 0 ? "%s" : "%s-wal", path);
        size_t len;
        char *bytes = slurp(more, &len);
        for (size_t i = 0; i < PS_ARRAY_LEN(secrets); i++)
            assert_false(contains(bytes, len, secrets[i]));
        free(bytes);
    }
    snprintf(more, sizeof(more), "%s-wal", path);
    unlink(more);
    snprintf(more, sizeof(more), "%s-shm", path);
    unlink(more);
    unlink(path);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, open_fixture, close_fixture)
    const struct CMUnitTest tests[] = {
        T(setup_creates_the_supervisor_once),
        cmocka_unit_test(setup_checks_its_password_before_storing),
        T(the_supervisor_adds_renames_disables_and_removes),
        T(the_supervisor_is_not_a_cashier),
        T(a_cashier_may_not_manage_operators),
        T(errors_name_the_rule),
        cmocka_unit_test(passwords_are_never_in_the_database_in_clear),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
