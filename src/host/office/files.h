/* files.h — files the back office keeps on disk beside its database (an application's
 * documents, terminals' app packages): each in a directory under possumd's data
 * directory, named by the SHA-256 of its bytes, so the same bytes are stored once and
 * a name says what the file must hold. */
#ifndef POSSUM_HOST_OFFICE_FILES_H
#define POSSUM_HOST_OFFICE_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define OFFICE_FILE_NAME_LEN 64 /* a file's name: its SHA-256 as lowercase hex */

/* The SHA-256 of data[0..len) as 64 lowercase hex digits and a NUL into hex (OUT). */
void office_sha256_hex(const uint8_t *data, size_t len, char hex[OFFICE_FILE_NAME_LEN + 1]);

/* Whether name is what office_sha256_hex writes (64 lowercase hex digits), so a name
 * read from the database cannot reach outside its directory. */
int office_file_name_ok(const char *name);

/* Makes dir/name hold data[0..len), durably: dir is made (0700) when missing, a
 * temporary file is written, synced and renamed into place, then the directory is
 * synced; a file of that name already there is taken to hold the same bytes (the name
 * is their hash). what names the caller's files in errors ("documents: cannot ...").
 * Returns 0 or PS_EIO. */
int office_file_put(const char *what, const char *dir, const char *name, const uint8_t *data,
                    size_t len, struct ps_reason *why);

/* Reads exactly len bytes of path into *out (OUT, malloc'd: the caller frees). Returns
 * 0, PS_ENOMEM, PS_EIO (cannot open) or PS_ECHECK (shorter than len). */
int office_file_read(const char *what, const char *path, size_t len, uint8_t **out,
                     struct ps_reason *why);

#endif
