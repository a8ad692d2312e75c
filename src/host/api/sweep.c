/* The offline sweep's timer: on the API's thread because the back office (struct office,
 * its store connection) belongs to that thread alone; a sweep is a few reads and, rarely,
 * a ticket, so it does not hold up requests for long. */
#include "host/api/internal.h"

#include <event2/event.h>

#include "host/log.h"
#include "host/office/tms/watch.h"

static void on_sweep(evutil_socket_t fd, short what, void *arg)
{
    struct office *office = arg;
    struct ps_reason why = {{0}};
    int opened = 0;

    (void)fd;
    (void)what;
    int rc = office_offline_sweep(office, &opened, &why);
    if (opened > 0)
        log_info("office: %d offline terminal ticket%s opened", opened, opened == 1 ? "" : "s");
    if (rc != 0) /* the next sweep tries again */
        log_warn("office: offline sweep: %s", why.text);
}

int api_sweep_start(struct event_base *base, struct office *office, struct event **out,
                    struct ps_reason *why)
{
    *out = NULL;
    if (office == NULL)
        return 0;
    int64_t period = office_offline_sweep_period_us(office);
    struct timeval tv = {(time_t)(period / 1000000), (suseconds_t)(period % 1000000)};
    struct event *ev = event_new(base, -1, EV_PERSIST, on_sweep, office);
    if (ev == NULL || event_add(ev, &tv) != 0) {
        if (ev != NULL)
            event_free(ev);
        return ps_fail(why, PS_ENOMEM, "api: cannot make the offline sweep's timer");
    }
    *out = ev;
    return 0;
}
