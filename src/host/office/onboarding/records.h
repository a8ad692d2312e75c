/* records.h — an application as the store keeps it (struct application_row) and as the
 * API shows it (JSON), and the same for its history and its documents. The form's
 * fields move between the row and struct office_application (application.h) so the
 * checks see what is stored. Nothing here touches the store. */
#ifndef POSSUM_HOST_OFFICE_RECORDS_H
#define POSSUM_HOST_OFFICE_RECORDS_H

#include <stdint.h>

#include <jansson.h>

#include "host/office/onboarding/application.h"
#include "host/store/rows.h"

/* The form's fields of row into *app (OUT; initialised first). A stored name that is
 * not one this build knows leaves its field 0 ("not given"), which the check names. */
void office_application_from_row(const struct application_row *row,
                                 struct office_application *app /* OUT */);

/* The form's fields of app into row; the rest of row (state, times, steps) is left. */
void office_application_to_row(const struct office_application *app,
                               struct application_row *row /* OUT: the form's fields */);

/* The application as the API shows it (a new object): the form nested as the field
 * names say (legal_person.name -> {"legal_person": {"name": ...}}), products as an
 * array, dates as "YYYY-MM-DD" or null, "overdue" on today (YYYYMMDD, local), and the
 * merchant approval made (m, may be NULL: then "merchant" is null). */
json_t *office_application_json(const struct application_row *row, const struct merchant_row *m,
                                uint32_t today);

/* One step of the history, and one document, as the API shows them (new objects). */
json_t *office_application_event_json(const struct application_event_row *row);
json_t *office_document_json(const struct document_row *row);

/* "YYYYMMDD" text (as rows keep dates) as "YYYY-MM-DD", or JSON null when empty. */
json_t *office_date_json(const char *yyyymmdd);

#endif
