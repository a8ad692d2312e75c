#include "ctl/fleet/plan.h"

#include <string.h>

#define WRONG_PIN "654321"

/* splitmix64: a whole random state in one number, so each terminal has its own. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

uint64_t fleet_random_below(struct fleet_planner *p, uint64_t n)
{
    return next_random(&p->rng) % n;
}

void fleet_planner_init(struct fleet_planner *p, unsigned index, uint64_t seed)
{
    memset(p, 0, sizeof(*p));
    fleet_card(index % FLEET_CARDS, &p->card);
    fleet_card_by_name("lost", &p->lost);
    fleet_card_by_name("debit-100", &p->short_of_funds);
    p->rng = seed ^ ((uint64_t)index * 0xD1B54A32D192ED03u);
    p->decline_turn = index % 3;
    p->may_send_wrong_pin = index < FLEET_CARDS;
}

/* Copies text into dst of cap bytes, cut to fit: what snprintf("%s") does, without
 * parsing a format for every request. */
static void copy_text(char *dst, size_t cap, const char *text)
{
    size_t n = strnlen(text, cap - 1);
    memcpy(dst, text, n);
    dst[n] = '\0';
}

/* A purchase of amount on card with pin, expecting expect. */
static void purchase(struct fleet_plan *out, const struct fleet_card *card, const char *pin,
                     int64_t amount, const char *expect)
{
    out->in.kind = HL_PURCHASE;
    out->in.amount = amount;
    copy_text(out->pan, sizeof(out->pan), card->pan);
    copy_text(out->expiry, sizeof(out->expiry), card->expiry);
    copy_text(out->pin, sizeof(out->pin), pin);
    copy_text(out->expect, sizeof(out->expect), expect);
}

static int64_t sale_amount(struct fleet_planner *p)
{
    return 100 + (int64_t)fleet_random_below(p, 50000 - 100 + 1); /* 1.00 .. 500.00 */
}

static void decline(struct fleet_planner *p, struct fleet_plan *out)
{
    unsigned turn = p->decline_turn++ % 3;

    if (turn == 0 && (!p->may_send_wrong_pin || p->last_pin_wrong))
        turn = 1;
    if (turn == 0)
        purchase(out, &p->card, WRONG_PIN, sale_amount(p), "55");
    else if (turn == 1)
        purchase(out, &p->lost, FLEET_PIN, sale_amount(p), "41");
    else /* more than the 100.00 it holds */
        purchase(out, &p->short_of_funds, FLEET_PIN, 10001 + (int64_t)fleet_random_below(p, 39900),
                 "51");
}

/* The newest approved purchase nothing was refunded from (voidable), or the newest
 * with something left to refund. */
static const struct hl_record *target(const struct hl_batch *b, int voidable)
{
    for (size_t i = b->count; i-- > 0;) {
        const struct hl_record *r = &b->records[i];
        if (r->sent.kind != HL_PURCHASE || r->status != HL_REC_APPROVED)
            continue;
        if (voidable ? r->refunded == 0 : r->refunded < r->sent.amount)
            return r;
    }
    return NULL;
}

static void take_back(struct fleet_planner *p, const struct hl_batch *b, const struct hl_record *r,
                      struct fleet_plan *out)
{
    int64_t left = r->sent.amount - r->refunded;

    out->in.kind = out->action == FLEET_VOID ? HL_VOID : HL_REFUND;
    out->in.amount = out->action == FLEET_VOID
                         ? r->sent.amount
                         : 1 + (int64_t)fleet_random_below(p, (uint64_t)(left + 1) / 2);
    out->in.has_original = 1;
    out->in.orig_batch = b->number;
    out->in.orig_stan = r->sent.stan;
    copy_text(out->pan, sizeof(out->pan), r->sent.pan);
    copy_text(out->expiry, sizeof(out->expiry), r->sent.expiry);
    copy_text(out->rrn, sizeof(out->rrn), r->rrn);
    copy_text(out->date, sizeof(out->date), r->date);
    memcpy(out->expect, "00", 3);
}

static enum fleet_action draw(struct fleet_planner *p, const struct fleet_options *o)
{
    uint64_t x = fleet_random_below(p, o->mix_total);
    for (int a = 0; a < FLEET_ACTIONS; a++) {
        if (x < o->mix[a])
            return (enum fleet_action)a;
        x -= o->mix[a];
    }
    return FLEET_PURCHASE;
}

void fleet_plan_next(struct fleet_planner *p, const struct fleet_options *o,
                     const struct hl_batch *batch, struct fleet_plan *out)
{
    const struct hl_record *r = NULL;

    memset(out, 0, sizeof(*out));
    out->action = draw(p, o);
    if (out->action == FLEET_VOID || out->action == FLEET_REFUND) {
        r = target(batch, out->action == FLEET_VOID);
        if (r == NULL)
            out->action = FLEET_PURCHASE;
    }
    switch (out->action) {
    case FLEET_BALANCE:
        purchase(out, &p->card, FLEET_PIN, 0, "00");
        out->in.kind = HL_BALANCE;
        break;
    case FLEET_VOID:
    case FLEET_REFUND:
        take_back(p, batch, r, out);
        break;
    case FLEET_DECLINE:
        decline(p, out);
        break;
    default:
        purchase(out, &p->card, FLEET_PIN, sale_amount(p), "00");
    }
    if (strcmp(out->pan, p->card.pan) == 0 && out->pin[0] != '\0')
        p->last_pin_wrong = strcmp(out->pin, FLEET_PIN) != 0;
    out->in.pan = out->pan;
    out->in.expiry = out->expiry;
    out->in.pin = out->pin;
    out->in.rrn = out->rrn;
    out->in.orig_date = out->date;
}
