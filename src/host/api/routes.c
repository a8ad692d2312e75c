/* Every route the API serves: docs/api.yaml describes each, and a test asks each one
 * in it (tests/cli/test_api.sh). */
#include "host/api/internal.h"

const struct api_route api_routes[] = {
    {EVHTTP_REQ_GET, "/api/v1/health", api_health},
    {0, NULL, NULL},
};
