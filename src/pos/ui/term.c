/* The terminal: a UTF-8 locale, curses started on stdin/stdout and stopped so that the
 * shell gets its terminal back as it was, and keys read as the screens want them. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pos/app/outcome.h"
#include "pos/ui/internal.h"
#include "pos/ui/term.h"

/* CJK text needs a UTF-8 locale to be measured and drawn; the environment's when it is
 * one, else C.UTF-8, which every glibc has. LC_NUMERIC stays "C": nothing this process
 * prints may get a decimal comma from the environment. */
static int use_utf8_locale(struct ps_reason *why)
{
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return 0;
    if (setlocale(LC_CTYPE, "C.UTF-8") != NULL && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return 0;
    return ps_fail(why, POS_APP_REFUSED,
                   "the interface needs a UTF-8 locale (LANG=C.UTF-8 or zh_CN.UTF-8)");
}

static void colours(struct ui *ui)
{
    ui->colors = has_colors() && start_color() == OK;
    if (!ui->colors)
        return;
    use_default_colors();
    init_pair(1, COLOR_WHITE, COLOR_BLUE); /* the status line */
    init_pair(2, COLOR_WHITE, COLOR_RED);  /* an error */
    init_pair(3, COLOR_GREEN, -1);         /* done */
}

int ui__term_start(struct ui *ui, struct ui_term *t, struct ps_reason *why)
{
    const char *before = setlocale(LC_ALL, NULL);
    int rc;

    memset(t, 0, sizeof(*t));
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return ps_fail(why, POS_APP_REFUSED, "the interface needs a terminal on stdin and stdout");
    t->locale = strdup(before != NULL ? before : "C");
    if (t->locale == NULL)
        return ps_fail(why, PS_ENOMEM, "out of memory");
    if ((rc = use_utf8_locale(why)) != 0) {
        ui__term_stop(t);
        return rc;
    }
    t->screen = newterm(NULL, stdout, stdin);
    if (t->screen == NULL) {
        ui__term_stop(t);
        return ps_fail(why, PS_EIO, "curses cannot drive terminal type '%s'",
                       getenv("TERM") != NULL ? getenv("TERM") : "(none)");
    }
    set_term(t->screen);
    raw(); /* Ctrl-C, Ctrl-Z and Ctrl-\ are keys, not a way to lose a sale half made */
    noecho();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    colours(ui);
    if (LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS) {
        int rows = LINES, cols = COLS;
        ui__term_stop(t);
        return ps_fail(why, POS_APP_REFUSED, "the terminal is %dx%d; the interface needs 80x24",
                       cols, rows);
    }
    return 0;
}

void ui__term_stop(struct ui_term *t)
{
    if (t->screen != NULL) {
        endwin();
        delscreen(t->screen);
        t->screen = NULL;
    }
    if (t->locale != NULL) {
        setlocale(LC_ALL, t->locale);
        free(t->locale);
        t->locale = NULL;
    }
}

/* Keys that terminals send in more than one way, as one. */
static int control_key(wint_t c)
{
    switch (c) {
    case '\n':
    case '\r':
        return UI_KEY_ENTER;
    case 27:
    case 3: /* Ctrl-C */
        return UI_KEY_ESC;
    case '\t':
        return UI_KEY_TAB;
    case 8:
    case 127:
        return KEY_BACKSPACE;
    case 21: /* Ctrl-U */
        return UI_KEY_CLEAR;
    default:
        return 0;
    }
}

/* What get_wch gave (r, c) as a key; r is not ERR. */
static void decode(int r, wint_t c, struct ui_key *k)
{
    if (r == KEY_CODE_YES)
        k->code = c == KEY_ENTER ? UI_KEY_ENTER : (int)c;
    else if ((k->code = control_key(c)) == 0 && c >= 32)
        k->ch = (wchar_t)c;
}

/* Reads the key the terminal has (or says it hung up): a blocking read. */
static void read_now(struct ui *ui, struct ui_key *k)
{
    wint_t c;
    int r;

    k->code = 0;
    k->ch = 0;
    if (ui->gone) {
        k->code = UI_KEY_ESC;
        return;
    }
    do {
        errno = 0;
        r = get_wch(&c);
    } while (r == ERR && errno == EINTR);
    if (r == ERR) { /* the terminal went away: every screen unwinds as if cancelled */
        ui->gone = 1;
        k->code = UI_KEY_ESC;
    } else {
        decode(r, c, k);
    }
}

void ui__key_read(struct ui *ui, struct ui_key *k)
{
    (void)ui__key_wait(ui, k, -1);
}

int ui__key_wait(struct ui *ui, struct ui_key *k, int fd)
{
    struct pollfd p[2];
    wint_t c;
    int r;

    if (ui->gone) {
        read_now(ui, k);
        return 0;
    }
    for (;;) {
        /* keys curses holds already come first; only then is the terminal polled,
         * since poll cannot see curses' own buffer */
        k->code = 0;
        k->ch = 0;
        timeout(0);
        r = get_wch(&c);
        timeout(-1);
        if (r != ERR) {
            decode(r, c, k);
            return 0;
        }
        p[0] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
        p[1] = (struct pollfd){.fd = fd, .events = POLLIN};
        int n = poll(p, fd >= 0 ? 2 : 1, ui__idle_ms(ui));
        if (n < 0 && errno != EINTR) {
            read_now(ui, k);
            return 0;
        }
        if (n == 0) { /* nothing came before idle work fell due */
            ui__idle(ui);
            continue;
        }
        if (fd >= 0 && p[1].revents != 0)
            return 1;
        if (p[0].revents != 0) { /* a key, or the terminal gone: the blocking read says */
            read_now(ui, k);
            return 0;
        }
    }
}

int ui__is_fkey(const struct ui_key *k, int n)
{
    return k->code == KEY_F(n);
}
