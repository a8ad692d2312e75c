/* A bank card without a card reader: its number and expiry typed, or a test-card file
 * for the sandbox (pos/app/card.h), then the cardholder's PIN, masked. The card's own
 * checks (Luhn, expiry, PIN length) are pos_card_set's; a refusal is shown and the
 * dialog comes back with what was typed. */
#include <string.h>

#include "core/money.h"
#include "pos/app/outcome.h"
#include "pos/ui/internal.h"

enum { PAN_FIELD, EXPIRY_FIELD, FILE_FIELD, CARD_FIELDS };

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
    ui__field_init(&card[PAN_FIELD].field, UI_DIGITS, 19, 0);
    card[EXPIRY_FIELD].label = UT_EXPIRY;
    ui__field_init(&card[EXPIRY_FIELD].field, UI_DIGITS, 4, 0);
    card[FILE_FIELD].label = UT_CARD_FILE;
    ui__field_init(&card[FILE_FIELD].field, NULL, 120, 0);
}

/* The card from the dialog: 0, 2 when nothing was given, -1 after saying why not. */
static int read_card(struct ui *ui, const struct entry *e, struct pos_card *card)
{
    const struct ui_form_item *f = &e->items[e->first];
    char pan[32], expiry[8], file[UI_FIELD_MAX * 4 + 1];
    struct ps_reason why;
    int rc;

    ui__field_text(&f[PAN_FIELD].field, pan, sizeof(pan));
    ui__field_text(&f[EXPIRY_FIELD].field, expiry, sizeof(expiry));
    ui__field_text(&f[FILE_FIELD].field, file, sizeof(file));
    ps_reason_clear(&why);
    if (file[0] != '\0')
        rc = pos_card_from_file(card, file, &why);
    else if (pan[0] != '\0')
        rc = pos_card_set(card, pan, expiry[0] != '\0' ? expiry : NULL, NULL, NULL, &why);
    else
        return 2;
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

int ui__card_entry(struct ui *ui, enum ui_text title, unsigned flags, int64_t *amount,
                   struct pos_card *card)
{
    struct entry e;
    char text[32];
    size_t focus = 0;
    int rc = -1;

    entry_init(&e, amount);
    while (rc < 0) {
        if (ui__form_at(ui, title, e.items, e.first + CARD_FIELDS, focus) != 0) {
            rc = 1;
            break;
        }
        ui__field_text(&e.items[0].field, text, sizeof(text));
        if (amount != NULL && ui__parse_money(ui, text, amount) != 0)
            continue;
        focus = e.first;
        rc = read_card(ui, &e, card);
        if (rc == 2 && !(flags & UI_CARD_OPTIONAL)) {
            ui__say(ui, UI_TONE_ERROR, "%s", ui__t(ui, UT_NEED_CARD));
            rc = -1;
        }
    }
    if (rc == 0 && (flags & UI_CARD_PIN) && (rc = read_pin(ui, card)) != 0)
        pos_card_wipe(card);
    entry_wipe(&e);
    return rc;
}
