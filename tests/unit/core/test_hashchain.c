/* core/hashchain: links computed independently in the shell while writing this test:
 *   (printf '%064d' 0 | xxd -r -p; printf 'abc') | sha256sum          -> link 1
 *   (echo -n <link 1> | xxd -r -p; printf 'possum') | sha256sum       -> link 2
 *   (echo -n <link 2> | xxd -r -p) | sha256sum                        -> link 3 (empty)
 * and cross-checked with `openssl dgst -sha256`. */
#include "testing.h"

#include "core/hashchain.h"

#define LINK1 "365AA7D8F7F9402C4B9434502B4CC89DDB09FE50D7CD95B493B834C62D5A5370"
#define LINK2 "A083D88318B64074D01B2B0BA38CCA7A23A19DFCF6DB00A15075BFB83183AF74"
#define LINK3 "62F9152C5053FECE45315E8B290ADF13900CE7718CD9847EDC4721EFAEF100F0"

static const char *const texts[] = {"abc", "possum", ""};

static void genesis_is_32_zero_bytes(void **state)
{
    (void)state;
    uint8_t g[PS_HASHCHAIN_LINK_LEN];
    memset(g, 0xAA, sizeof(g));
    ps_hashchain_genesis(g);
    for (size_t i = 0; i < sizeof(g); i++)
        assert_int_equal(g[i], 0);
}

static void links_match_sha256sum(void **state)
{
    (void)state;
    uint8_t link[PS_HASHCHAIN_LINK_LEN];
    ps_hashchain_genesis(link);
    assert_int_equal(ps_hashchain_link(link, (const uint8_t *)"abc", 3, link, NULL), 0);
    assert_hex_equal(link, sizeof(link), LINK1);
    assert_int_equal(ps_hashchain_link(link, (const uint8_t *)"possum", 6, link, NULL), 0);
    assert_hex_equal(link, sizeof(link), LINK2);
    assert_int_equal(ps_hashchain_link(link, NULL, 0, link, NULL), 0);
    assert_hex_equal(link, sizeof(link), LINK3);
}

static void append_and_check_walk_the_same_chain(void **state)
{
    (void)state;
    struct ps_hashchain w, r;
    uint8_t links[3][PS_HASHCHAIN_LINK_LEN];

    ps_hashchain_init(&w);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(ps_hashchain_append(&w, (const uint8_t *)texts[i], strlen(texts[i]), NULL),
                         0);
        memcpy(links[i], w.link, sizeof(w.link));
    }
    assert_int_equal(w.count, 3);
    assert_hex_equal(w.link, sizeof(w.link), LINK3);

    ps_hashchain_init(&r);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(
            ps_hashchain_check(&r, (const uint8_t *)texts[i], strlen(texts[i]), links[i], NULL), 0);
    assert_int_equal(r.count, 3);

    /* resuming after record 2 checks record 3 alone */
    ps_hashchain_resume(&r, links[1], 2);
    assert_int_equal(ps_hashchain_check(&r, NULL, 0, links[2], NULL), 0);
    assert_int_equal(r.count, 3);
}

static void a_changed_record_does_not_check(void **state)
{
    (void)state;
    struct ps_hashchain c;
    struct ps_reason why = {{0}};
    uint8_t link1[PS_HASHCHAIN_LINK_LEN];
    unhex(LINK1, link1, sizeof(link1));

    ps_hashchain_init(&c);
    assert_int_equal(ps_hashchain_check(&c, (const uint8_t *)"abd", 3, link1, &why), PS_ECHECK);
    assert_string_equal(
        why.text, "record 1: its link does not follow from the record and the link before it");
    assert_int_equal(c.count, 0); /* unchanged */
    assert_int_equal(ps_hashchain_check(&c, (const uint8_t *)"abc", 3, link1, &why), 0);
}

static void verify_names_the_first_bad_record(void **state)
{
    (void)state;
    uint8_t l[3][PS_HASHCHAIN_LINK_LEN], head[PS_HASHCHAIN_LINK_LEN];
    struct ps_hashchain_record recs[3];
    struct ps_reason why = {{0}};
    size_t bad = 99;

    unhex(LINK1, l[0], sizeof(l[0]));
    unhex(LINK2, l[1], sizeof(l[1]));
    unhex(LINK3, l[2], sizeof(l[2]));
    for (size_t i = 0; i < 3; i++)
        recs[i] = (struct ps_hashchain_record){(const uint8_t *)texts[i], strlen(texts[i]), l[i]};
    assert_int_equal(ps_hashchain_verify(recs, 3, &bad, head, &why), 0);
    assert_int_equal(bad, 3);
    assert_hex_equal(head, sizeof(head), LINK3);

    assert_int_equal(ps_hashchain_verify(recs, 0, &bad, head, &why), 0);
    assert_int_equal(bad, 0);
    assert_hex_equal(head, sizeof(head),
                     "0000000000000000000000000000000000000000000000000000000000000000");

    /* swapping two records breaks the chain at the first of them */
    struct ps_hashchain_record swapped[3] = {recs[1], recs[0], recs[2]};
    assert_int_equal(ps_hashchain_verify(swapped, 3, &bad, head, &why), PS_ECHECK);
    assert_int_equal(bad, 0);

    /* dropping the middle record breaks it where the gap is */
    struct ps_hashchain_record dropped[2] = {recs[0], recs[2]};
    assert_int_equal(ps_hashchain_verify(dropped, 2, &bad, head, &why), PS_ECHECK);
    assert_int_equal(bad, 1);
    assert_hex_equal(head, sizeof(head), LINK1);
    assert_non_null(strstr(why.text, "record 2:"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(genesis_is_32_zero_bytes),
        cmocka_unit_test(links_match_sha256sum),
        cmocka_unit_test(append_and_check_walk_the_same_chain),
        cmocka_unit_test(a_changed_record_does_not_check),
        cmocka_unit_test(verify_names_the_first_bad_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
