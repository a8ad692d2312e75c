/* What the cashier's screen does while it waits for a key: a heartbeat to the back
 * office every heartbeat-every seconds (settings.h), so a terminal left on its login or
 * sale screen all day tells the back office it is alive, takes new parameters and
 * offered updates, and is never ticketed as offline for being idle.
 *
 * The heartbeat runs in this process (the terminal's home is locked to it) and blocks
 * the screen for as long as it takes (the back office's timeout at most); it only ever
 * starts while no key is waiting, and keys typed meanwhile are read after it. Its
 * outcome is not shown: the cashier has nothing to do about it, and a failed one is
 * tried again at the next interval. */
#include "pos/ui/internal.h"

#include <time.h>

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Seconds between idle heartbeats; 0 when none are to be sent. */
static int every_s(struct ui *ui)
{
    struct pos_app_status st;
    if (pos_app_status(ui->app, &st, NULL) != 0 || st.settings == NULL ||
        st.settings->back_office[0] == '\0')
        return 0;
    return st.settings->heartbeat_every_s;
}

int ui__idle_ms(struct ui *ui)
{
    int every = every_s(ui);
    int64_t now = now_ms();

    if (every <= 0)
        return -1;
    if (ui->next_beat_ms == 0)
        ui->next_beat_ms = now + (int64_t)every * 1000;
    return ui->next_beat_ms <= now ? 0 : (int)(ui->next_beat_ms - now);
}

void ui__idle(struct ui *ui)
{
    struct pos_app_result res;
    struct ps_reason why;
    int every = every_s(ui);

    if (every <= 0 || ui->next_beat_ms == 0 || now_ms() < ui->next_beat_ms)
        return;
    pos_app_result_init(&res);
    ps_reason_clear(&why);
    (void)pos_app_heartbeat(ui->app, &res, &why);
    pos_app_result_cleanup(&res);
    ui->next_beat_ms = now_ms() + (int64_t)every * 1000;
}
