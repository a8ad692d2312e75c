/* package.h — an app update the back office offers in a heartbeat's answer (member
 * "update": version, sha256, size, url), fetched, checked and installed.
 *
 * The package is fetched from the back office (GET url, streamed to a temporary file
 * beside its place, never above POS_PKG_SIZE_MAX nor the size announced), its size and
 * SHA-256 checked against the offer, and only then renamed into HOME/app/VERSION/package:
 * a package that is there is whole and the one offered. What the terminal does with an
 * installed package (unpacking, restarting into it) is the platform's business; the
 * terminal reports the newest installed version as its app_version. */
#ifndef POSSUM_POS_BACKOFFICE_PACKAGE_H
#define POSSUM_POS_BACKOFFICE_PACKAGE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "pos/backoffice/http.h"

#define POS_PKG_VERSION_MAX 23 /* "MAJOR.MINOR.PATCH", each 0 to 99999999 */
#define POS_PKG_SHA256_HEX  64
#define POS_PKG_SIZE_MAX    ((size_t)64 * 1024 * 1024)
#define POS_PKG_FILE        "package"

/* What the back office offers. */
struct pos_pkg_offer {
    char version[POS_PKG_VERSION_MAX + 1];
    char sha256[POS_PKG_SHA256_HEX + 1]; /* lower-case hex */
    size_t size;                         /* bytes, 1 to POS_PKG_SIZE_MAX */
    char url[POS_BO_PATH_MAX];           /* an absolute path on the back office */
};

/* Checks version: MAJOR.MINOR.PATCH, each part digits without a leading zero (so it is
 * also safe as a directory name). 0 or PS_EFORMAT naming what is wrong. */
int pos_pkg_version_check(const char *version, struct ps_reason *why);

/* Compares two checked versions: < 0, 0, > 0. */
int pos_pkg_version_cmp(const char *a, const char *b);

/* Reads and checks the offer j into *out (OUT). 0 or PS_EFORMAT naming the member
 * ("sha256: character 3 is not a lower-case hex digit"). */
int pos_pkg_offer_parse(const json_t *j, struct pos_pkg_offer *out, struct ps_reason *why);

/* Checks the file at path against the offer: its size, then its SHA-256 (compared in
 * constant time). 0; PS_ECHECK ("size: 1200 bytes, 1234 announced", "sha256 mismatch:
 * the package's is 9f86..., 1234... announced"); PS_EIO. */
int pos_pkg_check_file(const char *path, const struct pos_pkg_offer *o, struct ps_reason *why);

/* Downloads o from the back office c and installs it under app_dir (HOME/app):
 * app_dir/VERSION/.package.tmp written, checked (pos_pkg_check_file), fsync'd and renamed
 * to app_dir/VERSION/package. *path (OUT, cap bytes) is where it went. 0; PS_ECHECK (size
 * or SHA-256); PS_EIO (the back office answered other than 200, the disk); or what
 * pos_bo_http_download returned. The temporary file never stays. */
int pos_pkg_install(const struct pos_bo_http *c, const struct pos_pkg_offer *o,
                    const char *app_dir, char *path, size_t cap, struct ps_reason *why);

#endif
