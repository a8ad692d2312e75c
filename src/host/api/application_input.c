/* An application's JSON as the office reads it: the form's members (nested objects for
 * legal_person and settlement, products as an array) as (field, value) pairs, and an
 * action's body as struct office_step_input. Every member that is not a field, or not
 * of its type, is named; nothing is guessed. */
#include "host/api/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/office/calendar.h"
#include "host/office/onboarding/applications.h"

int64_t api_param_id(const struct api_call *call, size_t i)
{
    const char *s = i < call->param_count ? call->params[i] : "";
    char *end = NULL;
    if (s[0] < '1' || s[0] > '9' || strlen(s) > 18)
        return 0;
    long long v = strtoll(s, &end, 10);
    return *end == '\0' ? (int64_t)v : 0;
}

static void add(struct api_fields *f, const char *field, const char *value, size_t len)
{
    if (f->n == API_FIELDS_MAX)
        return;
    f->v[f->n++] = (struct office_field_value){field, value, len};
}

/* A string member (null as ""), or a problem naming it. */
static void string_member(struct api_fields *f, const char *field, json_t *v,
                          struct office_problems *problems)
{
    if (json_is_null(v))
        add(f, field, "", 0);
    else if (!json_is_string(v))
        office_problem_add(problems, field, PS_EFORMAT, "must be a string");
    else
        add(f, field, json_string_value(v), json_string_length(v));
}

/* The members of a nested object (legal_person, settlement): inner[i] is named
 * full[i] ("legal_person.name"). */
static void nested(struct api_fields *f, const char *outer, json_t *obj, const char *const *inner,
                   const char *const *full, struct office_problems *problems)
{
    const char *key;
    json_t *v;
    if (!json_is_object(obj)) {
        office_problem_add(problems, outer, PS_EFORMAT, "must be an object");
        return;
    }
    json_object_foreach(obj, key, v)
    {
        size_t i = 0;
        while (inner[i] != NULL && strcmp(inner[i], key) != 0)
            i++;
        if (inner[i] != NULL) {
            string_member(f, full[i], v, problems);
            continue;
        }
        char name[OFFICE_FIELD_NAME_MAX];
        snprintf(name, sizeof(name), "%s.%.24s", outer, key);
        office_problem_add(problems, name, PS_EUNDEFINED, "is not a field of an application");
    }
}

static void products(struct api_fields *f, json_t *v, struct office_problems *problems)
{
    size_t i, at = 0;
    json_t *item;
    if (json_is_string(v) || json_is_null(v)) {
        string_member(f, "products", v, problems);
        return;
    }
    if (!json_is_array(v)) {
        office_problem_add(problems, "products", PS_EFORMAT, "must be an array of card, qr");
        return;
    }
    f->products[0] = '\0';
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item) || json_string_length(item) > 16) {
            office_problem_add(problems, "products", PS_EFORMAT,
                               "item %zu must be a product name: card or qr", i);
            return;
        }
        at += (size_t)snprintf(f->products + at, sizeof(f->products) - at, "%s%s", i > 0 ? "," : "",
                               json_string_value(item));
    }
    add(f, "products", f->products, strlen(f->products));
}

static void agent_id(struct api_fields *f, json_t *v, struct office_problems *problems)
{
    if (json_is_null(v)) {
        add(f, "agent_id", "", 0);
    } else if (!json_is_integer(v) || json_integer_value(v) < 0) {
        office_problem_add(problems, "agent_id", PS_EFORMAT, "must be a whole number, 0 or more");
    } else {
        snprintf(f->agent_id, sizeof(f->agent_id), "%" PRId64, (int64_t)json_integer_value(v));
        add(f, "agent_id", json_integer_value(v) == 0 ? "" : f->agent_id,
            json_integer_value(v) == 0 ? 0 : strlen(f->agent_id));
    }
}

void api_application_fields(json_t *body, struct api_fields *f, struct office_problems *problems)
{
    static const char *const strings[] = {"legal_name",       "uscc",    "contact_phone",
                                          "business_address", "mcc",     "business_type",
                                          "fee_plan",         "channel", NULL};
    static const char *const person[] = {"name", "id_number", NULL};
    static const char *const person_full[] = {"legal_person.name", "legal_person.id_number"};
    static const char *const settlement[] = {"account_kind", "account_name", "bank_name",
                                             "account_number", NULL};
    static const char *const settlement_full[] = {"settlement.account_kind",
                                                  "settlement.account_name", "settlement.bank_name",
                                                  "settlement.account_number"};
    const char *key;
    json_t *v;
    f->n = 0;
    json_object_foreach(body, key, v)
    {
        const char *const *s = strings;
        while (*s != NULL && strcmp(*s, key) != 0)
            s++;
        if (*s != NULL)
            string_member(f, *s, v, problems);
        else if (strcmp(key, "legal_person") == 0)
            nested(f, "legal_person", v, person, person_full, problems);
        else if (strcmp(key, "settlement") == 0)
            nested(f, "settlement", v, settlement, settlement_full, problems);
        else if (strcmp(key, "products") == 0)
            products(f, v, problems);
        else if (strcmp(key, "agent_id") == 0)
            agent_id(f, v, problems);
        else
            office_problem_add(problems, key, PS_EUNDEFINED, "is not a field of an application");
    }
}

/* ---- an action's input ------------------------------------------------------------------ */

/* A string member into buf (cap bytes with the NUL), or a problem. */
static void copy_string(const char *field, json_t *v, char *buf, size_t cap,
                        struct office_problems *problems)
{
    if (!json_is_string(v))
        office_problem_add(problems, field, PS_EFORMAT, "must be a string");
    else if (json_string_length(v) >= cap)
        office_problem_add(problems, field, PS_ETOOLONG, "has %zu bytes; at most %zu",
                           json_string_length(v), cap - 1);
    else
        memcpy(buf, json_string_value(v), json_string_length(v) + 1);
}

static void fix_fields(json_t *v, struct office_step_input *in, struct office_problems *problems)
{
    size_t i;
    json_t *item;
    if (!json_is_array(v)) {
        office_problem_add(problems, "fix_fields", PS_EFORMAT, "must be an array of field names");
        return;
    }
    if (json_array_size(v) > OFFICE_FIX_FIELDS_MAX) {
        office_problem_add(problems, "fix_fields", PS_ETOOLONG, "at most %d fields",
                           OFFICE_FIX_FIELDS_MAX);
        return;
    }
    json_array_foreach(v, i, item)
    {
        char name[40];
        snprintf(name, sizeof(name), "fix_fields[%zu]", i);
        copy_string(name, item, in->fix_fields[i], sizeof(in->fix_fields[i]), problems);
    }
    in->fix_count = json_array_size(v);
}

static void integer(const char *field, json_t *v, int64_t *out, struct office_problems *problems)
{
    if (!json_is_integer(v))
        office_problem_add(problems, field, PS_EFORMAT, "must be a whole number");
    else
        *out = json_integer_value(v);
}

static void date(json_t *v, uint32_t *out, struct office_problems *problems)
{
    struct ps_reason why;
    if (!json_is_string(v))
        office_problem_add(problems, "installation_date", PS_EFORMAT,
                           "must be a date as a string: YYYY-MM-DD");
    else if (office_date_parse(json_string_value(v), json_string_length(v), out, &why) != 0)
        office_problem_add(problems, "installation_date", PS_EFORMAT, "%s", why.text);
}

void api_step_input(json_t *body, struct office_step_input *in, struct office_problems *problems)
{
    const char *key;
    json_t *v;
    memset(in, 0, sizeof(*in));
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "note") == 0)
            copy_string(key, v, in->note, sizeof(in->note), problems);
        else if (strcmp(key, "fix_fields") == 0)
            fix_fields(v, in, problems);
        else if (strcmp(key, "contract_number") == 0)
            copy_string(key, v, in->contract_number, sizeof(in->contract_number), problems);
        else if (strcmp(key, "fee_plan") == 0)
            copy_string(key, v, in->fee_plan, sizeof(in->fee_plan), problems);
        else if (strcmp(key, "deposit_fen") == 0)
            integer(key, v, &in->deposit_fen, problems);
        else if (strcmp(key, "technician_id") == 0)
            integer(key, v, &in->technician_id, problems);
        else if (strcmp(key, "installation_date") == 0)
            date(v, &in->installation_date, problems);
        else
            office_problem_add(problems, key, PS_EUNDEFINED, "is not an input of a step");
    }
}
