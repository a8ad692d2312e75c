/* A bank card: swiped, its number and expiry typed, or a test-card file for the
 * sandbox (pos/app/card.h), then the cardholder's PIN, masked. A reader that acts as a
 * keyboard types its swipe and Enter into the number field, which takes the stripe's
 * characters and submits at once on a start sentinel; a reader device (the terminal's
 * "card-reader" setting, pos/app/reader.h) is waited on beside the keys while the
 * dialog is open. The card's own checks (track, Luhn, expiry, PIN length) are the
 * core's; a refusal is shown and the dialog comes back with what was typed. */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "pos/app/outcome.h"
#include "pos/ui/internal.h"

enum { PAN_FIELD, EXPIRY_FIELD, FILE_FIELD, CARD_FIELDS };

/* What a stripe can carry, as a reader types it (ISO/IEC 7811: space to '_'), so a
 * swipe goes into the number field whole; pos_card_from_entry tells typed digits
 * from a swipe. */
#define UI_STRIPE " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_"

struct entry {
    struct ui_form_item items[1 + CARD_FIELDS];
    size_t first; /* the card's first field: 1 when the amount comes first */
};

static void entry_init(struct entry *e, const int64_t *amount)
{
    char text[PS_MONEY_TEXT_MAX + 8];
    struct ui_form_item *card;

    memset(e, 0, sizeof(*e));
    if (amount != NULL) {
        e->items[0].label = UT_AMOUNT;
        ui__field_init(&e->items[0].field, UI_MONEY, 12, 0);
        if (*amount > 0) { /* what is left to pay, say; nothing known: nothing shown */
            ui__money(*amount, text);
            ui__field_set(&e->items[0].field, text);
        }
        e->first = 1;
    }
    card = &e->items[e->first];
    card[PAN_FIELD].label = UT_CARD_NUMBER;
    card[PAN_FIELD].submit_lead = POS_CARD_SWIPE_LEAD;
    ui__field_init(&card[PAN_FIELD].field, UI_STRIPE, PS_SWIPE_MAX, 0);
    card[EXPIRY_FIELD].label = UT_EXPIRY;
    ui__field_init(&card[EXPIRY_FIELD].field, UI_DIGITS, 4, 0);
    card[FILE_FIELD].label = UT_CARD_FILE;
    ui__field_init(&card[FILE_FIELD].field, NULL, 120, 0);
}

/* The card from the dialog: 0, 2 when nothing was given, -1 after saying why not. */
static int read_card(struct ui *ui, struct entry *e, struct pos_card *card)
{
    struct ui_form_item *f = &e->items[e->first];
    char pan[UI_FIELD_MAX + 1], expiry[8], file[UI_FIELD_MAX * 4 + 1];
    struct ps_reason why;
    int rc;

    ui__field_text(&f[PAN_FIELD].field, pan, sizeof(pan));
    ui__field_text(&f[EXPIRY_FIELD].field, expiry, sizeof(expiry));
    ui__field_text(&f[FILE_FIELD].field, file, sizeof(file));
    ps_reason_clear(&why);
    if (file[0] != '\0')
        rc = pos_card_from_file(card, file, &why);
    else if (pan[0] != '\0')
        rc = pos_card_from_entry(card, pan, expiry, &why);
    else
        return 2;
    /* a bad swipe stays to be seen, and the next swipe (or key) replaces it */
    f[PAN_FIELD].field.fresh = rc != 0 && ps_track_is_swipe(pan);
    memset(pan, 0, sizeof(pan));
    if (rc != 0) {
        ui__tell(ui, POS_APP_REFUSED, &why, NULL);
        return -1;
    }
    return 0;
}

/* The PIN, typed by the cardholder; none typed keeps the test card's (or none). */
static int read_pin(struct ui *ui, struct pos_card *card)
{
    char pin[40];
    struct ps_reason why;
    int rc = -1;

    while (rc != 0) {
        if (ui__ask_secret(ui, UT_PIN_TITLE, UT_PIN, UI_DIGITS, pin, sizeof(pin)) != 0)
            return 1;
        ps_reason_clear(&why);
        rc = pin[0] != '\0' ? pos_card_set_pin(card, pin, &why) : 0;
        memset(pin, 0, sizeof(pin));
        if (rc != 0)
            ui__tell(ui, POS_APP_REFUSED, &why, NULL);
    }
    return 0;
}

static void entry_wipe(struct entry *e)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(e->items); i++)
        ui__field_wipe(&e->items[i].field);
}

/* Opens the terminal's card reader device, when one is set: 1 open, 0 none (or it
 * would not open, which is said: typing and a keyboard reader still work). */
static int reader_open(struct ui *ui, struct pos_card_reader *r)
{
    struct pos_app_status st;
    struct ps_reason why;

    ps_reason_clear(&why);
    if (pos_app_status(ui->app, &st, &why) != 0 || st.settings->card_reader[0] == '\0')
        return 0;
    /* the status's strings live in the app until its next call: keep a copy */
    snprintf(ui->reader_path, sizeof(ui->reader_path), "%s", st.settings->card_reader);
    if (pos_card_reader_open(r, ui->reader_path, &why) == 0)
        return 1;
    ui__tell(ui, PS_EIO, &why, NULL);
    return 0;
}

/* What the reader device has: 0 with a card, -1 none yet or a bad swipe (said). A
 * device that failed is closed and *open cleared. */
static int reader_card(struct ui *ui, struct pos_card_reader *r, int *open, struct pos_card *card)
{
    struct ps_reason why;
    int rc;

    ps_reason_clear(&why);
    rc = pos_card_reader_read(r, 0, card, &why);
    if (rc == 0)
        return 0;
    if (rc != POS_READER_NO_SWIPE)
        ui__tell(ui, rc == PS_EIO ? PS_EIO : POS_APP_REFUSED, &why, NULL);
    if (rc == PS_EIO) {
        pos_card_reader_close(r);
        *open = 0;
    }
    return -1;
}

int ui__card_entry(struct ui *ui, enum ui_text title, unsigned flags, int64_t *amount,
                   struct pos_card *card)
{
    struct pos_card_reader reader;
    struct entry e;
    char text[32];
    size_t focus = 0;
    int rc = -1, got, reading = reader_open(ui, &reader);

    entry_init(&e, amount);
    while (rc < 0) {
        got = ui__form_wait(ui, title, e.items, e.first + CARD_FIELDS, &focus,
                            reading ? pos_card_reader_fd(&reader) : -1);
        if (got == 1) {
            rc = 1;
            break;
        }
        if (got == 2 && reader_card(ui, &reader, &reading, card) != 0)
            continue;
        ui__field_text(&e.items[0].field, text, sizeof(text));
        if (amount != NULL && ui__parse_money(ui, text, amount) != 0) {
            pos_card_wipe(card);
            continue;
        }
        if (got == 2) { /* swiped on the device */
            rc = 0;
            break;
        }
        focus = e.first;
        rc = read_card(ui, &e, card);
        if (rc == 2 && !(flags & UI_CARD_OPTIONAL)) {
            ui__say(ui, UI_TONE_ERROR, "%s", ui__t(ui, UT_NEED_CARD));
            rc = -1;
        }
    }
    if (reading)
        pos_card_reader_close(&reader);
    if (rc == 0 && (flags & UI_CARD_PIN) && (rc = read_pin(ui, card)) != 0)
        pos_card_wipe(card);
    entry_wipe(&e);
    return rc;
}
