/* The terminal's local database: per-room migrations, all or nothing per step. */
#include "testing.h"

#include <stdio.h>

#include "pos/db/db.h"

static const char *const two_steps[] = {
    "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
    "ALTER TABLE things ADD COLUMN price BIGINT NOT NULL DEFAULT 0;",
};

static void migrates_each_room_to_its_newest_version(void **state)
{
    (void)state;
    sqlite3 *db;
    struct ps_reason why = {{0}};
    assert_int_equal(pos_db_open("", &db, &why), 0);
    assert_int_equal(pos_db_version(db, "things", &why), 0);
    assert_int_equal(pos_db_migrate(db, "things", two_steps, 1, &why), 0);
    assert_int_equal(pos_db_version(db, "things", &why), 1);
    assert_int_equal(pos_db_migrate(db, "things", two_steps, 2, &why), 0);
    assert_int_equal(pos_db_version(db, "things", &why), 2);
    /* again: nothing to do, and not an error */
    assert_int_equal(pos_db_migrate(db, "things", two_steps, 2, &why), 0);
    assert_int_equal(pos_db_exec(db, "INSERT INTO things (name, price) VALUES ('tea', 350)", &why),
                     0);
    assert_int_equal(pos_db_version(db, "other", &why), 0); /* rooms are apart */
    pos_db_close(db);
}

static void a_failed_step_leaves_the_version_before_it(void **state)
{
    (void)state;
    static const char *const broken[] = {
        "CREATE TABLE a (x INTEGER);",
        "CREATE TABLE b (y INTEGER); CREATE TABLE a (z INTEGER);", /* a exists */
    };
    sqlite3 *db;
    struct ps_reason why = {{0}};
    assert_int_equal(pos_db_open("", &db, &why), 0);
    assert_int_equal(pos_db_migrate(db, "r", broken, 2, &why), PS_EIO);
    assert_non_null(strstr(why.text, "r schema version 2"));
    assert_non_null(strstr(why.text, "already exists"));
    assert_int_equal(pos_db_version(db, "r", &why), 1);
    /* b was rolled back with the step */
    assert_int_equal(pos_db_exec(db, "SELECT * FROM b", &why), PS_EIO);
    pos_db_close(db);
}

static void a_newer_database_is_refused(void **state)
{
    (void)state;
    sqlite3 *db;
    struct ps_reason why = {{0}};
    assert_int_equal(pos_db_open("", &db, &why), 0);
    assert_int_equal(pos_db_migrate(db, "things", two_steps, 2, &why), 0);
    assert_int_equal(pos_db_migrate(db, "things", two_steps, 1, &why), PS_EUNDEFINED);
    assert_non_null(strstr(why.text, "version 2"));
    pos_db_close(db);
}

static void a_file_keeps_its_versions(void **state)
{
    (void)state;
    char path[] = "/tmp/possum-pos-db-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    sqlite3 *db;
    struct ps_reason why = {{0}};
    assert_int_equal(pos_db_open(path, &db, &why), 0);
    assert_int_equal(pos_db_migrate(db, "things", two_steps, 2, &why), 0);
    pos_db_close(db);
    assert_int_equal(pos_db_open(path, &db, &why), 0);
    assert_int_equal(pos_db_version(db, "things", &why), 2);
    pos_db_close(db);
    assert_int_equal(pos_db_open("/nonexistent-dir/x.db", &db, &why), PS_EIO);
    assert_non_null(strstr(why.text, "/nonexistent-dir/x.db"));
    char more[300];
    snprintf(more, sizeof(more), "%s-wal", path);
    unlink(more);
    snprintf(more, sizeof(more), "%s-shm", path);
    unlink(more);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrates_each_room_to_its_newest_version),
        cmocka_unit_test(a_failed_step_leaves_the_version_before_it),
        cmocka_unit_test(a_newer_database_is_refused),
        cmocka_unit_test(a_file_keeps_its_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
