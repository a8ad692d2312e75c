/* GET /api/v1/health: that the API answers, and which host and store answer it: what a
 * load balancer's check and an engineer's first curl want. Needs no login and tells
 * nothing private. */
#include "host/api/internal.h"

void api_health(struct api_call *call)
{
    api_reply(call->req, 200,
              json_pack("{s:s, s:i, s:s}", "status", "ok", "host_id", call->cfg->host_id, "store",
                        call->cfg->store != NULL ? call->cfg->store : "sqlite"));
}
