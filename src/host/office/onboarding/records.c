/* An application as a row and as JSON (records.h). */
#include "host/office/onboarding/records.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/office/onboarding/onboarding.h"

/* The row keeps each field of the form in a buffer of the form's size, so a stored
 * value always fits back (and what fits the form fits the row). */
#define SAME_SIZE(row_field, app_field)                                                            \
    _Static_assert(sizeof(((struct application_row *)0)->row_field) ==                             \
                       sizeof(((struct office_application *)0)->app_field),                        \
                   #row_field " and " #app_field " differ in size")
SAME_SIZE(legal_name, legal_name);
SAME_SIZE(uscc, uscc);
SAME_SIZE(legal_person_name, legal_person.name);
SAME_SIZE(legal_person_id_number, legal_person.id_number);
SAME_SIZE(contact_phone, contact_phone);
SAME_SIZE(business_address, business_address);
SAME_SIZE(mcc, mcc);
SAME_SIZE(account_name, settlement.account_name);
SAME_SIZE(bank_name, settlement.bank_name);
SAME_SIZE(account_number, settlement.account_number);
SAME_SIZE(fee_plan, fee_plan);
SAME_SIZE(contract_fee_plan, fee_plan);
#undef SAME_SIZE

static void set(struct office_application *app, const char *field, const char *value)
{
    office_application_set(app, field, value, strlen(value), NULL);
}

void office_application_from_row(const struct application_row *row, struct office_application *app)
{
    char agent[24] = "";

    office_application_init(app);
    set(app, "legal_name", row->legal_name);
    set(app, "uscc", row->uscc);
    set(app, "legal_person.name", row->legal_person_name);
    set(app, "legal_person.id_number", row->legal_person_id_number);
    set(app, "contact_phone", row->contact_phone);
    set(app, "business_address", row->business_address);
    set(app, "mcc", row->mcc);
    set(app, "business_type", row->business_type);
    set(app, "settlement.account_kind", row->account_kind);
    set(app, "settlement.account_name", row->account_name);
    set(app, "settlement.bank_name", row->bank_name);
    set(app, "settlement.account_number", row->account_number);
    set(app, "products", row->products);
    set(app, "fee_plan", row->fee_plan);
    set(app, "channel", row->channel);
    if (row->agent_id != 0)
        snprintf(agent, sizeof(agent), "%" PRId64, row->agent_id);
    set(app, "agent_id", agent);
}

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

static const char *name_or_empty(const char *name)
{
    return name != NULL ? name : "";
}

void office_application_to_row(const struct office_application *app, struct application_row *row)
{
    COPY(row->legal_name, app->legal_name);
    COPY(row->uscc, app->uscc);
    COPY(row->legal_person_name, app->legal_person.name);
    COPY(row->legal_person_id_number, app->legal_person.id_number);
    COPY(row->contact_phone, app->contact_phone);
    COPY(row->business_address, app->business_address);
    COPY(row->mcc, app->mcc);
    COPY(row->business_type, name_or_empty(office_business_type_name(app->business_type)));
    COPY(row->account_kind, name_or_empty(office_account_kind_name(app->settlement.kind)));
    COPY(row->account_name, app->settlement.account_name);
    COPY(row->bank_name, app->settlement.bank_name);
    COPY(row->account_number, app->settlement.account_number);
    COPY(row->fee_plan, app->fee_plan);
    COPY(row->channel, name_or_empty(office_channel_name(app->channel)));
    row->agent_id = app->agent_id;
    row->products[0] = '\0';
    for (unsigned flag = 1; flag <= OFFICE_PRODUCTS_ALL; flag <<= 1) {
        if ((app->products & flag) == 0)
            continue;
        size_t at = strlen(row->products);
        snprintf(row->products + at, sizeof(row->products) - at, "%s%s", at > 0 ? "," : "",
                 office_product_name(flag));
    }
}

#undef COPY

/* "card,qr" as ["card", "qr"]. */
static json_t *list_json(const char *products)
{
    json_t *list = json_array();
    const char *p = products;
    while (list != NULL && *p != '\0') {
        size_t n = strcspn(p, ",");
        json_array_append_new(list, json_stringn(p, n));
        p += n + (p[n] == ',');
    }
    return list;
}

json_t *office_date_json(const char *d)
{
    char iso[11];
    if (strlen(d) != 8)
        return json_null();
    snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2s", d, d + 4, d + 6);
    return json_string(iso);
}

static json_t *text_or_null(const char *s)
{
    return s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *merchant_json(const struct merchant_row *m)
{
    if (m == NULL)
        return json_null();
    return json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)m->id, "mid", m->mid, "name",
                     m->name, "mcc", m->mcc, "status", m->status);
}

/* The steps' own data: the review, the contract, the installation. */
static void add_steps(json_t *j, const struct application_row *r, uint32_t today)
{
    int waiting = strcmp(r->state, "submitted") == 0 || strcmp(r->state, "under_review") == 0 ||
                  strcmp(r->state, "resubmitted") == 0;
    uint32_t due = (uint32_t)strtoul(r->review_due, NULL, 10);
    json_object_set_new(j, "submitted_us", json_integer(r->submitted_us));
    json_object_set_new(j, "review_due", office_date_json(r->review_due));
    json_object_set_new(j, "overdue",
                        json_boolean(waiting && due != 0 && office_review_is_overdue(due, today)));
    json_object_set_new(j, "contract",
                        r->contract_number[0] == '\0'
                            ? json_null()
                            : json_pack("{s:s, s:s, s:I}", "number", r->contract_number, "fee_plan",
                                        r->contract_fee_plan, "deposit_fen",
                                        (json_int_t)r->deposit_fen));
    json_object_set_new(j, "installation",
                        r->installation_date[0] == '\0'
                            ? json_null()
                            : json_pack("{s:o, s:I}", "date",
                                        office_date_json(r->installation_date), "technician_id",
                                        (json_int_t)r->technician_id));
    json_object_set_new(j, "last_note", json_string(r->last_note));
}

json_t *office_application_json(const struct application_row *r, const struct merchant_row *m,
                                uint32_t today)
{
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:o, s:{s:o, s:s, s:s, s:s},"
        " s:o, s:s, s:I, s:I, s:I, s:I}",
        "id", (json_int_t)r->id, "state", r->state, "channel", r->channel, "legal_name",
        r->legal_name, "uscc", r->uscc, "legal_person", "name", r->legal_person_name, "id_number",
        r->legal_person_id_number, "contact_phone", r->contact_phone, "business_address",
        r->business_address, "mcc", r->mcc, "business_type", text_or_null(r->business_type),
        "settlement", "account_kind", text_or_null(r->account_kind), "account_name",
        r->account_name, "bank_name", r->bank_name, "account_number", r->account_number, "products",
        list_json(r->products), "fee_plan", r->fee_plan, "agent_id", (json_int_t)r->agent_id,
        "created_by", (json_int_t)r->created_by, "created_us", (json_int_t)r->created_us,
        "updated_us", (json_int_t)r->updated_us);
    if (j == NULL)
        return NULL;
    if (r->owner_merchant_id != 0)
        json_object_set_new(j, "owner_merchant_id", json_integer(r->owner_merchant_id));
    add_steps(j, r, today);
    json_object_set_new(j, "merchant", merchant_json(m));
    return j;
}

/* "uscc,documents.id_front" as ["uscc", "documents.id_front"] (the same split). */
json_t *office_application_event_json(const struct application_event_row *e)
{
    return json_pack("{s:I, s:I, s:I, s:{s:I, s:s}, s:s, s:o, s:s, s:s, s:o}", "id",
                     (json_int_t)e->id, "application_id", (json_int_t)e->application_id, "at_us",
                     (json_int_t)e->at_us, "by", "id", (json_int_t)e->user_id, "username",
                     e->username, "action", e->action, "from", text_or_null(e->from_state), "to",
                     e->to_state, "note", e->note, "fix_fields", list_json(e->fix_fields));
}

json_t *office_document_json(const struct document_row *d)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:I, s:I}", "id", (json_int_t)d->id,
                     "application_id", (json_int_t)d->application_id, "kind", d->kind,
                     "content_type", d->content_type, "size", (json_int_t)d->size, "sha256",
                     d->sha256, "uploaded_us", (json_int_t)d->uploaded_us, "uploaded_by",
                     (json_int_t)d->uploaded_by);
}
