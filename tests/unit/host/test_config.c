/* possumd's settings: defaults, the file, the flags, and errors that name the line. */
#include "testing.h"

#include <stdio.h>

#include "host/config.h"

static const char *write_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof(path), "/tmp/possumd-conf-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void flags_override_the_file(void **state)
{
    (void)state;
    struct host_config c;
    struct ps_reason why = {{0}};
    const char *path = write_file("# possumd\n"
                                  "data_dir = /srv/possum   # trailing comment\n"
                                  "iso_port = 6000\n"
                                  "tls_port = off\n"
                                  "utc_offset = -05:30\n"
                                  "settlement_cutoff = 22:30\n"
                                  "demo = yes\n");
    char *argv[] = {"possumd", "--iso-port", "7000", "--config", (char *)path, "--loops=3", NULL};
    host_config_defaults(&c);
    assert_int_equal(host_config_from_args(&c, 6, argv, &why), 0);
    assert_int_equal(host_config_finish(&c, NULL), 0);
    assert_string_equal(c.data_dir, "/srv/possum");
    assert_int_equal(c.iso_port, 7000);
    assert_int_equal(c.tls_port, 0);
    assert_int_equal(c.loops, 3);
    assert_int_equal(c.utc_offset_minutes, -330);
    assert_int_equal(c.cutoff_minutes, 22 * 60 + 30);
    assert_true(c.demo);
    assert_string_equal(c.master_key, "/srv/possum/master.key");
    assert_string_equal(c.store_path, "/srv/possum/possum.db");
    assert_string_equal(c.store, "sqlite");
    unlink(path);
}

/* The connection string holds '=' signs of its own: everything after the first is it. */
static void postgres_is_chosen_with_its_connection_string(void **state)
{
    (void)state;
    struct host_config c;
    struct ps_reason why = {{0}};
    const char *path = write_file("store = postgres\n"
                                  "postgres = host=/run/postgresql dbname=possum user=possumd\n");
    char *argv[] = {"possumd", "--config", (char *)path, NULL};
    host_config_defaults(&c);
    assert_int_equal(host_config_from_args(&c, 3, argv, &why), 0);
    assert_int_equal(host_config_finish(&c, &why), 0);
    assert_string_equal(c.store, "postgres");
    assert_string_equal(c.postgres, "host=/run/postgresql dbname=possum user=possumd");
    unlink(path);

    char *no_conninfo[] = {"possumd", "--store", "postgres", NULL};
    host_config_defaults(&c);
    assert_int_equal(host_config_from_args(&c, 3, no_conninfo, &why), 0);
    assert_int_equal(host_config_finish(&c, &why), PS_EINVAL);
    assert_string_equal(
        why.text, "store = postgres needs postgres, a connection string (host=... dbname=...)");
    char *other[] = {"possumd", "--store=mysql", NULL};
    host_config_defaults(&c);
    assert_int_equal(host_config_from_args(&c, 2, other, &why), 0);
    assert_int_equal(host_config_finish(&c, &why), PS_EINVAL);
    assert_string_equal(why.text, "store: 'mysql' is neither sqlite nor postgres");
}

static void errors_name_the_line_and_setting(void **state)
{
    (void)state;
    struct host_config c;
    struct ps_reason why = {{0}};
    const char *path = write_file("iso_port = 5800\n\nloops = many\n");
    host_config_defaults(&c);
    assert_int_equal(host_config_read_file(&c, path, &why), PS_EFORMAT);
    char want[160];
    snprintf(want, sizeof(want), "%s:3: loops: 'many' is not a number from 0 to 64", path);
    assert_string_equal(why.text, want);
    unlink(path);

    path = write_file("colour = blue\n");
    assert_int_equal(host_config_read_file(&c, path, &why), PS_EFORMAT);
    assert_non_null(strstr(why.text, ":1: unknown setting 'colour'"));
    unlink(path);

    char *bad_port[] = {"possumd", "--tls-port", "70000", NULL};
    assert_int_equal(host_config_from_args(&c, 3, bad_port, &why), PS_EINVAL);
    assert_string_equal(why.text, "--tls-port: '70000' is not a port (1-65535, off, auto)");
    char *unknown[] = {"possumd", "--frobnicate", NULL};
    assert_int_equal(host_config_from_args(&c, 2, unknown, &why), PS_EINVAL);
    assert_string_equal(why.text, "unknown option '--frobnicate' (possumd --help)");
    char *missing[] = {"possumd", "--data-dir", NULL};
    assert_int_equal(host_config_from_args(&c, 2, missing, &why), PS_EINVAL);
    assert_string_equal(why.text, "--data-dir needs a value");
    char *auto_port[] = {"possumd", "--iso-port", "auto", "--demo", NULL};
    host_config_defaults(&c);
    assert_int_equal(host_config_from_args(&c, 4, auto_port, &why), 0);
    assert_int_equal(c.iso_port, -1);
    assert_true(c.demo);
}

/* The API speaks TLS only when asked: off by default, on from the file or the flag. */
static void http_tls_is_off_unless_asked(void **state)
{
    (void)state;
    struct host_config c;
    struct ps_reason why = {{0}};
    host_config_defaults(&c);
    assert_false(c.http_tls);
    const char *path = write_file("http_tls = yes\n");
    assert_int_equal(host_config_read_file(&c, path, &why), 0);
    assert_true(c.http_tls);
    unlink(path);
    char *off[] = {"possumd", "--http-tls=no", NULL};
    assert_int_equal(host_config_from_args(&c, 2, off, &why), 0);
    assert_false(c.http_tls);
    char *on[] = {"possumd", "--http-tls", NULL};
    assert_int_equal(host_config_from_args(&c, 2, on, &why), 0);
    assert_true(c.http_tls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(flags_override_the_file),
        cmocka_unit_test(http_tls_is_off_unless_asked),
        cmocka_unit_test(errors_name_the_line_and_setting),
        cmocka_unit_test(postgres_is_chosen_with_its_connection_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
