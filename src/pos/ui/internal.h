/* internal.h — what the files of the interface share; not a public interface.
 *
 * Every screen is a loop: paint the whole screen, read one key, act on it. A screen
 * registers its painter in struct ui before it opens a dialog, so that the dialog can
 * paint the screen under itself (after a resize too) and then itself on top. Nothing
 * is drawn outside a painter, so what is on the screen is always what the state says. */
#ifndef POSSUM_POS_UI_INTERNAL_H
#define POSSUM_POS_UI_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include <curses.h>

#include "pos/app/app.h"
#include "pos/ui/text.h"
#include "pos/ui/ui.h"

#define UI_MIN_ROWS    24
#define UI_MIN_COLS    80
#define UI_MESSAGE_MAX 512

/* Keys beyond curses' own, for what terminals send in more than one way. */
#define UI_KEY_ENTER (KEY_MAX + 1) /* Enter, Return, keypad Enter */
#define UI_KEY_ESC   (KEY_MAX + 2) /* Esc, and Ctrl-C (raw mode keeps it from killing us) */
#define UI_KEY_TAB   (KEY_MAX + 3)
#define UI_KEY_CLEAR (KEY_MAX + 4) /* Ctrl-U: empty the field */

/* One key: code is a curses KEY_* or UI_KEY_*, or 0 when ch is a typed character. */
struct ui_key {
    int code;
    wchar_t ch;
};

enum ui_tone { UI_TONE_INFO = 0, UI_TONE_OK, UI_TONE_ERROR };

/* What the status line says of the host: what the last exchange of this run showed. */
enum ui_host { UI_HOST_UNKNOWN = 0, UI_HOST_ONLINE, UI_HOST_OFFLINE };

struct ui;
typedef void (*ui_paint_fn)(struct ui *ui, void *ctx);

struct ui {
    struct pos_app *app;
    const struct pos_ui_options *opt;
    const char *const *text; /* the language's table (text.h) */
    enum ui_host host;
    char message[UI_MESSAGE_MAX]; /* the message line, kept until the next one */
    enum ui_tone tone;
    int colors;        /* the terminal has colours: the tones get theirs */
    int gone;          /* the terminal hung up: unwind and quit */
    ui_paint_fn paint; /* the screen under any dialog */
    void *paint_ctx;
    char reader_path[POS_CARD_READER_PATH_MAX + 1]; /* the card reader device open now */
    int64_t next_beat_ms; /* when the next idle heartbeat is due (idle.c); 0: not planned */
};

/* ---- text (text.c) ------------------------------------------------------------------ */

const char *ui__t(const struct ui *ui, enum ui_text id);

/* The response code's meaning in the interface's language ("余额不足"). */
const char *ui__response_meaning(const struct ui *ui, const char *code);

/* A journal kind's or result's name ("cash_sale", "approved", as the journal names
 * them) in the interface's language. */
const char *ui__journal_word(const struct ui *ui, const char *name);

/* 0 when both tables have every id; PS_EUNDEFINED naming the first missing one. */
int ui__text_check(struct ps_reason *why);

/* ---- the terminal (term.c) ---------------------------------------------------------- */

/* Reads one key, waiting for it (and doing the idle work that falls due meanwhile).
 * When the terminal is gone (hung up) it sets ui->gone and reads Esc from then on, so
 * every screen unwinds as if cancelled. */
void ui__key_read(struct ui *ui, struct ui_key *k /* OUT */);

/* The same, while also waiting for fd (a card reader device) to have something to
 * read: 0 with *k (OUT) read, 1 when fd is ready first (no key was read). fd < 0:
 * ui__key_read. */
int ui__key_wait(struct ui *ui, struct ui_key *k /* OUT */, int fd);

/* ---- while waiting for a key (idle.c) ------------------------------------------------- */

/* Milliseconds until idle work is due (0: now), or -1 when there is none. */
int ui__idle_ms(struct ui *ui);

/* Does the idle work that is due (a heartbeat); nothing otherwise. */
void ui__idle(struct ui *ui);

/* Nonzero when k is the function key Fn. */
int ui__is_fkey(const struct ui_key *k, int n);

/* ---- measuring and drawing (width.c, draw.c) ---------------------------------------- */

/* Display columns of UTF-8 s (wcwidth; a byte that is no character counts one). */
size_t ui__width(const char *s);

/* Bytes of the longest start of s that takes at most cols columns; *used (OUT, may be
 * NULL) the columns it takes. */
size_t ui__clip(const char *s, size_t cols, size_t *used);

/* Starts painting: clears the screen. Returns 0, or -1 after saying the window is
 * smaller than 80x24 (the painter then paints nothing more). */
int ui__paint_begin(struct ui *ui);

/* s at (y, x), cut at cols columns; returns the columns drawn. */
int ui__put(int y, int x, int cols, const char *s);

/* s ending at column right (exclusive), cut at cols columns on the left. */
void ui__put_right(int y, int right, int cols, const char *s);

void ui__put_center(int y, const char *s);

/* printf into a line and draw it as ui__put does. */
int ui__putf(int y, int x, int cols, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A horizontal rule across the screen. */
void ui__rule(int y);

/* A framed box with title in its top edge; its inside is cleared. */
void ui__box(int y, int x, int h, int w, const char *title);

/* The status line (row 0), the key hints (one row per '\n'-separated line of keys,
 * ending just above the message line), and the message line (the last row). */
void ui__status(struct ui *ui);
int ui__hint(const struct ui *ui, const char *keys); /* returns the first hint row */
void ui__message_paint(const struct ui *ui);

/* Paints the screen under a dialog (the registered painter), or a bare frame. */
void ui__backdrop(struct ui *ui);

/* Registers the painter of the screen now showing; returns the one before (to put
 * back when the screen closes). */
struct ui_painter {
    ui_paint_fn fn;
    void *ctx;
};
struct ui_painter ui__set_painter(struct ui *ui, ui_paint_fn fn, void *ctx);
void ui__restore_painter(struct ui *ui, struct ui_painter before);

/* "12.34" for fen into out (PS_MONEY_TEXT_MAX bytes). */
void ui__money(int64_t fen, char *out);

/* ---- the message line (message.c) --------------------------------------------------- */

void ui__say(struct ui *ui, enum ui_tone tone, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Says what a flow's failure was, in plain words: what kind of failure (the host
 * declined, the host is away, the supervisor is needed, the terminal refused it, the
 * terminal failed) and the core's reason. For a card payment without an answer it
 * also says the payment did not go through and the terminal reverses it itself. */
void ui__tell(struct ui *ui, int rc, const struct ps_reason *why, const struct pos_app_result *res);

/* Says that `what` was done, with what res tells of it: the receipt number, amount,
 * balance, change, authorization code, reference number. */
void ui__tell_done(struct ui *ui, enum ui_text what, const struct pos_app_result *res);

/* Learns from a flow whether the host answered (online) or not (offline). */
void ui__note_host(struct ui *ui, int rc, const struct pos_app_result *res);

/* Shows `what` on the message line at once, before a call that may take a while (the
 * host has up to its timeout to answer). */
void ui__busy(struct ui *ui, enum ui_text what);

/* ---- input: a field, a form, small dialogs (field.c, form.c, dialog.c) --------------- */

#define UI_FIELD_MAX 160 /* characters */

struct ui_field {
    wchar_t buf[UI_FIELD_MAX + 1];
    size_t len, max;
    const char *accept; /* the ASCII characters it takes; NULL: any printable */
    int masked;         /* shown as '*' (passwords, PINs) */
    int fresh;          /* holds a proposed value: the first key typed replaces it */
};

/* Accept sets for fields. */
#define UI_DIGITS   "0123456789"
#define UI_MONEY    "0123456789."
#define UI_DISCOUNT "0123456789.%"

void ui__field_init(struct ui_field *f, const char *accept, size_t max, int masked);
/* Proposes a value (the amount still due, the quantity now): Enter takes it, typing
 * replaces it. */
void ui__field_set(struct ui_field *f, const char *utf8);
/* 1 when k edited f (a character it takes, Backspace, Ctrl-U), else 0. */
int ui__field_key(struct ui_field *f, const struct ui_key *k);
/* Paints f in width columns at (y, x), its end visible; the cursor goes there when
 * focus is nonzero. */
void ui__field_paint(const struct ui_field *f, int y, int x, int width, int focus);
/* f as UTF-8 into out (cap bytes; cut at a character when longer). */
void ui__field_text(const struct ui_field *f, char *out, size_t cap);
void ui__field_wipe(struct ui_field *f);

/* A dialog of labelled fields. Enter goes to the next field and, on the last, submits;
 * Tab and the arrows move; Esc cancels. Returns 0 submitted, 1 cancelled. */
struct ui_form_item {
    enum ui_text label;
    struct ui_field field;
    /* Enter submits at once when the field's text starts with one of these characters
     * (a swipe a card reader typed, with its Enter); NULL: never */
    const char *submit_lead;
};
int ui__form(struct ui *ui, enum ui_text title, struct ui_form_item *items, size_t n);
/* The same, starting in field focus. */
int ui__form_at(struct ui *ui, enum ui_text title, struct ui_form_item *items, size_t n,
                size_t focus);
/* The same, starting in *focus (where it was left on return), and also waiting for fd
 * (a card reader device, -1: none): 2 when fd has something to read. */
int ui__form_wait(struct ui *ui, enum ui_text title, struct ui_form_item *items, size_t n,
                  size_t *focus, int fd);

/* Asks question; 1 for Enter (yes), 0 for Esc (no). */
int ui__confirm(struct ui *ui, enum ui_text question);

/* Asks for a password or PIN (masked; the characters accept allows, NULL any) into
 * out; 0, or 1 when cancelled. */
int ui__ask_secret(struct ui *ui, enum ui_text title, enum ui_text label, const char *accept,
                   char *out, size_t cap);

/* Parses a money field's text into fen (> 0), saying why not on the message line.
 * 0 or -1. */
int ui__parse_money(struct ui *ui, const char *text, int64_t *fen);

/* Parses a number field (1..max), saying why not. 0 or -1. */
int ui__parse_number(struct ui *ui, const char *text, unsigned long max, unsigned long *out);

/* ---- flows (flow.c) -------------------------------------------------------------- */

/* One call into the core, with its result. */
typedef int (*ui_flow_fn)(struct ui *ui, void *ctx, struct pos_app_result *res,
                          struct ps_reason *why);

/* Runs fn after showing `busy`. When the core answers that the supervisor is needed,
 * asks for the supervisor's password, has the supervisor approve `approve` (0: no
 * approval can help) and runs fn once more. Learns the host's state from the result.
 * res must be initialised; it holds the last run's result. Returns what fn returned
 * (or what the approval did). */
int ui__run_flow(struct ui *ui, enum ui_text busy, enum pos_action approve, ui_flow_fn fn,
                 void *ctx, struct pos_app_result *res, struct ps_reason *why);

/* Sends res's printer bytes to the printer, when one was given; a failure is told. */
void ui__print(struct ui *ui, const struct pos_app_result *res);

/* ---- screens ---------------------------------------------------------------------- */

/* The login screen: 0 when an operator logged in, 1 when the cashier quits. */
int ui__login(struct ui *ui);

/* The sale screen until the operator logs out. */
void ui__sale(struct ui *ui);

/* The receipt, slip or report of res in a scrollable view titled title; F9 prints the
 * receipt again when res has a receipt number. */
void ui__preview(struct ui *ui, const char *title, struct pos_app_result *res);

/* A card typed in (number, expiry), swiped (typed into the number field by a reader
 * acting as a keyboard, or on the reader device of the "card-reader" setting) or from
 * a test-card file, then its PIN (masked), with the amount to charge in the same
 * dialog when amount is not NULL (it comes in as the default, goes out as typed).
 * card_entry.c. */
#define UI_CARD_PIN      1u /* ask for the PIN */
#define UI_CARD_OPTIONAL 2u /* no card is an answer (the core then uses the batch's) */
/* Returns 0 with *card filled, 1 cancelled, 2 no card (only with UI_CARD_OPTIONAL). */
int ui__card_entry(struct ui *ui, enum ui_text title, unsigned flags, int64_t *amount,
                   struct pos_card *card);

/* The function menu: returns what was chosen (enum ui_function) or 0. */
enum ui_function {
    UI_FN_VOID = 1,
    UI_FN_REFUND,
    UI_FN_BALANCE,
    UI_FN_PREAUTH,
    UI_FN_COMPLETE,
    UI_FN_HISTORY,
    UI_FN_REPRINT,
    UI_FN_XREPORT,
    UI_FN_SETTLE,
    UI_FN_LOGOUT,
    UI_FN_OPERATORS,
    UI_FN_FORWARD,
};
#define UI_FN_COUNT 12
int ui__menu(struct ui *ui);

/* Each function of the menu but logout (functions.c, day.c, history.c, operators.c). */
void ui__run_function(struct ui *ui, enum ui_function fn);
void ui__fn_void(struct ui *ui);
void ui__fn_refund(struct ui *ui);
void ui__fn_balance(struct ui *ui);
void ui__fn_preauth(struct ui *ui);
void ui__fn_complete(struct ui *ui);
void ui__fn_reprint(struct ui *ui, int ask); /* ask: for the number; else the last */
void ui__fn_xreport(struct ui *ui);
void ui__fn_settle(struct ui *ui);
void ui__fn_forward(struct ui *ui);
void ui__fn_history(struct ui *ui);
void ui__fn_operators(struct ui *ui);

#endif
