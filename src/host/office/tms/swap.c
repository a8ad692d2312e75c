/* The RMA swap (stock.h): a faulty terminal at a merchant goes to repair, and a
 * replacement from stock is assigned to the same merchant in one commit, with the
 * whole history in the audit log. The life cycle's plan (service/tickets.h,
 * office_rma_plan) checks that both terminals may take their steps. */
#include "host/office/tms/stock_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "host/office/access/audit.h"
#include "host/office/service/tickets.h"

/* The host's status change of the faulty terminal: it is declined from now on. The
 * stock states a terminal with a merchant can be in are also the host's statuses. */
static int repair_status(struct store_batch *b, const struct stock_row *faulty_before,
                         int64_t now, struct ps_reason *why)
{
    struct store_op *op = store_batch_add(b, STORE_TERMINAL_STATUS);
    if (op == NULL)
        return ps_fail(why, PS_ENOMEM, "out of memory");
    op->u.terminal_status.terminal_id = faulty_before->terminal_id;
    snprintf(op->u.terminal_status.from, sizeof(op->u.terminal_status.from), "%s",
             faulty_before->state);
    snprintf(op->u.terminal_status.to, sizeof(op->u.terminal_status.to), "in_repair");
    op->u.terminal_status.at_us = now;
    return 0;
}

/* Both rows and the host's changes, with an audit entry for each terminal. */
static int commit_swap(struct office *o, const struct office_actor *actor,
                       const struct stock_row *faulty_before, const struct stock_row *faulty,
                       const struct stock_row *replacement, json_t *replacement_before,
                       const struct terminal_row *host, struct ps_reason *why)
{
    struct store_batch b;
    struct audit_row entry;

    store_batch_init(&b);
    int rc = repair_status(&b, faulty_before, faulty->updated_us, why);
    struct store_op *op = rc == 0 ? store_batch_add(&b, STORE_TERMINAL_PUT) : NULL;
    if (rc == 0 && op == NULL)
        rc = ps_fail(why, PS_ENOMEM, "out of memory");
    if (rc == 0) {
        op->u.terminal = *host;
        rc = stock__put(&b, faulty, why);
    }
    if (rc == 0)
        rc = stock__put(&b, replacement, why);
    if (rc == 0)
        rc = office_audit_add(o, &b, &entry, actor, "terminal.swap_out", "terminal", faulty->id,
                              office_stock_json(faulty_before), office_stock_json(faulty), why);
    if (rc != 0) {
        store_batch_free(&b);
        json_decref(replacement_before);
        return rc;
    }
    return stock__commit(o, &b, actor, "terminal.swap_in", replacement, replacement_before, why);
}

int office_stock_swap(struct office *o, const struct office_actor *actor, int64_t faulty_id,
                      int64_t replacement_id, const char *reason, struct stock_row *faulty,
                      struct stock_row *replacement, char code[PS_ACTIVATION_CODE_DIGITS + 1],
                      const char **field, struct ps_reason *why)
{
    struct office_terminal tf, tr;
    struct office_rma_plan plan;
    struct merchant_row m;
    struct terminal_row host;
    char cause[ROW_REASON_MAX + 1];

    *field = NULL;
    int rc = stock__load(o, faulty_id, faulty, &tf, why);
    if (rc != 0)
        return rc;
    *field = "replacement_id";
    if ((rc = stock__load(o, replacement_id, replacement, &tr, why)) != 0)
        return rc;
    *field = NULL;
    rc = faulty->merchant_id != 0 ? store_find_merchant(o->store, faulty->merchant_id, &m, why) : 1;
    if (rc < 0)
        return rc;
    if (faulty->merchant_id != 0 && rc == 0)
        return ps_fail(why, OFFICE_NOT_FOUND, "its merchant is not on record");
    if (faulty->merchant_id != 0) /* the life cycle knows a terminal's merchant by its MID */
        snprintf(tf.mid, sizeof(tf.mid), "%s", m.mid);
    /* the plan checks the steps; the replacement's TID is only known once assigned, so
     * the plan is shown a well-formed stand-in */
    if ((rc = office_rma_plan(&tf, &tr, "99999999", reason, &plan, why)) != 0)
        return rc;
    struct stock_row faulty_before = *faulty;
    json_t *replacement_before = office_stock_json(replacement);
    if ((rc = stock__assign(o, replacement, &tr, &m, code, &host, why)) != 0) {
        json_decref(replacement_before);
        return rc;
    }
    snprintf(cause, sizeof(cause), "RMA: %s", reason);
    snprintf(faulty->state, sizeof(faulty->state), "%s",
             office_terminal_state_name(plan.changes[0].after.state));
    snprintf(faulty->last_reason, sizeof(faulty->last_reason), "%s", cause);
    faulty->updated_us = replacement->updated_us;
    return commit_swap(o, actor, &faulty_before, faulty, replacement, replacement_before, &host,
                       why);
}
