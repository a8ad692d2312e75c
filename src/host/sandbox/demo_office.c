/* The back office's demo data (demo_office.h): merchant applications in every state of
 * onboarding, and terminals in stock, waiting for activation, active and locked, made
 * through the office's own functions (as the system, audited) so they are what the
 * staff would have made by hand. */
#include "host/sandbox/demo_office.h"

#include <stdio.h>
#include <string.h>

#include "host/office/onboarding/applications.h"
#include "host/office/service/desk.h"
#include "host/office/tms/activate.h"
#include "host/office/tms/group.h"
#include "host/office/tms/param_sets.h"
#include "host/office/tms/stock.h"

/* The form every demo application starts from; identifiers that pass the core checks. */
static const struct office_field_value form[] = {
    {"uscc", "91350100M000100Y43", 18},
    {"mcc", "5411", 4},
    {"business_type", "enterprise", 10},
    {"legal_person.name", "张三", 6},
    {"legal_person.id_number", "440305200002290192", 18},
    {"settlement.account_kind", "personal", 8},
    {"settlement.account_name", "张三", 6},
    {"settlement.bank_name", "工商银行深圳分行", 24},
    {"settlement.account_number", "6222020000000000018", 19},
    {"contact_phone", "13800138000", 11},
    {"business_address", "深圳市南山区科技园1号", 31},
    {"products", "card,qr", 7},
    {"fee_plan", "standard", 8},
};

/* The steps that take an application from draft to each state, in order. */
static const enum office_app_action path_to_live[] = {
    OFFICE_ACT_SUBMIT,      OFFICE_ACT_START_REVIEW,          OFFICE_ACT_APPROVE,
    OFFICE_ACT_SIGN_CONTRACT, OFFICE_ACT_SCHEDULE_INSTALLATION, OFFICE_ACT_MARK_INSTALLED,
    OFFICE_ACT_MARK_TRAINED, OFFICE_ACT_GO_LIVE,
};

/* Each demo application: its name and the steps it has been through. */
static const struct {
    const char *name;
    int steps; /* of path_to_live; -1: returned, -2: returned and resubmitted, -3: rejected */
} applications[] = {
    {"演示 草稿 Demo Draft", 0},
    {"演示 已提交 Demo Submitted", 1},
    {"演示 审核中 Demo Under Review", 2},
    {"演示 退回 Demo Returned", -1},
    {"演示 重新提交 Demo Resubmitted", -2},
    {"演示 拒绝 Demo Rejected", -3},
    {"演示 已批准 Demo Approved", 3},
    {"演示 已签约 Demo Contract Signed", 4},
    {"演示 待安装 Demo Installation Scheduled", 5},
    {"演示 已安装 Demo Installed", 6},
    {"演示 已培训 Demo Trained", 7},
    {"演示 已上线 Demo Live", 8},
};

static void step_input(enum office_app_action a, int64_t technician_id, uint32_t day,
                       struct office_step_input *in)
{
    memset(in, 0, sizeof(*in));
    snprintf(in->note, sizeof(in->note), "demo");
    if (a == OFFICE_ACT_RETURN) {
        snprintf(in->note, sizeof(in->note), "营业执照照片不清晰 the licence photo is unreadable");
        in->fix_count = 1;
        snprintf(in->fix_fields[0], sizeof(in->fix_fields[0]), "documents.business_licence");
    } else if (a == OFFICE_ACT_REJECT) {
        snprintf(in->note, sizeof(in->note), "经营范围不符 the business is outside our terms");
    } else if (a == OFFICE_ACT_SIGN_CONTRACT) {
        snprintf(in->contract_number, sizeof(in->contract_number), "PSM-DEMO-%06u",
                 (unsigned)(day % 1000000));
        snprintf(in->fee_plan, sizeof(in->fee_plan), "standard");
        in->deposit_fen = 50000;
    } else if (a == OFFICE_ACT_SCHEDULE_INSTALLATION) {
        in->installation_date = day;
        in->technician_id = technician_id;
    }
}

static int act(struct office *o, const struct office_actor *system, int64_t id,
               enum office_app_action a, int64_t technician_id, uint32_t day,
               struct ps_reason *why)
{
    struct office_step_input in;
    struct application_row row;
    struct office_problems problems;

    office_problems_clear(&problems);
    step_input(a, technician_id, day, &in);
    int rc = office_application_act(o, system, id, a, &in, &row, &problems, why);
    if (rc != 0 && problems.count > 0)
        return ps_fail(why, rc, "%s: %s", problems.items[0].field, problems.items[0].reason.text);
    return rc;
}

static int seed_application(struct office *o, const struct office_actor *system, size_t k,
                            int64_t technician_id, uint32_t day, struct ps_reason *why)
{
    struct office_field_value fields[PS_ARRAY_LEN(form) + 1];
    struct application_row row;
    struct office_problems problems;
    int steps = applications[k].steps;

    memcpy(fields, form, sizeof(form));
    fields[PS_ARRAY_LEN(form)] = (struct office_field_value){
        "legal_name", applications[k].name, strlen(applications[k].name)};
    office_problems_clear(&problems);
    int rc = office_application_create(o, system, fields, PS_ARRAY_LEN(fields), &row, &problems,
                                       why);
    int n = steps >= 0 ? steps : 2; /* the returned and rejected ones were under review */
    for (int i = 0; rc == 0 && i < n; i++)
        rc = act(o, system, row.id, path_to_live[i], technician_id, day, why);
    if (rc == 0 && steps < 0)
        rc = act(o, system, row.id, steps == -3 ? OFFICE_ACT_REJECT : OFFICE_ACT_RETURN,
                 technician_id, day, why);
    if (rc == 0 && steps == -2)
        rc = act(o, system, row.id, OFFICE_ACT_RESUBMIT, technician_id, day, why);
    return rc;
}

/* Terminals: two in stock, one waiting for activation (its code printed), one active
 * and one locked, all of demo merchant 1 (Demo Shop 001). */
static int seed_terminals(struct office *o, const struct office_actor *system,
                          char pending_code[PS_ACTIVATION_CODE_DIGITS + 1], int64_t ids[5],
                          struct ps_reason *why)
{
    static const char *const serials[] = {"DEMO-A920-0001", "DEMO-A920-0002", "DEMO-A920-0003",
                                          "DEMO-A920-0004", "DEMO-A920-0005"};
    struct stock_row s;
    const char *field = NULL;
    char code[PS_ACTIVATION_CODE_DIGITS + 1];
    struct office_activation act_out;

    for (size_t i = 0; i < PS_ARRAY_LEN(serials); i++) {
        struct office_stock_input in = {serials[i], "A920", "PAX"};
        int rc = office_stock_add(o, system, &in, &s, &field, why);
        ids[i] = s.id;
        if (rc == 0 && i >= 2)
            rc = office_stock_assign(o, system, s.id, 1, &s, code, &field, why);
        if (rc == 0 && i == 2)
            memcpy(pending_code, code, sizeof(code));
        if (rc == 0 && i >= 3)
            rc = office_activate(o, s.serial, code, "demo", &act_out, why);
        if (rc == 0 && i == 4)
            rc = office_stock_act(o, system, s.id, OFFICE_TERMINAL_LOCK, "演示 demo: reported lost",
                                  &s, why);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* After-sales: a fault on the active terminal in progress, a repair of the locked one
 * waiting for the customer, a training request open, a question resolved. */
static int seed_tickets(struct office *o, const struct office_actor *system,
                        int64_t active_terminal, int64_t locked_terminal, struct ps_reason *why)
{
    static const struct {
        const char *category, *priority, *title;
        int terminal; /* 1: the active one, 2: the locked one */
        enum office_ticket_action steps[2];
    } tickets[] = {
        {"fault", "high", "打印机卡纸 the printer jams", 1, {OFFICE_TICKET_START, 0}},
        {"repair", "normal", "屏幕碎裂 a cracked screen", 2,
         {OFFICE_TICKET_START, OFFICE_TICKET_WAIT_CUSTOMER}},
        {"training", "low", "新收银员培训 training for a new cashier", 0, {0, 0}},
        {"consultation", "normal", "如何退货 how to refund", 0,
         {OFFICE_TICKET_START, OFFICE_TICKET_RESOLVE}},
    };
    struct ticket_row t;
    const char *field = NULL;

    for (size_t i = 0; i < PS_ARRAY_LEN(tickets); i++) {
        struct office_ticket_input in = {
            tickets[i].category, tickets[i].priority, tickets[i].title, "demo", 1,
            tickets[i].terminal == 1   ? active_terminal
            : tickets[i].terminal == 2 ? locked_terminal
                                       : 0};
        int rc = office_desk_open(o, system, &in, &t, &field, why);
        for (size_t k = 0; rc == 0 && k < 2 && tickets[i].steps[k] != 0; k++)
            rc = office_desk_act(o, system, t.id, tickets[i].steps[k], "demo", &t, &field, why);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* How terminals work: a default parameter set dialling this possumd, and the group
 * "pilot" (the active terminal) trying a higher limit with a header of its own. */
static int seed_params(struct office *o, const struct office_actor *system, int iso_port,
                       int64_t active_terminal, struct ps_reason *why)
{
    struct office_param_set p;
    struct param_set_row saved;
    struct stock_row s;
    const char *field = NULL;

    memset(&p, 0, sizeof(p));
    snprintf(p.receipt_header, sizeof(p.receipt_header), "欢迎光临 Welcome");
    p.kinds = OFFICE_KIND_BIT(OFFICE_KIND_BALANCE) | OFFICE_KIND_BIT(OFFICE_KIND_PURCHASE) |
              OFFICE_KIND_BIT(OFFICE_KIND_VOID) | OFFICE_KIND_BIT(OFFICE_KIND_REFUND) |
              OFFICE_KIND_BIT(OFFICE_KIND_PREAUTH) | OFFICE_KIND_BIT(OFFICE_KIND_PREAUTH_VOID) |
              OFFICE_KIND_BIT(OFFICE_KIND_COMPLETION) |
              OFFICE_KIND_BIT(OFFICE_KIND_COMPLETION_VOID);
    p.per_txn_limit_fen = 5000000;  /* 50,000.00 */
    p.daily_limit_fen = 50000000;   /* 500,000.00 */
    p.n_hosts = 1;
    snprintf(p.hosts[0].name, sizeof(p.hosts[0].name), "127.0.0.1");
    p.hosts[0].port = (uint16_t)iso_port;
    p.connect_timeout_s = 10;
    p.response_timeout_s = 30;
    struct office_param_target all = {"default", NULL}, pilot = {"group", "pilot"};
    int rc = office_param_set_save(o, system, &all, &p, &saved, &field, why);
    if (rc == 0)
        rc = office_stock_set_group(o, system, active_terminal, "pilot", &s, why);
    snprintf(p.receipt_header, sizeof(p.receipt_header), "试点 Pilot terminal");
    p.per_txn_limit_fen = 10000000; /* 100,000.00 */
    if (rc == 0)
        rc = office_param_set_save(o, system, &pilot, &p, &saved, &field, why);
    return rc;
}

static int find_technician(void *ctx, const struct user_row *row)
{
    if (strcmp(row->role, "technician") == 0 && *(int64_t *)ctx == 0)
        *(int64_t *)ctx = row->id;
    return 0;
}

static int count_stock(void *ctx, const struct stock_row *row)
{
    (void)row;
    ++*(int *)ctx;
    return 1;
}

int demo_seed_office(struct office *o, uint32_t today, int iso_port,
                     char pending_code[PS_ACTIVATION_CODE_DIGITS + 1], struct ps_reason *why)
{
    struct office_actor system;
    int64_t technician_id = 0;
    int stock = 0;

    pending_code[0] = '\0';
    int rc = store_each_stock(o->store, NULL, 0, 1, count_stock, &stock, why);
    if (rc != 0 || stock > 0)
        return rc < 0 ? rc : 0;
    rc = store_each_user(o->store, 0, 100, find_technician, &technician_id, why);
    if (rc != 0)
        return rc;
    office_system_actor(&system);
    for (size_t k = 0; rc == 0 && k < PS_ARRAY_LEN(applications); k++)
        rc = seed_application(o, &system, k, technician_id, today, why);
    int64_t terminals[5] = {0};
    if (rc == 0)
        rc = seed_terminals(o, &system, pending_code, terminals, why);
    if (rc == 0)
        rc = seed_tickets(o, &system, terminals[3], terminals[4], why);
    if (rc == 0)
        rc = seed_params(o, &system, iso_port, terminals[3], why);
    return rc == 0 ? 1 : rc;
}
