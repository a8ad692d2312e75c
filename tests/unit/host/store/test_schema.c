/* The store's SQL as data: kind names as the txn room spells them, statements that
 * agree with their column maps, and SQL both SQLite and PostgreSQL accept. */
#include "testing.h"

#include <ctype.h>

#include <sqlite3.h>

#include "host/store/schema.h"

/* kind.c belongs to the txn room, whose library the store tests do not link; its
 * source is compiled in here so the journal's names are held to txn_kind_name(). */
#include "host/txn/kind.c"

static void kind_names_are_the_txn_rooms(void **state)
{
    (void)state;
    enum txn_kind back;

    for (int k = 0; k < TXN_KIND_COUNT; k++) {
        const char *name = store__kind_name((enum txn_kind)k);
        assert_non_null(name);
        assert_string_equal(name, txn_kind_name((enum txn_kind)k));
        assert_int_equal(store__kind_from_name(name, strlen(name), &back), 0);
        assert_int_equal(back, k);
    }
    assert_null(store__kind_name(TXN_KIND_COUNT));
    assert_null(store__kind_name((enum txn_kind) - 1));
    assert_int_equal(store__kind_from_name("purchas", 7, &back), -1);
    assert_int_equal(store__kind_from_name("purchase ", 9, &back), -1);
    assert_int_equal(store__kind_from_name("", 0, &back), -1);
}

/* The names between the first "(" and ")" of an INSERT, against its map. */
static void assert_insert_lists_map(const struct store__statement *s)
{
    const char *p = strchr(s->sql, '(');
    size_t i = 0;

    assert_non_null(p);
    for (p++; *p != ')'; i++) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, ",)");
        assert_true(i < s->map->count);
        if (strlen(s->map->cols[i].name) != n || memcmp(p, s->map->cols[i].name, n) != 0)
            fail_msg("%s: column %zu is '%.*s', the map says '%s'", s->name, i, (int)n, p,
                     s->map->cols[i].name);
        p += n;
        if (*p == ',')
            p++;
    }
    assert_int_equal(i, s->map->count);
    size_t marks = 0;
    for (p = s->sql; *p != '\0'; p++)
        marks += *p == '?';
    assert_int_equal(marks, s->map->count);
}

static void inserts_list_their_maps_columns(void **state)
{
    (void)state;
    for (size_t i = 0; i < STORE__SQL_COUNT; i++) {
        const struct store__statement *s = &store__statements[i];
        assert_non_null(s->name);
        assert_non_null(s->sql);
        if (strncmp(s->sql, "INSERT INTO", 11) == 0) {
            assert_non_null(s->map);
            assert_insert_lists_map(s);
        }
    }
}

/* Words that would tie the SQL to SQLite (docs/store.md, "Portable SQL"). */
static void assert_portable(const char *what, const char *sql)
{
    static const char *const sqlite_only[] = {
        "AUTOINCREMENT", "INSERT OR", "REPLACE",  "IFNULL",    "ROWID",    "STRICT",
        "WITHOUT",       "GLOB",      "strftime", "julianday", "datetime", "printf",
        "PRAGMA",        "$",         "?1",       "`",         "\"",
    };
    char upper[8192];
    size_t n = strlen(sql);

    assert_true(n < sizeof(upper));
    for (size_t i = 0; i <= n; i++)
        upper[i] = (char)toupper((unsigned char)sql[i]);
    for (size_t i = 0; i < PS_ARRAY_LEN(sqlite_only); i++) {
        char word[32];
        for (size_t j = 0; j <= strlen(sqlite_only[i]); j++)
            word[j] = (char)toupper((unsigned char)sqlite_only[i][j]);
        if (strstr(upper, word) != NULL)
            fail_msg("%s uses %s", what, sqlite_only[i]);
    }
}

static void sql_avoids_sqlite_only_words(void **state)
{
    (void)state;
    for (size_t i = 0; i < STORE__SQL_COUNT; i++)
        assert_portable(store__statements[i].name, store__statements[i].sql);
    for (size_t i = 0; i < store__migration_count; i++)
        assert_portable(store__migrations[i].name, store__migrations[i].sql);
    assert_portable("schema_migrations", store__migrations_table_sql);
    assert_portable("the version", store__schema_version_sql);
    assert_portable("a migration's record", store__migration_record_sql);
}

/* PostgreSQL's rendering of each migration: no {ID} left, and (as far as SQLite can
 * tell) still valid SQL. */
static void migrations_render_for_either_database(void **state)
{
    (void)state;
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    for (size_t i = 0; i < store__migration_count; i++) {
        char *sql = NULL;
        assert_int_equal(
            store__schema_render(store__migrations[i].sql, "BIGINT PRIMARY KEY", &sql, NULL), 0);
        assert_null(strstr(sql, "{ID}"));
        assert_null(strstr(sql, "INTEGER PRIMARY KEY"));
        char *err = NULL;
        if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
            fail_msg("migration %zu: %s", i + 1, err);
        free(sql);
    }
    sqlite3_close(db);

    char *text = NULL;
    assert_int_equal(store__schema_render("{ID}{ID} x {ID}", "T", &text, NULL), 0);
    assert_string_equal(text, "TT x T");
    free(text);
    assert_int_equal(store__schema_render("no marks", "BIGINT", &text, NULL), 0);
    assert_string_equal(text, "no marks");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kind_names_are_the_txn_rooms),
        cmocka_unit_test(inserts_list_their_maps_columns),
        cmocka_unit_test(sql_avoids_sqlite_only_words),
        cmocka_unit_test(migrations_render_for_either_database),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
