#include "host/office/onboarding/application.h"

#include <stddef.h>
#include <string.h>

#include "core/checks/luhn.h"
#include "core/checks/mcc.h"
#include "core/checks/resident_id.h"
#include "core/checks/uscc.h"
#include "host/office/calendar.h"
#include "host/office/onboarding/phone.h"
#include "host/office/onboarding/text.h"

/* ---- names ---------------------------------------------------------------------- */

static const char *const business_type_names[] = {
    [OFFICE_BUSINESS_INDIVIDUAL] = "individual_business",
    [OFFICE_BUSINESS_ENTERPRISE] = "enterprise",
    [OFFICE_BUSINESS_OTHER] = "other",
};
static const struct office__names business_types = {
    business_type_names, PS_ARRAY_LEN(business_type_names),
    "a business type (individual_business, enterprise or other)"};

static const char *const account_kind_names[] = {
    [OFFICE_ACCOUNT_CORPORATE] = "corporate",
    [OFFICE_ACCOUNT_PERSONAL] = "personal",
};
static const struct office__names account_kinds = {
    account_kind_names, PS_ARRAY_LEN(account_kind_names),
    "a kind of settlement account (corporate or personal)"};

static const char *const channel_names[] = {
    [OFFICE_CHANNEL_PAPER] = "paper",
    [OFFICE_CHANNEL_ONLINE] = "online",
};
static const struct office__names channels = {channel_names, PS_ARRAY_LEN(channel_names),
                                              "a channel (paper or online)"};

/* Indexed by flag value; only single flags have names. */
static const char *const product_names[] = {
    [OFFICE_PRODUCT_CARD] = "card",
    [OFFICE_PRODUCT_QR] = "qr",
};
static const struct office__names products = {product_names, PS_ARRAY_LEN(product_names),
                                              "a product (card or qr)"};

const char *office_business_type_name(enum office_business_type type)
{
    return office__name_of(&business_types, (int)type);
}

int office_business_type_from_name(const char *s, size_t len, enum office_business_type *type,
                                   struct ps_reason *why)
{
    int v;
    int rc = office__value_of(&business_types, s, len, &v, why);
    if (rc == 0)
        *type = (enum office_business_type)v;
    return rc;
}

const char *office_account_kind_name(enum office_account_kind kind)
{
    return office__name_of(&account_kinds, (int)kind);
}

int office_account_kind_from_name(const char *s, size_t len, enum office_account_kind *kind,
                                  struct ps_reason *why)
{
    int v;
    int rc = office__value_of(&account_kinds, s, len, &v, why);
    if (rc == 0)
        *kind = (enum office_account_kind)v;
    return rc;
}

const char *office_channel_name(enum office_channel channel)
{
    return office__name_of(&channels, (int)channel);
}

int office_channel_from_name(const char *s, size_t len, enum office_channel *channel,
                             struct ps_reason *why)
{
    int v;
    int rc = office__value_of(&channels, s, len, &v, why);
    if (rc == 0)
        *channel = (enum office_channel)v;
    return rc;
}

const char *office_product_name(unsigned product)
{
    return product > INT32_MAX ? NULL : office__name_of(&products, (int)product);
}

int office_product_from_name(const char *s, size_t len, unsigned *product, struct ps_reason *why)
{
    int v;
    int rc = office__value_of(&products, s, len, &v, why);
    if (rc == 0)
        *product = (unsigned)v;
    return rc;
}

/* ---- the fields ----------------------------------------------------------------- */

enum field_type {
    TEXT, /* free text a person typed, with a limit in characters */
    CODE, /* an identifier, checked by its own rules */
    BUSINESS_TYPE,
    ACCOUNT_KIND,
    CHANNEL,
    PRODUCTS,
    AGENT_ID
};

/* Indexes into fields[], in the order of the struct (and of the problems). */
enum field_id {
    LEGAL_NAME,
    USCC,
    PERSON_NAME,
    PERSON_ID,
    PHONE,
    ADDRESS,
    MCC,
    BUSINESS,
    ACCOUNT_KIND_F,
    ACCOUNT_NAME,
    BANK_NAME,
    ACCOUNT_NUMBER,
    PRODUCTS_F,
    FEE_PLAN,
    AGENT,
    CHANNEL_F,
    FIELD_COUNT
};

struct field {
    const char *name;  /* the API's */
    const char *label; /* the sentence's */
    enum field_type type;
    size_t offset, size; /* of a TEXT or CODE field's buffer in the struct */
    size_t max_chars;    /* of a TEXT field */
};

#define MEMBER_SIZE(m) sizeof(((struct office_application *)0)->m)
#define TEXT_FIELD(id, name, label, member, chars)                                                 \
    [id] = {name, label, TEXT, offsetof(struct office_application, member), MEMBER_SIZE(member),   \
            chars}
#define CODE_FIELD(id, name, label, member)                                                        \
    [id] = {name, label, CODE, offsetof(struct office_application, member), MEMBER_SIZE(member), 0}
#define OTHER_FIELD(id, name, label, type) [id] = {name, label, type, 0, 0, 0}

static const struct field fields[FIELD_COUNT] = {
    TEXT_FIELD(LEGAL_NAME, "legal_name", "legal name", legal_name, OFFICE_LEGAL_NAME_CHARS),
    CODE_FIELD(USCC, "uscc", "USCC", uscc),
    TEXT_FIELD(PERSON_NAME, "legal_person.name", "legal person's name", legal_person.name,
               OFFICE_PERSON_NAME_CHARS),
    CODE_FIELD(PERSON_ID, "legal_person.id_number", "legal person's ID number",
               legal_person.id_number),
    CODE_FIELD(PHONE, "contact_phone", "contact phone", contact_phone),
    TEXT_FIELD(ADDRESS, "business_address", "business address", business_address,
               OFFICE_ADDRESS_CHARS),
    CODE_FIELD(MCC, "mcc", "MCC", mcc),
    OTHER_FIELD(BUSINESS, "business_type", "business type", BUSINESS_TYPE),
    OTHER_FIELD(ACCOUNT_KIND_F, "settlement.account_kind", "settlement account kind", ACCOUNT_KIND),
    TEXT_FIELD(ACCOUNT_NAME, "settlement.account_name", "settlement account name",
               settlement.account_name, OFFICE_ACCOUNT_NAME_CHARS),
    TEXT_FIELD(BANK_NAME, "settlement.bank_name", "settlement bank name", settlement.bank_name,
               OFFICE_BANK_NAME_CHARS),
    CODE_FIELD(ACCOUNT_NUMBER, "settlement.account_number", "settlement account number",
               settlement.account_number),
    OTHER_FIELD(PRODUCTS_F, "products", "requested products", PRODUCTS),
    TEXT_FIELD(FEE_PLAN, "fee_plan", "fee plan", fee_plan, OFFICE_FEE_PLAN_CHARS),
    OTHER_FIELD(AGENT, "agent_id", "agent id", AGENT_ID),
    OTHER_FIELD(CHANNEL_F, "channel", "channel", CHANNEL),
};

/* The documents the issue names; the upload code calls them by these names too. A
 * reviewer returns an application for a blurred ID photo as often as for a typo. */
static const char *const document_fields[] = {
    "documents.business_licence",
    "documents.id_front",
    "documents.id_back",
    "documents.shop_photos",
};

static const struct field *field_named(const char *name, size_t len)
{
    for (size_t i = 0; i < FIELD_COUNT; i++) {
        if (strlen(fields[i].name) == len && memcmp(fields[i].name, name, len) == 0)
            return &fields[i];
    }
    return NULL;
}

int office_application_field_check(const char *name, size_t len, struct ps_reason *why)
{
    char quoted[OFFICE__QUOTE_MAX];
    ps_reason_clear(why);
    if (field_named(name, len) != NULL)
        return 0;
    for (size_t i = 0; i < PS_ARRAY_LEN(document_fields); i++) {
        if (strlen(document_fields[i]) == len && memcmp(document_fields[i], name, len) == 0)
            return 0;
    }
    return ps_fail(why, PS_EUNDEFINED, "%s is not a field of an application",
                   office__quote(name, len, quoted));
}

void office_application_init(struct office_application *app)
{
    memset(app, 0, sizeof(*app));
}

/* ---- setting fields ------------------------------------------------------------- */

static char *buffer_of(struct office_application *app, const struct field *f)
{
    return (char *)app + f->offset;
}

static const char *text_of(const struct office_application *app, const struct field *f,
                           size_t *len /* OUT */)
{
    const char *s = (const char *)app + f->offset;
    *len = office__bounded_len(s, f->size);
    return s;
}

static int set_buffer(struct office_application *app, const struct field *f, const char *value,
                      size_t len, struct office_problems *problems)
{
    if (len > f->size - 1)
        return office_problem_add(problems, f->name, PS_ETOOLONG, "%s has %zu bytes; at most %zu",
                                  f->label, len, f->size - 1);
    const char *nul = memchr(value, '\0', len);
    if (nul != NULL)
        return office_problem_add(problems, f->name, PS_EFORMAT, "%s has a NUL byte at byte %zu",
                                  f->label, (size_t)(nul - value) + 1);
    char *dst = buffer_of(app, f);
    memcpy(dst, value, len);
    dst[len] = '\0';
    return 0;
}

/* "card,qr" -> the flags; "" -> 0. An empty name between commas is refused. */
static int parse_products(const char *value, size_t len, unsigned *flags, struct ps_reason *why)
{
    *flags = 0;
    if (len == 0)
        return 0;
    for (size_t at = 0;;) {
        const char *comma = memchr(value + at, ',', len - at);
        size_t end = comma != NULL ? (size_t)(comma - value) : len;
        unsigned flag;
        int rc = office_product_from_name(value + at, end - at, &flag, why);
        if (rc != 0)
            return rc;
        *flags |= flag;
        if (comma == NULL)
            return 0;
        at = end + 1;
    }
}

/* Decimal digits, at most 18 (always fits int64); "" -> 0. */
static int parse_agent_id(const char *value, size_t len, int64_t *id, struct ps_reason *why)
{
    char quoted[OFFICE__QUOTE_MAX];
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (value[i] < '0' || value[i] > '9' || i == 18)
            return ps_fail(why, PS_EFORMAT, "%s is not an id: up to 18 digits, 0 for none",
                           office__quote(value, len, quoted));
        v = v * 10 + (value[i] - '0');
    }
    *id = v;
    return 0;
}

/* The fields that are not text: read value by the field's type, then store. */
static int set_other(struct office_application *app, const struct field *f, const char *value,
                     size_t len, struct ps_reason *why)
{
    int v = 0, rc;
    switch (f->type) {
    case BUSINESS_TYPE:
        if ((rc = office__value_of(&business_types, value, len, &v, why)) == 0)
            app->business_type = (enum office_business_type)v;
        return rc;
    case ACCOUNT_KIND:
        if ((rc = office__value_of(&account_kinds, value, len, &v, why)) == 0)
            app->settlement.kind = (enum office_account_kind)v;
        return rc;
    case CHANNEL:
        if ((rc = office__value_of(&channels, value, len, &v, why)) == 0)
            app->channel = (enum office_channel)v;
        return rc;
    case PRODUCTS: {
        unsigned flags;
        if ((rc = parse_products(value, len, &flags, why)) == 0)
            app->products = flags;
        return rc;
    }
    case AGENT_ID: {
        int64_t id;
        if ((rc = parse_agent_id(value, len, &id, why)) == 0)
            app->agent_id = id;
        return rc;
    }
    case TEXT:
    case CODE:
        break;
    }
    return ps_fail(why, PS_EINVAL, "is not set this way");
}

int office_application_set(struct office_application *app, const char *field, const char *value,
                           size_t len, struct office_problems *problems)
{
    struct office_problems ignored;
    struct ps_reason why;
    char quoted[OFFICE__QUOTE_MAX];
    if (problems == NULL) { /* the caller wants only the code */
        office_problems_clear(&ignored);
        problems = &ignored;
    }
    size_t field_len = strlen(field);
    const struct field *f = field_named(field, field_len);
    if (f == NULL)
        return office_problem_add(problems, field, PS_EUNDEFINED,
                                  "%s is not a field of an application",
                                  office__quote(field, field_len, quoted));
    if (f->type == TEXT || f->type == CODE)
        return set_buffer(app, f, value, len, problems);
    int rc = set_other(app, f, value, len, &why);
    if (rc != 0)
        return office_problem_add(problems, f->name, rc, "%s: %s", f->label, why.text);
    return 0;
}

/* ---- checking ------------------------------------------------------------------- */

/* What the checks of one application share. */
struct checking {
    const struct office_application *app;
    uint32_t today;
    struct office_problems *errors;
    struct office_problems *warnings; /* never NULL inside: a scratch list stands in */
    struct ps_uscc uscc;              /* valid when uscc_ok */
    struct ps_resident_id person;     /* valid when person_ok */
    int uscc_ok, person_ok;
};

static int has_error(const struct checking *c, enum field_id id)
{
    return office_problems_find(c->errors, fields[id].name) != NULL;
}

static int fail(struct checking *c, enum field_id id, int code, const struct ps_reason *why)
{
    return office_problem_add(c->errors, fields[id].name, code, "%s: %s", fields[id].label,
                              why->text);
}

/* The text of a TEXT or CODE field, or NULL with a problem added when it is missing or
 * fills its buffer with no NUL (which only writing the struct directly can do). */
static const char *required_text(struct checking *c, enum field_id id, size_t *len)
{
    const struct field *f = &fields[id];
    const char *s = text_of(c->app, f, len);
    if (*len == f->size) {
        office_problem_add(c->errors, f->name, PS_ETOOLONG, "%s is not terminated within %zu bytes",
                           f->label, f->size);
        return NULL;
    }
    if (*len == 0) {
        office_problem_add(c->errors, f->name, PS_EFORMAT, "%s is required", f->label);
        return NULL;
    }
    return s;
}

static void check_text(struct checking *c, enum field_id id)
{
    const struct field *f = &fields[id];
    const struct office__text_rules rules = {f->size - 1, f->max_chars, 0};
    struct ps_reason why;
    size_t len;
    const char *s = required_text(c, id, &len);
    if (s == NULL)
        return;
    int rc = office__text_check(s, len, &rules, &why);
    if (rc != 0)
        office_problem_add(c->errors, f->name, rc, "%s %s", f->label, why.text);
}

static void check_uscc(struct checking *c)
{
    struct ps_reason why;
    size_t len;
    const char *s = required_text(c, USCC, &len);
    if (s == NULL)
        return;
    int rc = ps_uscc_validate(s, len, &c->uscc, &why);
    if (rc != 0)
        fail(c, USCC, rc, &why);
    c->uscc_ok = rc == 0;
}

static void check_person_id(struct checking *c)
{
    struct ps_reason why;
    size_t len;
    const char *s = required_text(c, PERSON_ID, &len);
    if (s == NULL)
        return;
    int rc = ps_resident_id_validate_as_of(s, len, c->today, &c->person, &why);
    if (rc != 0)
        fail(c, PERSON_ID, rc, &why);
    c->person_ok = rc == 0;
}

static void check_phone(struct checking *c)
{
    struct ps_reason why;
    size_t len;
    const char *s = required_text(c, PHONE, &len);
    int rc;
    if (s != NULL && (rc = office_phone_check(s, len, NULL, &why)) != 0)
        fail(c, PHONE, rc, &why);
}

static void check_mcc(struct checking *c)
{
    struct ps_reason why;
    size_t len;
    const char *s = required_text(c, MCC, &len);
    int rc;
    if (s != NULL && (rc = ps_mcc_validate(s, len, &why)) != 0)
        fail(c, MCC, rc, &why);
}

/* A zeroed enum is "not given"; any other value outside the table is a program's
 * mistake, but still named rather than trusted. */
static void check_enum(struct checking *c, enum field_id id, const struct office__names *table,
                       int value, const char *choices)
{
    const struct field *f = &fields[id];
    if (value == 0)
        office_problem_add(c->errors, f->name, PS_EFORMAT, "%s is required: %s", f->label, choices);
    else if (office__name_of(table, value) == NULL)
        office_problem_add(c->errors, f->name, PS_EUNDEFINED, "%s %d is not defined", f->label,
                           value);
}

/* Only a card carries a Luhn check digit (ISO/IEC 7812): corporate accounts are
 * numbered by each bank's own scheme, often 19 or 20 digits with no check digit at
 * all, so Luhn on them would refuse good accounts. The kind says which it is. */
static void check_account_number(struct checking *c)
{
    struct ps_reason why;
    size_t len;
    const char *s = required_text(c, ACCOUNT_NUMBER, &len);
    int rc;
    if (s == NULL)
        return;
    if ((rc = office__check_digits(s, len, 0, &why)) != 0) {
        fail(c, ACCOUNT_NUMBER, rc, &why);
        return;
    }
    if (c->app->settlement.kind == OFFICE_ACCOUNT_PERSONAL) {
        if (len < OFFICE_CARD_NUMBER_MIN || len > OFFICE_CARD_NUMBER_MAX)
            office_problem_add(c->errors, fields[ACCOUNT_NUMBER].name, PS_EFORMAT,
                               "settlement account number: a personal account is a bank card of "
                               "16 to 19 digits, not %zu",
                               len);
        else if ((rc = ps_luhn_validate(s, len, &why)) != 0)
            fail(c, ACCOUNT_NUMBER, rc, &why);
        return;
    }
    /* corporate, or a kind not given (named at its own field): the digits and length */
    if (len < OFFICE_CORPORATE_ACCOUNT_MIN || len > OFFICE_CORPORATE_ACCOUNT_MAX)
        office_problem_add(c->errors, fields[ACCOUNT_NUMBER].name, PS_EFORMAT,
                           "settlement account number: an account number has 6 to 32 digits, "
                           "not %zu",
                           len);
}

static void check_products(struct checking *c)
{
    const char *name = fields[PRODUCTS_F].name;
    unsigned p = c->app->products;
    if (p == 0)
        office_problem_add(c->errors, name, PS_EFORMAT,
                           "requested products: at least one of card and qr is required");
    else if ((p & ~OFFICE_PRODUCTS_ALL) != 0)
        office_problem_add(c->errors, name, PS_EUNDEFINED,
                           "requested products: flag 0x%X is not a product",
                           p & ~OFFICE_PRODUCTS_ALL);
}

static void check_agent(struct checking *c)
{
    if (c->app->agent_id < 0)
        office_problem_add(c->errors, fields[AGENT].name, PS_EFORMAT,
                           "agent id %lld is negative; 0 means no agent",
                           (long long)c->app->agent_id);
}

/* Runs the check of field id unless it already has a problem. */
static void check_field(struct checking *c, enum field_id id)
{
    const struct office_application *app = c->app;
    if (has_error(c, id))
        return;
    switch (id) {
    case USCC:
        check_uscc(c);
        break;
    case PERSON_ID:
        check_person_id(c);
        break;
    case PHONE:
        check_phone(c);
        break;
    case MCC:
        check_mcc(c);
        break;
    case BUSINESS:
        check_enum(c, id, &business_types, (int)app->business_type,
                   "individual_business, enterprise or other");
        break;
    case ACCOUNT_KIND_F:
        check_enum(c, id, &account_kinds, (int)app->settlement.kind, "corporate or personal");
        break;
    case ACCOUNT_NUMBER:
        check_account_number(c);
        break;
    case PRODUCTS_F:
        check_products(c);
        break;
    case AGENT:
        check_agent(c);
        break;
    case CHANNEL_F:
        check_enum(c, id, &channels, (int)app->channel, "paper or online");
        break;
    case FIELD_COUNT:
        break;
    default:
        check_text(c, id);
        break;
    }
}

/* ---- warnings ------------------------------------------------------------------- */

/* Nonzero when every field named has no error, so a warning about them means something. */
static int all_fine(const struct checking *c, enum field_id a, enum field_id b, enum field_id d)
{
    return !has_error(c, a) && !has_error(c, b) && !has_error(c, d);
}

/* An individual business is its owner in law, so the bank account is normally the
 * owner's (or in the shop's registered name); another name deserves a look. */
static void warn_account_name(struct checking *c)
{
    const struct office_application *app = c->app;
    if (app->business_type != OFFICE_BUSINESS_INDIVIDUAL ||
        !all_fine(c, ACCOUNT_NAME, PERSON_NAME, LEGAL_NAME))
        return;
    if (strcmp(app->settlement.account_name, app->legal_person.name) == 0 ||
        strcmp(app->settlement.account_name, app->legal_name) == 0)
        return;
    office_problem_add(c->warnings, fields[ACCOUNT_NAME].name, PS_EFORMAT,
                       "settlement account name is neither the legal person's name nor the legal "
                       "name; ask for proof that the account belongs to the business");
}

static void warn_enterprise_to_card(struct checking *c)
{
    if (c->app->business_type == OFFICE_BUSINESS_ENTERPRISE &&
        c->app->settlement.kind == OFFICE_ACCOUNT_PERSONAL && !has_error(c, ACCOUNT_KIND_F))
        office_problem_add(c->warnings, fields[ACCOUNT_KIND_F].name, PS_EFORMAT,
                           "an enterprise settling to a personal account needs the legal "
                           "person's written authorisation");
}

/* GB 32100-2015 Annex A: under authority 9 (industry and commerce), category 1 is an
 * enterprise and 2 an individual business. */
static void warn_business_type(struct checking *c)
{
    if (!c->uscc_ok || has_error(c, BUSINESS))
        return;
    char a = c->uscc.authority, k = c->uscc.category;
    int enterprise = a == '9' && k == '1', individual = a == '9' && k == '2';
    enum office_business_type t = c->app->business_type;
    int agrees = (t == OFFICE_BUSINESS_ENTERPRISE && enterprise) ||
                 (t == OFFICE_BUSINESS_INDIVIDUAL && individual) ||
                 (t == OFFICE_BUSINESS_OTHER && !enterprise && !individual);
    if (!agrees) {
        const char *says = ps_uscc_category_name(a, k);
        office_problem_add(c->warnings, fields[BUSINESS].name, PS_EFORMAT,
                           "business type is %s, but the USCC's category %c%c is %s",
                           office_business_type_name(t), a, k, says != NULL ? says : "another");
    }
}

static void warn_minor(struct checking *c)
{
    if (!c->person_ok)
        return;
    const struct ps_resident_id *p = &c->person;
    uint32_t adult_on = (p->birth_year + 18) * 10000 + p->birth_month * 100 + p->birth_day;
    if (c->today < adult_on)
        office_problem_add(c->warnings, fields[PERSON_ID].name, PS_EFORMAT,
                           "the legal person, born %04u-%02u-%02u, is under 18", p->birth_year,
                           p->birth_month, p->birth_day);
}

int office_application_check(const struct office_application *app, uint32_t today,
                             struct office_problems *errors, struct office_problems *warnings)
{
    struct office_problems scratch;
    struct checking c = {.app = app, .today = today, .errors = errors, .warnings = warnings};
    /* the ID number's check takes dates from 1900 on */
    if (today < 19000101 || office_date_check(today, NULL) != 0)
        return office_problem_add(errors, "today", PS_EINVAL,
                                  "today %u is not a real date from 19000101 to 99991231",
                                  (unsigned)today);
    if (c.warnings == NULL) {
        office_problems_clear(&scratch);
        c.warnings = &scratch;
    }
    for (int id = 0; id < FIELD_COUNT; id++)
        check_field(&c, (enum field_id)id);
    warn_account_name(&c);
    warn_enterprise_to_card(&c);
    warn_business_type(&c);
    warn_minor(&c);
    return errors->count > 0 || errors->dropped > 0 ? PS_EFORMAT : 0;
}
