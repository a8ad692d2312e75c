/* Who is at the terminal: login, the supervisor's approval, permissions, and the login
 * the command line keeps between runs. */
#include "pos/app/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/hex.h"

/* An outcome of the operators room (positive POS_OP_*) as the application's. */
static int denied(int rc)
{
    return rc > 0 ? POS_APP_DENIED : rc;
}

int pos_app_login(struct pos_app *app, const char *number, const char *password,
                  struct ps_reason *why)
{
    int rc;

    pos_app_logout(app);
    if ((rc = pos_app__need_activated(app, why)) != 0)
        return rc;
    rc = pos_session_login(app->ops, number, password, time(NULL), &app->op, why);
    if (rc != 0)
        return denied(rc);
    app->logged_in = 1;
    return PS_OK;
}

void pos_app_logout(struct pos_app *app)
{
    pos_session_logout(&app->op);
    app->logged_in = 0;
}

const struct pos_session *pos_app_operator(const struct pos_app *app)
{
    return app->logged_in ? &app->op : NULL;
}

struct pos_operators *pos_app_operators(struct pos_app *app)
{
    return app->ops;
}

struct pos_session *pos_app_operator_session(struct pos_app *app)
{
    return app->logged_in ? &app->op : NULL;
}

const char *pos_app__operator_no(const struct pos_app *app)
{
    return app->logged_in ? app->op.number : "";
}

int pos_app_approve(struct pos_app *app, enum pos_action action, const char *supervisor_password,
                    struct ps_reason *why)
{
    if (!app->logged_in)
        return ps_fail(why, POS_APP_DENIED, "log in first (possum-pos login)");
    return denied(pos_session_approve(app->ops, &app->op, action, POS_SUPERVISOR_NUMBER,
                                      supervisor_password, time(NULL), why));
}

int pos_app__authorize(struct pos_app *app, enum pos_action action, struct ps_reason *why)
{
    struct ps_reason cause;
    int rc;

    if ((rc = pos_app__need_activated(app, why)) != 0)
        return rc;
    if (!app->logged_in)
        return ps_fail(why, POS_APP_DENIED, "%s: log in first (possum-pos login)",
                       pos_action_name(action));
    rc = pos_session_authorize(&app->op, action, &cause);
    if (rc > 0)
        return ps_fail(why, POS_APP_DENIED, "%s, or the supervisor's approval", cause.text);
    if (rc < 0)
        return ps_fail(why, rc, "%s", cause.text);
    return PS_OK;
}

/* ---- the session file ------------------------------------------------------------- */

#define SESSION_LINE_MAX 160

/* The key that signs session files: derived from the device key, so a file written
 * by hand, or for another terminal, does not verify. */
static void session_key(const struct pos_app *app, uint8_t key[crypto_auth_KEYBYTES])
{
    static const char context[] = "possum-pos session file v1";
    crypto_generichash(key, crypto_auth_KEYBYTES, (const uint8_t *)context, sizeof(context) - 1,
                       app->ks.key, sizeof(app->ks.key));
}

static void session_mac(const struct pos_app *app, const char *line, char hex[65])
{
    uint8_t key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];

    session_key(app, key);
    crypto_auth(mac, (const uint8_t *)line, strlen(line), key);
    ps_hex_encode(mac, sizeof(mac), hex);
    sodium_memzero(key, sizeof(key));
}

int pos_app_session_save(struct pos_app *app, struct ps_reason *why)
{
    char line[SESSION_LINE_MAX], mac[65], text[SESSION_LINE_MAX + 72];
    int64_t now = (int64_t)time(NULL);
    int fd, n, ok;

    if (!app->logged_in || !app->activated)
        return ps_fail(why, PS_EINVAL, "session: nobody is logged in");
    snprintf(line, sizeof(line), "v1 %s %lld %lld", app->op.number, (long long)now,
             (long long)(now + POS_SESSION_HOURS * 3600));
    session_mac(app, line, mac);
    n = snprintf(text, sizeof(text), "%s %s\n", line, mac);
    unlink(app->home.session); /* a new file, so its mode is ours */
    fd = open(app->home.session, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return ps_fail(why, PS_EIO, "session %s: %s", app->home.session, strerror(errno));
    ok = write(fd, text, (size_t)n) == n;
    ok = close(fd) == 0 && ok;
    if (!ok)
        return ps_fail(why, PS_EIO, "session %s: cannot write it", app->home.session);
    return PS_OK;
}

int pos_app_session_forget(struct pos_app *app, struct ps_reason *why)
{
    pos_app_logout(app);
    if (unlink(app->home.session) != 0 && errno != ENOENT)
        return ps_fail(why, PS_EIO, "session %s: %s", app->home.session, strerror(errno));
    return PS_OK;
}

/* Reads the file's line and checks its signature and times; *number (OUT). */
static int read_session(struct pos_app *app, char number[3], struct ps_reason *why)
{
    char text[SESSION_LINE_MAX + 72] = "", line[SESSION_LINE_MAX], got[80], want[65];
    long long issued = 0, expires = 0, now = (long long)time(NULL);
    FILE *f = fopen(app->home.session, "r");

    if (f == NULL)
        return ps_fail(why, POS_APP_DENIED, "nobody is logged in: possum-pos login");
    if (fgets(text, sizeof(text), f) == NULL)
        text[0] = '\0';
    fclose(f);
    if (sscanf(text, "v1 %2[0-9] %lld %lld %79s", number, &issued, &expires, got) != 4 ||
        strlen(got) != 64)
        return ps_fail(why, POS_APP_DENIED, "the session file is not one: log in again");
    snprintf(line, sizeof(line), "v1 %s %lld %lld", number, issued, expires);
    session_mac(app, line, want);
    if (sodium_memcmp(want, got, 64) != 0)
        return ps_fail(why, POS_APP_DENIED,
                       "the session file was not written by this terminal: "
                       "log in again");
    if (now >= expires || now + 300 < issued)
        return ps_fail(why, POS_APP_DENIED, "the session has expired: log in again");
    return PS_OK;
}

int pos_app_session_restore(struct pos_app *app, struct ps_reason *why)
{
    struct pos_operator_info info;
    char number[3] = "";
    int rc;

    pos_app_logout(app);
    if ((rc = pos_app__need_activated(app, why)) != 0 || (rc = read_session(app, number, why)) != 0)
        return rc;
    rc = pos_operators_get(app->ops, number, &info, why);
    if (rc == PS_EUNDEFINED)
        return ps_fail(why, POS_APP_DENIED, "operator %s no longer exists: log in again", number);
    if (rc != 0)
        return rc;
    if (!info.enabled || info.locked || info.locked_until > (int64_t)time(NULL))
        return ps_fail(why, POS_APP_DENIED, "operator %s is %s: log in again", number,
                       info.enabled ? "locked" : "disabled");
    memcpy(app->op.number, info.number, sizeof(app->op.number));
    memcpy(app->op.name, info.name, sizeof(app->op.name));
    app->op.role = info.role;
    app->op.approved = 0;
    app->logged_in = 1;
    return PS_OK;
}
