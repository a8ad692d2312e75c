#include "pos/app/outcome.h"

#include "core/error.h"

const char *pos_app_strerror(int code)
{
    switch (code) {
    case POS_APP_DECLINED:
        return "declined by the host";
    case POS_APP_OFFLINE:
        return "the host is not reachable";
    case POS_APP_DENIED:
        return "not permitted";
    case POS_APP_REFUSED:
        return "refused by the terminal";
    case POS_APP_QUEUED:
        return "waiting for the host";
    default:
        return ps_strerror(code);
    }
}
