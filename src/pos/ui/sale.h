/* sale.h — what the files of the sale screen share (sale.c the keys, cart_view.c the
 * painting, cart_edit.c the changes, search.c the name search, tender.c payment). */
#ifndef POSSUM_POS_UI_SALE_H
#define POSSUM_POS_UI_SALE_H

#include "pos/sale/cart.h"
#include "pos/sale/totals.h"
#include "pos/ui/internal.h"

struct ui_sale {
    struct pos_cart cart;
    struct pos_cart_totals totals; /* of cart, as pos_cart_totals worked them out */
    int totals_rc;                 /* and what it returned (its reason below) */
    struct ps_reason totals_why;
    size_t sel;            /* the chosen line */
    size_t top;            /* the first line on the screen */
    struct ui_field input; /* the code input: a scanner types digits and Enter */
};

/* Works the totals out again after the cart changed (the cart's own arithmetic). */
void ui__sale_totals(struct ui_sale *s);

/* The sale screen, whole (a ui_paint_fn; ctx is the struct ui_sale). */
void ui__sale_paint(struct ui *ui, void *ctx);

/* The code input's "CODE" or "N*CODE" into the cart. */
void ui__sale_scan(struct ui *ui, struct ui_sale *s);
/* The chosen line: one more or less (delta), a quantity typed, removed. */
void ui__sale_step(struct ui *ui, struct ui_sale *s, int delta);
void ui__sale_quantity(struct ui *ui, struct ui_sale *s);
void ui__sale_remove(struct ui *ui, struct ui_sale *s);
/* A discount on the chosen line (order 0) or on the whole order. */
void ui__sale_discount(struct ui *ui, struct ui_sale *s, int order);
/* Products by name; the one chosen goes into the cart. */
void ui__sale_search(struct ui *ui, struct ui_sale *s);

/* Payment of the cart: 1 when the sale was made (the cart is then done with), 0 when
 * the cashier went back to the cart. */
int ui__tender(struct ui *ui, struct ui_sale *s);

#endif
