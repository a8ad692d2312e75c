#include "core/checks/uscc.h"
#include "core/checks/chars.h"

#include <stdio.h>
#include <string.h>

#define BODY_LEN     17
#define ORG_BODY_LEN 8

/* GB 32100-2015: the 31 code characters, in the order of their values 0..30. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
#define ALPHABET_LEN (sizeof(alphabet) - 1)

/* GB 32100-2015: the weight of position i (0-based) is 3^i mod 31. */
static const unsigned char weights[BODY_LEN] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                29, 25, 13, 8,  24, 10, 30, 28};

/* GB 11714-1997: the weights of the 8 body characters of an organisation code. */
static const unsigned char org_weights[ORG_BODY_LEN] = {3, 7, 9, 10, 5, 8, 4, 2};

/* GB 32100-2015 registration authority codes and, under each, the organisation
 * category codes it defines. A (the Central Military Commission's reform and
 * establishment office) and N (agriculture) were added by amendments after 2015;
 * codes with them are issued, so they are accepted. */
static const struct authority {
    char code;
    const char *name;
    struct {
        char code;
        const char *name;
    } categories[6];
} authorities[] = {
    {'1',
     "public sector establishment",
     {{'1', "government organ"},
      {'2', "public institution"},
      {'3', "mass organisation under the central establishment office"},
      {'9', "other"}}},
    {'2', "foreign affairs", {{'1', "resident office of foreign media"}, {'9', "other"}}},
    {'3',
     "justice administration",
     {{'1', "law firm"},
      {'2', "notary office"},
      {'3', "grassroots legal service office"},
      {'4', "forensic appraisal institution"},
      {'5', "arbitration commission"},
      {'9', "other"}}},
    {'4', "culture", {{'1', "foreign cultural centre in China"}, {'9', "other"}}},
    {'5',
     "civil affairs",
     {{'1', "social organisation"},
      {'2', "private non-enterprise unit"},
      {'3', "foundation"},
      {'9', "other"}}},
    {'6',
     "tourism",
     {{'1', "resident office of a foreign tourism authority"},
      {'2', "resident office of a Hong Kong, Macao or Taiwan tourism authority"},
      {'9', "other"}}},
    {'7',
     "religious affairs",
     {{'1', "place of religious activity"}, {'2', "religious school"}, {'9', "other"}}},
    {'8', "trade unions", {{'1', "grassroots trade union"}, {'9', "other"}}},
    {'9',
     "industry and commerce",
     {{'1', "enterprise"}, {'2', "individual business"}, {'3', "farmers' cooperative"}}},
    {'A',
     "military reform and establishment office",
     {{'1', "military public institution"}, {'9', "other"}}},
    {'N',
     "agriculture",
     {{'1', "group-level collective economic organisation"},
      {'2', "village-level collective economic organisation"},
      {'3', "township-level collective economic organisation"},
      {'9', "other"}}},
    {'Y', "other", {{'1', "other"}}},
};

static const struct authority *find_authority(char code)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(authorities); i++) {
        if (authorities[i].code == code)
            return &authorities[i];
    }
    return NULL;
}

const char *ps_uscc_authority_name(char authority)
{
    const struct authority *a = find_authority(authority);
    return a != NULL ? a->name : NULL;
}

const char *ps_uscc_category_name(char authority, char category)
{
    const struct authority *a = find_authority(authority);
    for (size_t i = 0; a != NULL && i < PS_ARRAY_LEN(a->categories); i++) {
        if (a->categories[i].code != '\0' && a->categories[i].code == category)
            return a->categories[i].name;
    }
    return NULL;
}

/* The value 0..30 of a code character, or -1 when it is not one. */
static int char_value(char c)
{
    const char *p = c != '\0' ? memchr(alphabet, c, ALPHABET_LEN) : NULL;
    return p != NULL ? (int)(p - alphabet) : -1;
}

/* GB 11714-1997: digits count 0-9 and the letters A-Z 10-35 (the full alphabet, not
 * the GB 32100 values). Returns -1 for anything else. */
static int org_char_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return -1;
}

static int require_charset(const char *s, size_t len, struct ps_reason *why)
{
    char name[PS__CHAR_NAME_MAX];
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (char_value(c) >= 0)
            continue;
        const char *hint = "";
        if (c >= 'a' && c <= 'z')
            hint = " (letters are upper case)";
        else if (c == 'I' || c == 'O' || c == 'S' || c == 'V' || c == 'Z')
            hint = " (I, O, S, V and Z are never used)";
        return ps_fail(why, PS_EFORMAT, "%s at position %zu is not allowed in a credit code%s",
                       ps__check_char_name(c, name), i + 1, hint);
    }
    return PS_OK;
}

/* Writes the category codes a defines as "1, 2, 3, 9" into buf. */
static void list_categories(const struct authority *a, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < PS_ARRAY_LEN(a->categories) && a->categories[i].code != '\0'; i++)
        n += (size_t)snprintf(buf + n, cap - n, i == 0 ? "%c" : ", %c", a->categories[i].code);
}

/* GB 32100-2015: position 2 must be a category its position-1 authority defines. */
static int check_authority(const char *s, struct ps_reason *why)
{
    const struct authority *a = find_authority(s[0]);
    if (a == NULL)
        return ps_fail(why, PS_EFORMAT,
                       "registration authority code %c (position 1) is not defined by GB 32100",
                       s[0]);
    if (ps_uscc_category_name(s[0], s[1]) != NULL)
        return PS_OK;
    char defined[3 * PS_ARRAY_LEN(a->categories)];
    list_categories(a, defined, sizeof(defined));
    return ps_fail(why, PS_EFORMAT,
                   "registration authority %c (%s) has no organisation category %c "
                   "(position 2); GB 32100 defines %s",
                   s[0], a->name, s[1], defined);
}

/* GB 32100-2015: positions 3-8 are a GB/T 2260 division code, 6 digits. */
static int check_division(const char *s, struct ps_reason *why)
{
    char name[PS__CHAR_NAME_MAX];
    for (size_t i = 2; i < 8; i++) {
        if (s[i] < '0' || s[i] > '9')
            return ps_fail(why, PS_EFORMAT,
                           "%s at position %zu is not a digit; positions 3-8 are the "
                           "administrative division code",
                           ps__check_char_name(s[i], name), i + 1);
    }
    return PS_OK;
}

/* GB 11714-1997: C9 = 11 - (sum of value * weight) mod 11, where 10 is written X and
 * 11 is written 0. The body must be 8 characters 0-9 or A-Z. */
static char org_check(const char *body)
{
    unsigned sum = 0;
    for (size_t i = 0; i < ORG_BODY_LEN; i++)
        sum += org_weights[i] * (unsigned)org_char_value(body[i]);
    unsigned c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

static int check_org_code(const char *s, struct ps_reason *why)
{
    const char *org = s + 8;
    char want = org_check(org);
    if (org[ORG_BODY_LEN] != want)
        return ps_fail(why, PS_ECHECK,
                       "organisation code %.8s-%c (positions 9-17): check character should "
                       "be %c, not %c",
                       org, org[ORG_BODY_LEN], want, org[ORG_BODY_LEN]);
    return PS_OK;
}

/* GB 32100-2015: C18 = 31 - (sum of value * weight) mod 31, where 31 is written 0.
 * The body must be 17 characters of the code set. */
static char uscc_check(const char *body)
{
    unsigned sum = 0;
    for (size_t i = 0; i < BODY_LEN; i++)
        sum += weights[i] * (unsigned)char_value(body[i]);
    return alphabet[(31 - sum % 31) % 31];
}

int ps_uscc_validate(const char *s, size_t len, struct ps_uscc *out, struct ps_reason *why)
{
    int rc;
    ps_reason_clear(why);
    if (len != PS_USCC_LEN)
        return ps_fail(why, PS_EFORMAT, "a credit code has 18 characters, not %zu", len);
    if ((rc = require_charset(s, len, why)) != 0 || (rc = check_authority(s, why)) != 0 ||
        (rc = check_division(s, why)) != 0 || (rc = check_org_code(s, why)) != 0)
        return rc;
    char want = uscc_check(s);
    if (s[BODY_LEN] != want)
        return ps_fail(why, PS_ECHECK, "check character should be %c, not %c", want, s[BODY_LEN]);
    if (out != NULL) {
        out->authority = s[0];
        out->category = s[1];
        memcpy(out->division, s + 2, 6);
        out->division[6] = '\0';
        memcpy(out->org_code, s + 8, 9);
        out->org_code[9] = '\0';
    }
    return PS_OK;
}

int ps_uscc_check_char(const char *body, size_t len, char *check, struct ps_reason *why)
{
    ps_reason_clear(why);
    if (len != BODY_LEN)
        return ps_fail(why, PS_EFORMAT,
                       "a credit code body (without its check character) has 17 characters, "
                       "not %zu",
                       len);
    int rc = require_charset(body, len, why);
    if (rc != 0)
        return rc;
    *check = uscc_check(body);
    return PS_OK;
}

int ps_uscc_org_code_check_char(const char *body, size_t len, char *check, struct ps_reason *why)
{
    char name[PS__CHAR_NAME_MAX];
    ps_reason_clear(why);
    if (len != ORG_BODY_LEN)
        return ps_fail(why, PS_EFORMAT,
                       "an organisation code body (without its check character) has 8 "
                       "characters, not %zu",
                       len);
    for (size_t i = 0; i < len; i++) {
        if (org_char_value(body[i]) < 0)
            return ps_fail(why, PS_EFORMAT,
                           "%s at position %zu is not allowed in an organisation code",
                           ps__check_char_name(body[i], name), i + 1);
    }
    *check = org_check(body);
    return PS_OK;
}
