#include "pos/sale/outcome.h"

#include "core/error.h"

const char *pos_sale_strerror(int code)
{
    if (code == POS_SALE_NEEDS_SUPERVISOR)
        return "needs a supervisor's approval";
    return ps_strerror(code);
}
