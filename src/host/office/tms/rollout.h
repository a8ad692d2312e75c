/* rollout.h — terminal application versions and their rollout (TMS), as pure logic.
 *
 * A package is a version ("1.4.2") and the SHA-256 of its file; the terminal checks
 * the hash after downloading. Versions are three decimal numbers compared as numbers,
 * part by part (1.10.0 > 1.9.3), as Semantic Versioning orders release versions.
 * Pre-release and build suffixes ("-rc.1", "+build5") are refused: what reaches a
 * merchant's counter is a release, and suffix ordering is where surprises live.
 *
 * A rollout sends one package to a group of terminals; each terminal's progress:
 *
 *   action              from                         to
 *   report_downloaded   pending                      downloaded
 *   report_installed    pending, downloaded, failed  installed
 *   report_failed       pending, downloaded          failed (a reason is required)
 *   retry               failed                       pending
 *
 * report_installed from pending: a terminal may download and install between two
 * reports. From failed: the terminal's heartbeat reporting the target version is the
 * truth of what it runs, whatever it said before. installed is final.
 */
#ifndef POSSUM_HOST_OFFICE_ROLLOUT_H
#define POSSUM_HOST_OFFICE_ROLLOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

#define OFFICE_APP_VERSION_MAX      23 /* "999999.999999.999999" and room */
#define OFFICE_APP_VERSION_PART_MAX 999999u
#define OFFICE_SHA256_HEX_LEN       64
#define OFFICE_ROLLOUT_REASON_MAX   256

struct office_app_version {
    uint32_t major, minor, patch;
};

/* Parses "MAJOR.MINOR.PATCH" (each 0 to 999999, no leading zeros but "0") into *out
 * (OUT). Returns 0 or PS_EFORMAT ("app version \"1.04.2\": a leading zero in part 2"). */
int office_app_version_parse(const char *text, struct office_app_version *out /* OUT */,
                             struct ps_reason *why);

/* -1, 0 or 1 as a is older than, the same as or newer than b. */
int office_app_version_compare(const struct office_app_version *a,
                               const struct office_app_version *b);

/* A package as the store keeps it: the version text and the lowercase SHA-256 hex. */
struct office_app_package {
    char version[OFFICE_APP_VERSION_MAX + 1];
    struct office_app_version parsed;
    char sha256[OFFICE_SHA256_HEX_LEN + 1];
};

/* Fills *pkg (OUT) from the version text and the SHA-256 as 64 hex digits of either
 * case (kept in lowercase, as sha256sum prints it). Returns 0 or PS_EFORMAT naming the
 * field ("sha256: 63 characters, 64 hex digits needed"); on error *pkg is zeroed. */
int office_app_package_init(struct office_app_package *pkg /* OUT */, const char *version,
                            const char *sha256_hex, struct ps_reason *why);

enum office_rollout_state {
    OFFICE_ROLLOUT_PENDING = 1,
    OFFICE_ROLLOUT_DOWNLOADED,
    OFFICE_ROLLOUT_INSTALLED,
    OFFICE_ROLLOUT_FAILED
};
#define OFFICE_ROLLOUT_STATE_COUNT 4

enum office_rollout_action {
    OFFICE_ROLLOUT_REPORT_DOWNLOADED = 1,
    OFFICE_ROLLOUT_REPORT_INSTALLED,
    OFFICE_ROLLOUT_REPORT_FAILED,
    OFFICE_ROLLOUT_RETRY
};
#define OFFICE_ROLLOUT_ACTION_COUNT 4

/* Names ("pending", "report_failed"); static strings, "unknown" outside the enum. */
const char *office_rollout_state_name(enum office_rollout_state s);
const char *office_rollout_action_name(enum office_rollout_action a);
int office_rollout_state_parse(const char *name, enum office_rollout_state *out /* OUT */,
                               struct ps_reason *why);
int office_rollout_action_parse(const char *name, enum office_rollout_action *out /* OUT */,
                                struct ps_reason *why);

/* One terminal's place in a rollout. reason is "" unless failed. */
struct office_rollout_target {
    enum office_rollout_state state;
    char reason[OFFICE_ROLLOUT_REASON_MAX + 1];
};

/* Starts a terminal in a rollout of target, given the app version it reports now:
 * installed when it runs target already, pending when older; a terminal running a
 * newer version is refused (PS_ECHECK, "terminal runs 1.5.0, newer than 1.4.2: a
 * downgrade needs allow_downgrade") unless allow_downgrade (a rollback). *t (OUT).
 * Returns 0, PS_ECHECK or PS_EFORMAT (the reported version). */
int office_rollout_target_init(struct office_rollout_target *t /* OUT */,
                               const struct office_app_version *target, const char *reported,
                               bool allow_downgrade, struct ps_reason *why);

/* Applies action to *t (unchanged on error); reason is required for report_failed.
 * Returns 0, PS_EUNDEFINED, PS_ECHECK ("cannot retry a terminal that is installed:
 * retry applies to failed") or PS_EINVAL ("report_failed: a reason is required"). */
int office_rollout_apply(struct office_rollout_target *t, enum office_rollout_action action,
                         const char *reason, struct ps_reason *why);

#endif
