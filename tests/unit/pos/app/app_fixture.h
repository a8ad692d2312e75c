/* app_fixture.h — an activated terminal whose host is away (nothing listens on port 1
 * of 127.0.0.1, so every connection is refused at once), with the supervisor (00,
 * SUP_PW), a cashier (01, CASHIER_PW) and two products. Activation leaves nobody
 * logged in. */
#ifndef POSSUM_TESTS_UNIT_POS_APP_APP_FIXTURE_H
#define POSSUM_TESTS_UNIT_POS_APP_APP_FIXTURE_H

#include "fixture.h"
#include "pos/app/app.h"

#define SUP_PW     "246810"
#define CASHIER_PW "111111"
#define TEA        "6901234567892"
#define WATER      "4006381333931"

static const uint8_t fx_tmk[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                   0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10};

struct app_fx {
    char dir[64];
    struct pos_app *app;
    struct pos_app_result res;
    struct ps_reason why;
};

static inline void fx_product(struct pos_app *app, const char *code, const char *name,
                              int64_t price, int32_t tax_bp)
{
    struct pos_product p;
    struct ps_reason why;

    memset(&p, 0, sizeof(p));
    snprintf(p.code, sizeof(p.code), "%s", code);
    snprintf(p.name, sizeof(p.name), "%s", name);
    p.price = price;
    p.tax_bp = tax_bp;
    p.stock = 10;
    assert_int_equal(pos_app_catalog_add(app, &p, &why), 0);
}

static inline int app_fx_setup(void **state)
{
    struct app_fx *f = calloc(1, sizeof(*f));
    struct pos_app_options opt = {.fast_password_hashing = 1};
    struct pos_activation act = {.host = "127.0.0.1:1",
                                 .tid = "10000001",
                                 .mid = "898100012340001",
                                 .tmk = fx_tmk,
                                 .supervisor_name = "Wang",
                                 .supervisor_password = SUP_PW};
    struct ps_reason why;

    fixture_home(f->dir);
    opt.home = f->dir;
    assert_int_equal(pos_app_open(&opt, &f->app, &why), 0);
    pos_app_result_init(&f->res);
    assert_int_equal(pos_app_activate(f->app, &act, &f->res, &why), POS_APP_OFFLINE);
    assert_true(pos_app_activated(f->app));
    assert_int_equal(pos_app_set_setting(f->app, "lang", "en", &why), 0);
    assert_int_equal(pos_operators_add(pos_app_operators(f->app), pos_app_operator_session(f->app),
                                       "01", "Li", CASHIER_PW, &why),
                     0);
    fx_product(f->app, TEA, "Tea, green 250g", 1250, 1300);
    fx_product(f->app, WATER, "Spring water 550ml", 200, 900);
    pos_app_logout(f->app);
    pos_app_result_cleanup(&f->res);
    pos_app_result_init(&f->res);
    ps_reason_clear(&f->why);
    *state = f;
    return 0;
}

static inline int app_fx_teardown(void **state)
{
    struct app_fx *f = *state;
    pos_app_result_cleanup(&f->res);
    pos_app_close(f->app);
    fixture_remove(f->dir);
    free(f);
    return 0;
}

/* A fresh result for the next flow. */
static inline struct pos_app_result *fx_res(struct app_fx *f)
{
    pos_app_result_cleanup(&f->res);
    pos_app_result_init(&f->res);
    return &f->res;
}

#endif
