/* documents.h — the files an application carries (business licence, ID card front and
 * back, shop photos): uploaded while the application is a draft or returned, by whoever
 * may edit it; checked to be what they say (JPEG, PNG or PDF by their first bytes, at
 * most 5 MiB); kept on disk under the data directory by their SHA-256, so the same
 * bytes are stored once, and the hash recorded and checked again when read.
 *
 * Every upload is kept (a new document each time); for the single kinds the newest is
 * the one that counts, shop photos add up. */
#ifndef POSSUM_HOST_OFFICE_DOCUMENTS_H
#define POSSUM_HOST_OFFICE_DOCUMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "host/office/onboarding/applications.h"

#define OFFICE_DOCUMENT_MAX_BYTES ((size_t)5 << 20) /* 5 MiB: a phone photo or a scan */

/* "image/jpeg, image/png, application/pdf": what an upload may be, for the 415. */
extern const char office_document_types[];

/* A document's bytes as received: content_type as the request said it (parameters
 * after ';' are ignored), data[0..len) the file. */
struct office_document_upload {
    const char *kind; /* business_licence, id_front, id_back, shop_photo */
    const char *content_type;
    const uint8_t *data;
    size_t len;
};

/* Stores up (in dir: <data_dir>/documents, made when missing) for application id and
 * commits its row with an audit entry. Returns as applications.h says, and:
 *   PS_EUNDEFINED  the content type is not one accepted (HTTP 415; why lists them)
 *   PS_ETOOLONG    more than OFFICE_DOCUMENT_MAX_BYTES (413)
 *   PS_EFORMAT     an unknown kind (problem "kind"), an empty file, or bytes that are
 *                  not the type they claim (problem "content_type") (422). */
int office_document_put(struct office *o, const struct office_actor *actor, int64_t id,
                        const struct office_document_upload *up, const char *dir,
                        struct document_row *out, struct office_problems *problems,
                        struct ps_reason *why);

/* Reads document doc_id of application id into *data (OUT, malloc'd: the caller frees)
 * and *len, checking its SHA-256 against the one recorded. Returns 0, OFFICE_NOT_FOUND
 * (no such document or application, or not one actor may see), PS_ECHECK (the file on
 * disk is not what was uploaded: why says so), or < 0 (I/O). *doc (OUT) is its row. */
int office_document_read(struct office *o, const struct office_actor *actor, int64_t id,
                         int64_t doc_id, const char *dir, struct document_row *doc, uint8_t **data,
                         size_t *len, struct ps_reason *why);

#endif
