/* Merchant onboarding's tables (schema version 5) and their statements: applications,
 * the history of their steps, and their documents; with the merchant lookups approval
 * needs (a merchant by id, the highest MID with a prefix, the highest merchant id in a
 * host's range). Apart from schema.c and schema_office.c so each file stays about one
 * thing; the statement table in schema.c points here. docs/store.md describes the
 * tables. */
#include "host/store/schema.h"

#include <stddef.h>

#include "host/store/rows.h"

const char store__schema_v5[] =
    "CREATE TABLE applications ("
    " id {ID},"
    " state TEXT NOT NULL,"
    " channel TEXT NOT NULL,"
    " legal_name TEXT NOT NULL,"
    " uscc TEXT NOT NULL,"
    " legal_person_name TEXT NOT NULL,"
    " legal_person_id_number TEXT NOT NULL,"
    " contact_phone TEXT NOT NULL,"
    " business_address TEXT NOT NULL,"
    " mcc TEXT NOT NULL,"
    " business_type TEXT NOT NULL,"
    " account_kind TEXT NOT NULL,"
    " account_name TEXT NOT NULL,"
    " bank_name TEXT NOT NULL,"
    " account_number TEXT NOT NULL,"
    " products TEXT NOT NULL,"
    " fee_plan TEXT NOT NULL,"
    " agent_id BIGINT NOT NULL,"
    " owner_merchant_id BIGINT NOT NULL,"
    " created_by BIGINT NOT NULL,"
    " merchant_id BIGINT NOT NULL,"
    " created_us BIGINT NOT NULL,"
    " updated_us BIGINT NOT NULL,"
    " submitted_us BIGINT NOT NULL,"
    " review_due TEXT NOT NULL,"
    " contract_number TEXT NOT NULL,"
    " contract_fee_plan TEXT NOT NULL,"
    " deposit_fen BIGINT NOT NULL,"
    " installation_date TEXT NOT NULL,"
    " technician_id BIGINT NOT NULL,"
    " last_note TEXT NOT NULL);"
    /* the overdue list: only applications waiting for a review are in this index, so
     * the list costs what is waiting, not every application ever made */
    "CREATE INDEX applications_review_due ON applications (review_due)"
    " WHERE state IN ('submitted', 'under_review', 'resubmitted');"

    "CREATE TABLE application_events ("
    " id {ID},"
    " application_id BIGINT NOT NULL,"
    " at_us BIGINT NOT NULL,"
    " user_id BIGINT NOT NULL,"
    " username TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " from_state TEXT NOT NULL,"
    " to_state TEXT NOT NULL,"
    " note TEXT NOT NULL,"
    " fix_fields TEXT NOT NULL);"
    "CREATE INDEX application_events_app ON application_events (application_id, id);"

    "CREATE TABLE documents ("
    " id {ID},"
    " application_id BIGINT NOT NULL,"
    " kind TEXT NOT NULL,"
    " file_name TEXT NOT NULL,"
    " content_type TEXT NOT NULL,"
    " size BIGINT NOT NULL,"
    " sha256 TEXT NOT NULL,"
    " uploaded_us BIGINT NOT NULL,"
    " uploaded_by BIGINT NOT NULL);"
    "CREATE INDEX documents_app ON documents (application_id, id);";

static const struct store__column application_cols[] = {
    COLUMN(application_row, id, STORE__COL_I64),
    COLUMN(application_row, state, STORE__COL_TEXT),
    COLUMN(application_row, channel, STORE__COL_TEXT),
    COLUMN(application_row, legal_name, STORE__COL_TEXT),
    COLUMN(application_row, uscc, STORE__COL_TEXT),
    COLUMN(application_row, legal_person_name, STORE__COL_TEXT),
    COLUMN(application_row, legal_person_id_number, STORE__COL_TEXT),
    COLUMN(application_row, contact_phone, STORE__COL_TEXT),
    COLUMN(application_row, business_address, STORE__COL_TEXT),
    COLUMN(application_row, mcc, STORE__COL_TEXT),
    COLUMN(application_row, business_type, STORE__COL_TEXT),
    COLUMN(application_row, account_kind, STORE__COL_TEXT),
    COLUMN(application_row, account_name, STORE__COL_TEXT),
    COLUMN(application_row, bank_name, STORE__COL_TEXT),
    COLUMN(application_row, account_number, STORE__COL_TEXT),
    COLUMN(application_row, products, STORE__COL_TEXT),
    COLUMN(application_row, fee_plan, STORE__COL_TEXT),
    COLUMN(application_row, agent_id, STORE__COL_I64),
    COLUMN(application_row, owner_merchant_id, STORE__COL_I64),
    COLUMN(application_row, created_by, STORE__COL_I64),
    COLUMN(application_row, merchant_id, STORE__COL_I64),
    COLUMN(application_row, created_us, STORE__COL_I64),
    COLUMN(application_row, updated_us, STORE__COL_I64),
    COLUMN(application_row, submitted_us, STORE__COL_I64),
    COLUMN(application_row, review_due, STORE__COL_TEXT),
    COLUMN(application_row, contract_number, STORE__COL_TEXT),
    COLUMN(application_row, contract_fee_plan, STORE__COL_TEXT),
    COLUMN(application_row, deposit_fen, STORE__COL_I64),
    COLUMN(application_row, installation_date, STORE__COL_TEXT),
    COLUMN(application_row, technician_id, STORE__COL_I64),
    COLUMN(application_row, last_note, STORE__COL_TEXT),
};
const struct store__row_map store__application_map =
    MAP("applications", application_row, application_cols);

static const struct store__column application_event_cols[] = {
    COLUMN(application_event_row, id, STORE__COL_I64),
    COLUMN(application_event_row, application_id, STORE__COL_I64),
    COLUMN(application_event_row, at_us, STORE__COL_I64),
    COLUMN(application_event_row, user_id, STORE__COL_I64),
    COLUMN(application_event_row, username, STORE__COL_TEXT),
    COLUMN(application_event_row, action, STORE__COL_TEXT),
    COLUMN(application_event_row, from_state, STORE__COL_TEXT),
    COLUMN(application_event_row, to_state, STORE__COL_TEXT),
    COLUMN(application_event_row, note, STORE__COL_TEXT),
    COLUMN(application_event_row, fix_fields, STORE__COL_TEXT),
};
const struct store__row_map store__application_event_map =
    MAP("application_events", application_event_row, application_event_cols);

static const struct store__column document_cols[] = {
    COLUMN(document_row, id, STORE__COL_I64),
    COLUMN(document_row, application_id, STORE__COL_I64),
    COLUMN(document_row, kind, STORE__COL_TEXT),
    COLUMN(document_row, file_name, STORE__COL_TEXT),
    COLUMN(document_row, content_type, STORE__COL_TEXT),
    COLUMN(document_row, size, STORE__COL_I64),
    COLUMN(document_row, sha256, STORE__COL_TEXT),
    COLUMN(document_row, uploaded_us, STORE__COL_I64),
    COLUMN(document_row, uploaded_by, STORE__COL_I64),
};
const struct store__row_map store__document_map = MAP("documents", document_row, document_cols);

/* The merchant lookups approval needs: merchants are the host's table (schema.c) and
 * its map; the highest MID of a prefix has a map of its own. */
static const struct store__column max_mid_cols[] = {
    COLUMN(store__max_mid, mid, STORE__COL_TEXT),
};
const struct store__row_map store__max_mid_map = MAP("merchants", store__max_mid, max_mid_cols);

#define APPLICATION_COLUMNS                                                                        \
    "id, state, channel, legal_name, uscc, legal_person_name, legal_person_id_number,"             \
    " contact_phone, business_address, mcc, business_type, account_kind, account_name,"            \
    " bank_name, account_number, products, fee_plan, agent_id, owner_merchant_id, created_by,"     \
    " merchant_id, created_us, updated_us, submitted_us, review_due, contract_number,"             \
    " contract_fee_plan, deposit_fen, installation_date, technician_id, last_note"
#define APPLICATION_EVENT_COLUMNS                                                                  \
    "id, application_id, at_us, user_id, username, action, from_state, to_state, note,"            \
    " fix_fields"
#define DOCUMENT_COLUMNS                                                                           \
    "id, application_id, kind, file_name, content_type, size, sha256, uploaded_us, uploaded_by"
#define MERCHANT_COLUMNS "id, mid, name, mcc, fee_ppm, status, updated_us"

#define Q5  "?, ?, ?, ?, ?"
#define Q10 Q5 ", " Q5

const char store__sql_application_put[] =
    "INSERT INTO applications (" APPLICATION_COLUMNS ") VALUES (" Q10 ", " Q10 ", " Q10 ", ?)"
    " ON CONFLICT (id) DO UPDATE SET state = excluded.state, channel = excluded.channel,"
    " legal_name = excluded.legal_name, uscc = excluded.uscc,"
    " legal_person_name = excluded.legal_person_name,"
    " legal_person_id_number = excluded.legal_person_id_number,"
    " contact_phone = excluded.contact_phone, business_address = excluded.business_address,"
    " mcc = excluded.mcc, business_type = excluded.business_type,"
    " account_kind = excluded.account_kind, account_name = excluded.account_name,"
    " bank_name = excluded.bank_name, account_number = excluded.account_number,"
    " products = excluded.products, fee_plan = excluded.fee_plan,"
    " agent_id = excluded.agent_id, owner_merchant_id = excluded.owner_merchant_id,"
    " merchant_id = excluded.merchant_id, updated_us = excluded.updated_us,"
    " submitted_us = excluded.submitted_us, review_due = excluded.review_due,"
    " contract_number = excluded.contract_number,"
    " contract_fee_plan = excluded.contract_fee_plan, deposit_fen = excluded.deposit_fen,"
    " installation_date = excluded.installation_date,"
    " technician_id = excluded.technician_id, last_note = excluded.last_note";
/* Changes nothing; matches one row only while the application is as it was read, and
 * the batch is refused otherwise (a guarded operation, ops.c). */
const char store__sql_application_guard[] =
    "UPDATE applications SET updated_us = updated_us WHERE id = ? AND state = ?"
    " AND updated_us = ?";
const char store__sql_application_event_put[] =
    "INSERT INTO application_events (" APPLICATION_EVENT_COLUMNS ") VALUES (" Q10 ")";
const char store__sql_document_put[] =
    "INSERT INTO documents (" DOCUMENT_COLUMNS ") VALUES (" Q5 ", ?, ?, ?, ?)";

const char store__sql_application_by_id[] =
    "SELECT " APPLICATION_COLUMNS " FROM applications WHERE id = ?";
/* A page of applications in id order, each filter off when its parameter is '' or 0:
 * state; agent; a merchant's own (applied for online, or the merchant approval made). */
const char store__sql_each_application[] =
    "SELECT " APPLICATION_COLUMNS " FROM applications WHERE id > ?"
    " AND (? = '' OR state = ?) AND (? = 0 OR agent_id = ?)"
    " AND (? = 0 OR owner_merchant_id = ? OR merchant_id = ?)"
    " ORDER BY id LIMIT ?";
/* Reviews due before a date and not done (a page, in id order, with the same filters),
 * through the partial index applications_review_due, whose predicate it repeats. */
const char store__sql_each_overdue_application[] =
    "SELECT " APPLICATION_COLUMNS " FROM applications"
    " WHERE state IN ('submitted', 'under_review', 'resubmitted')"
    " AND review_due <> '' AND review_due < ? AND id > ?"
    " AND (? = '' OR state = ?) AND (? = 0 OR agent_id = ?)"
    " AND (? = 0 OR owner_merchant_id = ? OR merchant_id = ?)"
    " ORDER BY id LIMIT ?";
const char store__sql_each_application_event[] =
    "SELECT " APPLICATION_EVENT_COLUMNS " FROM application_events WHERE application_id = ?"
    " ORDER BY id";
const char store__sql_each_document[] =
    "SELECT " DOCUMENT_COLUMNS " FROM documents WHERE application_id = ? ORDER BY id";
const char store__sql_document_by_id[] =
    "SELECT " DOCUMENT_COLUMNS " FROM documents WHERE id = ? AND application_id = ?";
const char store__sql_merchant_by_id[] = "SELECT " MERCHANT_COLUMNS " FROM merchants WHERE id = ?";
/* prefix <= mid < prefix + ':' (':' sorts right after '9'): one probe of merchants_mid */
const char store__sql_max_mid[] =
    "SELECT mid FROM merchants WHERE mid >= ? AND mid < ? ORDER BY mid DESC LIMIT 1";
const char store__sql_max_merchant_id[] =
    "SELECT COALESCE(MAX(id), 0) AS max_id FROM merchants WHERE id >= ? AND id < ?";
