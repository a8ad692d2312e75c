#include "pos/sale/cart.h"

#include <stdio.h>
#include <string.h>

#include "pos/sale/outcome.h"
#include "pos/sale/totals.h"

void pos_cart_init(struct pos_cart *c)
{
    memset(c, 0, sizeof(*c));
}

/* Whether the cart, as changed, still works out: no overflow, no discount above what it
 * discounts. Each change is made, checked here, and undone when this fails. */
static int still_adds_up(const struct pos_cart *c, struct ps_reason *why)
{
    struct pos_cart_totals t;
    return pos_cart_totals(c, &t, why);
}

static int check_index(const struct pos_cart *c, size_t index, struct ps_reason *why)
{
    if (index >= c->nlines)
        return ps_fail(why, PS_EINVAL, "line %zu: no such line (the cart has %zu)", index + 1,
                       c->nlines);
    return 0;
}

static int check_quantity(int64_t quantity, struct ps_reason *why)
{
    if (quantity < 1 || quantity > POS_CART_QUANTITY_MAX)
        return ps_fail(why, PS_EINVAL, "quantity %lld is outside 1 to %d", (long long)quantity,
                       POS_CART_QUANTITY_MAX);
    return 0;
}

/* Copies the NUL-terminated src into dst[0..cap) after checking it fits, not empty. */
static int copy_text(char *dst, size_t cap, const char *src, const char *field,
                     struct ps_reason *why)
{
    size_t len = strnlen(src, cap);
    if (len == 0)
        return ps_fail(why, PS_EINVAL, "%s: empty", field);
    if (len == cap)
        return ps_fail(why, PS_ETOOLONG, "%s: more than %zu bytes", field, cap - 1);
    memcpy(dst, src, len + 1);
    return 0;
}

/* A new line for item, checked field by field. */
static int make_line(const struct pos_cart_item *item, int64_t quantity, struct pos_cart_line *l,
                     struct ps_reason *why)
{
    memset(l, 0, sizeof(*l));
    int rc = copy_text(l->code, sizeof(l->code), item->code, "code", why);
    if (rc == 0)
        rc = copy_text(l->name, sizeof(l->name), item->name, "name", why);
    if (rc != 0)
        return rc;
    if (item->unit_price < 0)
        return ps_fail(why, PS_EINVAL, "price: a negative price (%lld fen)",
                       (long long)item->unit_price);
    if (item->tax_bp < 0 || item->tax_bp > POS_CART_TAX_BP_MAX)
        return ps_fail(why, PS_EINVAL, "tax rate: %d basis points is outside 0 to %d",
                       (int)item->tax_bp, POS_CART_TAX_BP_MAX);
    l->unit_price = item->unit_price;
    l->tax_bp = item->tax_bp;
    l->quantity = quantity;
    return 0;
}

static size_t find_code(const struct pos_cart *c, const char *code)
{
    for (size_t i = 0; i < c->nlines; i++) {
        if (strncmp(c->line[i].code, code, sizeof(c->line[i].code)) == 0)
            return i;
    }
    return c->nlines;
}

/* The same code again: more units on its line. */
static int add_to_line(struct pos_cart *c, size_t i, int64_t quantity, struct ps_reason *why)
{
    int64_t before = c->line[i].quantity;
    if (before + quantity > POS_CART_QUANTITY_MAX)
        return ps_fail(why, PS_EINVAL, "line %zu: quantity %lld is above %d", i + 1,
                       (long long)(before + quantity), POS_CART_QUANTITY_MAX);
    c->line[i].quantity = before + quantity;
    int rc = still_adds_up(c, why);
    if (rc != 0)
        c->line[i].quantity = before;
    return rc;
}

int pos_cart_add(struct pos_cart *c, const struct pos_cart_item *item, int64_t quantity,
                 size_t *index, struct ps_reason *why)
{
    int rc = check_quantity(quantity, why);
    if (rc != 0)
        return rc;
    size_t i = find_code(c, item->code);
    if (i < c->nlines) {
        rc = add_to_line(c, i, quantity, why);
    } else if (c->nlines == POS_CART_LINES_MAX) {
        rc = ps_fail(why, PS_EINVAL, "the cart is full (%d lines)", POS_CART_LINES_MAX);
    } else {
        rc = make_line(item, quantity, &c->line[i], why);
        if (rc == 0) {
            c->nlines++;
            rc = still_adds_up(c, why);
            if (rc != 0)
                c->nlines--;
        }
    }
    if (rc == 0 && index != NULL)
        *index = i;
    return rc;
}

int pos_cart_set_quantity(struct pos_cart *c, size_t index, int64_t quantity, struct ps_reason *why)
{
    int rc = check_index(c, index, why);
    if (rc == 0)
        rc = check_quantity(quantity, why);
    if (rc != 0)
        return rc;
    int64_t before = c->line[index].quantity;
    c->line[index].quantity = quantity;
    rc = still_adds_up(c, why);
    if (rc != 0)
        c->line[index].quantity = before;
    return rc;
}

int pos_cart_remove(struct pos_cart *c, size_t index, struct ps_reason *why)
{
    int rc = check_index(c, index, why);
    if (rc != 0)
        return rc;
    struct pos_cart_line removed = c->line[index];
    size_t after = c->nlines - index - 1;
    memmove(&c->line[index], &c->line[index + 1], after * sizeof(c->line[0]));
    c->nlines--;
    rc = still_adds_up(c, why);
    if (rc != 0) {
        memmove(&c->line[index + 1], &c->line[index], after * sizeof(c->line[0]));
        c->line[index] = removed;
        c->nlines++;
    }
    return rc;
}

/* Puts *d in place of *slot, keeps it when the cart still works out and the cashier
 * may give it, and puts the old discount back otherwise. */
static int give_discount(struct pos_cart *c, struct pos_discount *slot,
                         const struct pos_discount *d, const struct pos_discount_limits *lim,
                         const char *what, struct ps_reason *why)
{
    static const struct pos_discount none = {POS_DISCOUNT_NONE, 0, 0};
    static const struct pos_discount_limits no_limits = {0, 0};
    struct pos_discount given = d != NULL ? *d : none;
    struct pos_discount before = *slot;

    int rc = pos_discount_check(&given, why);
    if (rc != 0)
        return rc;
    *slot = given;
    /* what it takes first: a supervisor cannot approve more than 100% */
    rc = still_adds_up(c, why);
    if (rc == 0 && given.kind != POS_DISCOUNT_NONE)
        rc = pos_discount_check_limits(&given, lim != NULL ? lim : &no_limits, what, why);
    if (rc != 0)
        *slot = before;
    return rc;
}

int pos_cart_discount_line(struct pos_cart *c, size_t index, const struct pos_discount *d,
                           const struct pos_discount_limits *lim, struct ps_reason *why)
{
    char what[48];
    int rc = check_index(c, index, why);
    if (rc != 0)
        return rc;
    snprintf(what, sizeof(what), "line %zu discount", index + 1);
    return give_discount(c, &c->line[index].discount, d, lim, what, why);
}

int pos_cart_discount_order(struct pos_cart *c, const struct pos_discount *d,
                            const struct pos_discount_limits *lim, struct ps_reason *why)
{
    return give_discount(c, &c->order_discount, d, lim, "order discount", why);
}
