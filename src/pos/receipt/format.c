/* Numbers as receipts print them (internal.h). */
#include "pos/receipt/internal.h"

#include <stdio.h>

const char *rcpt__money(int64_t fen, int negate, char buf[RCPT__NUM_MAX])
{
    /* Amounts in the model are never negative (validated), so -fen cannot overflow. */
    ps_money_format(negate ? -fen : fen, buf, RCPT__NUM_MAX);
    return buf;
}

const char *rcpt__six(uint32_t n, char buf[RCPT__NUM_MAX])
{
    snprintf(buf, RCPT__NUM_MAX, "%06u", (unsigned)n);
    return buf;
}

const char *rcpt__quantity(int64_t thousandths, char buf[RCPT__NUM_MAX])
{
    /* Negative only in the reason that refuses it; unsigned so INT64_MIN has a magnitude. */
    uint64_t mag = thousandths < 0 ? 0 - (uint64_t)thousandths : (uint64_t)thousandths;
    const char *sign = thousandths < 0 ? "-" : "";
    unsigned long long whole = mag / RCPT_QTY_SCALE, part = mag % RCPT_QTY_SCALE;
    if (part == 0) {
        snprintf(buf, RCPT__NUM_MAX, "%s%llu", sign, whole);
        return buf;
    }
    int n = snprintf(buf, RCPT__NUM_MAX, "%s%llu.%03llu", sign, whole, part);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = 0;
    return buf;
}

const char *rcpt__rate(uint32_t bp, char buf[RCPT__NUM_MAX])
{
    unsigned whole = bp / 100, part = bp % 100;
    if (part == 0)
        snprintf(buf, RCPT__NUM_MAX, "%u%%", whole);
    else if (part % 10 == 0)
        snprintf(buf, RCPT__NUM_MAX, "%u.%u%%", whole, part / 10);
    else
        snprintf(buf, RCPT__NUM_MAX, "%u.%02u%%", whole, part);
    return buf;
}

const char *rcpt__datetime(const struct rcpt_datetime *dt, char buf[RCPT__DATETIME_MAX])
{
    /* The fields were validated; the modulo only tells the compiler each one's digits. */
    snprintf(buf, RCPT__DATETIME_MAX, "%04u-%02u-%02u %02u:%02u:%02u", (unsigned)dt->year % 10000u,
             (unsigned)dt->month % 100u, (unsigned)dt->day % 100u, (unsigned)dt->hour % 100u,
             (unsigned)dt->minute % 100u, (unsigned)dt->second % 100u);
    return buf;
}
