/* RFC 4180 as the catalog reads and writes it: quoting, line ends, byte order marks,
 * and every syntax error with the line it is on, the reader staying in step after it. */
#include "testing.h"

#include <stdio.h>

#include "pos/catalog/csv.h"

static struct pos_csv_record rec;

/* Reads from a heap copy of exactly the text's bytes, so ASan catches a read past len. */
struct source {
    char *copy;
    struct pos_csv_reader r;
};

static void open_text(struct source *s, const char *text)
{
    size_t len = strlen(text);
    s->copy = malloc(len > 0 ? len : 1);
    assert_non_null(s->copy);
    memcpy(s->copy, text, len);
    pos_csv_reader_init(&s->r, s->copy, len);
}

static void assert_field(size_t i, const char *want)
{
    assert_true(i < rec.nfields);
    assert_int_equal(rec.field[i].len, strlen(want));
    assert_memory_equal(rec.field[i].ptr, want, strlen(want));
}

static void reads_bare_and_quoted_fields(void **state)
{
    (void)state;
    struct source s;
    struct ps_reason why;
    open_text(&s, "code,name\n"
                  "1,\"Tea, green\"\n"
                  "2,\"Say \"\"hi\"\"\"\n"
                  "3,\"two\nlines\"\n"
                  "4,\"\"\n"
                  "5,plain text");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_int_equal(rec.line, 1);
    assert_int_equal(rec.nfields, 2);
    assert_field(0, "code");
    assert_field(1, "name");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_int_equal(rec.line, 2);
    assert_field(1, "Tea, green");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_field(1, "Say \"hi\"");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_int_equal(rec.line, 4);
    assert_field(1, "two\nlines");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_int_equal(rec.line, 6); /* the quoted line break moved the count on */
    assert_field(1, "");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0); /* no line end at the end */
    assert_int_equal(rec.line, 7);
    assert_field(1, "plain text");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), POS_CSV_END);
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), POS_CSV_END);
    free(s.copy);
}

static void reads_crlf_a_bom_and_empty_fields(void **state)
{
    (void)state;
    struct source s;
    struct ps_reason why;
    open_text(&s, "\xEF\xBB\xBF"
                  "a,b\r\n"
                  ",,\r\n"
                  "\r\n"
                  "\"x\r\ny\",z\r\n"
                  "c\rd,e\r\n");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_field(0, "a"); /* the byte order mark is not part of the first field */
    assert_field(1, "b");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_int_equal(rec.nfields, 3);
    assert_field(0, "");
    assert_field(2, "");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0); /* an empty line: one empty field */
    assert_int_equal(rec.line, 3);
    assert_int_equal(rec.nfields, 1);
    assert_field(0, "");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_field(0, "x\r\ny"); /* inside quotes a line end is text, as it was */
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_int_equal(rec.line, 6);
    assert_field(0, "c\rd"); /* a lone CR is text */
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), POS_CSV_END);
    free(s.copy);

    open_text(&s, "");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), POS_CSV_END);
    free(s.copy);
    open_text(&s, "\xEF\xBB\xBF");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), POS_CSV_END);
    free(s.copy);
}

static void counts_fields_beyond_those_it_keeps(void **state)
{
    (void)state;
    struct source s;
    struct ps_reason why;
    open_text(&s, "1,2,3,4,5,6,7,8,9,10,11\nnext\n");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_int_equal(rec.nfields, 11);
    assert_field(7, "8");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_field(0, "next");
    free(s.copy);

    open_text(&s, "x,"); /* the buffer ends right after a comma: an empty last field */
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);
    assert_int_equal(rec.nfields, 2);
    assert_field(1, "");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), POS_CSV_END);
    free(s.copy);
}

static void reports_syntax_errors_and_goes_on(void **state)
{
    (void)state;
    struct source s;
    struct ps_reason why;
    open_text(&s, "ok,1\n"
                  "a\"b,2\n"
                  "\"quoted\"x,3\n"
                  "fine,4\n"
                  "x,\"never closed\n"
                  "more\n");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0);

    assert_int_equal(pos_csv_read(&s.r, &rec, &why), PS_EFORMAT);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.bad_field, 0);
    assert_string_equal(why.text, "a quote inside a field that does not start with one "
                                  "(quote the whole field and double the quote)");

    assert_int_equal(pos_csv_read(&s.r, &rec, &why), PS_EFORMAT);
    assert_int_equal(rec.line, 3);
    assert_non_null(strstr(why.text, "text after the closing quote"));

    assert_int_equal(pos_csv_read(&s.r, &rec, &why), 0); /* in step again */
    assert_int_equal(rec.line, 4);
    assert_field(0, "fine");

    assert_int_equal(pos_csv_read(&s.r, &rec, &why), PS_EFORMAT);
    assert_int_equal(rec.line, 5);
    assert_int_equal(rec.bad_field, 1);
    assert_string_equal(why.text, "the quote opened on line 5 is never closed");
    assert_int_equal(pos_csv_read(&s.r, &rec, &why), POS_CSV_END);
    free(s.copy);
}

static void refuses_a_record_too_long_and_goes_on(void **state)
{
    (void)state;
    struct ps_reason why;
    size_t big = POS_CSV_RECORD_MAX + 10;
    char *text = malloc(big + 32);
    assert_non_null(text);
    memcpy(text, "a,", 2);
    memset(text + 2, 'n', big);
    memcpy(text + 2 + big, ",z\nnext\n", 8);
    struct pos_csv_reader r;
    pos_csv_reader_init(&r, text, 2 + big + 8);
    assert_int_equal(pos_csv_read(&r, &rec, &why), PS_ETOOLONG);
    assert_int_equal(rec.bad_field, 1);
    assert_string_equal(why.text, "the line holds more than 2048 bytes of text");
    assert_int_equal(pos_csv_read(&r, &rec, &why), 0);
    assert_int_equal(rec.line, 2);
    assert_field(0, "next");
    free(text);
}

static void writes_fields_quoted_only_when_needed(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"绿茶", "绿茶"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\r", "\"cr\r\""},
        {" padded", "\" padded\""},
        {"padded\t", "\"padded\t\""},
        {"", ""},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        assert_int_equal(pos_csv_write_field(f, cases[i].in, strlen(cases[i].in)), 0);
        fclose(f);
        assert_string_equal(buf, cases[i].out);
        free(buf);
    }
}

static void survives_random_bytes(void **state)
{
    (void)state;
    static const char alphabet[] = "ab,\"\r\n\xEF\xBB";
    uint64_t seed = test_seed(), rng = seed;
    print_message("csv random input test: POSSUM_TEST_SEED=%" PRIu64 "\n", seed);
    for (int round = 0; round < 2000; round++) {
        size_t len = random_below(&rng, 200);
        char *text = malloc(len > 0 ? len : 1);
        assert_non_null(text);
        for (size_t i = 0; i < len; i++)
            text[i] = alphabet[random_below(&rng, sizeof(alphabet) - 1)];
        struct pos_csv_reader r;
        struct ps_reason why;
        pos_csv_reader_init(&r, text, len);
        size_t records = 0, last_line = 0;
        int rc;
        while ((rc = pos_csv_read(&r, &rec, &why)) != POS_CSV_END) {
            assert_seeded(rc == 0 || rc == PS_EFORMAT, seed);
            assert_seeded(rec.line > last_line || records == 0, seed); /* always moves on */
            last_line = rec.line;
            assert_seeded(++records <= len + 1, seed);
        }
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_bare_and_quoted_fields),
        cmocka_unit_test(reads_crlf_a_bom_and_empty_fields),
        cmocka_unit_test(counts_fields_beyond_those_it_keeps),
        cmocka_unit_test(reports_syntax_errors_and_goes_on),
        cmocka_unit_test(refuses_a_record_too_long_and_goes_on),
        cmocka_unit_test(writes_fields_quoted_only_when_needed),
        cmocka_unit_test(survives_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
