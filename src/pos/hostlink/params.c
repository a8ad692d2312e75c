#include "pos/hostlink/params.h"

#include <string.h>

void hl_params_from_cup(const struct ps_cup_params *in, struct hl_params *out)
{
    memset(out, 0, sizeof(*out));
    memcpy(out->merchant_name, in->merchant_name, sizeof(out->merchant_name));
    for (int k = HL_NONE + 1; k < HL_KIND_COUNT; k++) {
        const struct hl_kind_spec *s = hl_kind_spec((enum hl_kind)k);
        if (s != NULL && s->card && ps_cup_params_allows(in, s->type_code))
            out->allowed |= 1u << k;
    }
    out->max_amount = in->max_amount;
    out->max_refund = in->max_refund;
    out->batch_max = in->batch_max;
    memcpy(out->host_time, in->host_time, sizeof(out->host_time));
}

int hl_params_allow(const struct hl_params *p, enum hl_kind kind)
{
    const struct hl_kind_spec *s = hl_kind_spec(kind);
    if (s == NULL || !s->card)
        return 1;
    return (p->allowed >> kind) & 1u;
}

int hl_session_download_params(struct hl_session *s, struct hl_params *out,
                               struct ps_reason *why)
{
    struct hl_response r;
    int rc = hl_session_params(s, &r, why);

    memset(out, 0, sizeof(*out));
    if (rc == HL_DECLINED)
        return ps_fail(why, HL_DECLINED, "parameter download declined: response code %s", r.code);
    if (rc != 0)
        return rc;
    hl_params_from_cup(&r.params, out);
    return 0;
}
