#include "pos/hostlink/kinds.h"

#include <stddef.h>

/* docs/protocol.md, "Messages between terminals and possumd", table "Kinds". Balance
 * inquiries send 310000: 31 then "from the default account, to none". */
static const struct hl_kind_spec specs[HL_KIND_COUNT] = {
    [HL_SIGN_IN] = {"sign_in", "0800", NULL, NULL, 0, 3, 0, 0},
    [HL_SIGN_OFF] = {"sign_off", "0820", NULL, NULL, 0, 2, 0, 0},
    [HL_BALANCE] = {"balance", "0200", "310000", "00", 1, 0, 0, 1},
    [HL_PURCHASE] = {"purchase", "0200", "000000", "00", 22, 0, 1, 1},
    [HL_VOID] = {"void", "0200", "200000", "00", 23, 0, 1, 1},
    [HL_REFUND] = {"refund", "0220", "200000", "00", 25, 0, 1, 1},
    [HL_PREAUTH] = {"preauth", "0100", "030000", "06", 10, 0, 1, 1},
    [HL_PREAUTH_VOID] = {"preauth_void", "0100", "200000", "06", 11, 0, 1, 1},
    [HL_COMPLETION] = {"completion", "0200", "000000", "06", 20, 0, 1, 1},
    [HL_COMPLETION_VOID] = {"completion_void", "0200", "200000", "06", 21, 0, 1, 1},
    [HL_SETTLEMENT] = {"settlement", "0500", NULL, NULL, 0, 201, 0, 0},
    [HL_UPLOAD] = {"batch_upload", "0320", NULL, NULL, 0, 201, 0, 0},
    [HL_UPLOAD_END] = {"batch_upload_end", "0320", NULL, NULL, 0, 202, 0, 0},
    [HL_PARAMS] = {"params", "0800", NULL, NULL, 0, 360, 0, 0},
};

const struct hl_kind_spec *hl_kind_spec(enum hl_kind kind)
{
    if ((unsigned)kind >= HL_KIND_COUNT || specs[kind].name == NULL)
        return NULL;
    return &specs[kind];
}

const char *hl_kind_name(enum hl_kind kind)
{
    if (kind == HL_REVERSAL)
        return "reversal";
    const struct hl_kind_spec *s = hl_kind_spec(kind);
    return s != NULL ? s->name : "none";
}

int hl_kind_is_financial(enum hl_kind kind)
{
    const struct hl_kind_spec *s = hl_kind_spec(kind);
    return s != NULL && s->financial;
}
