/* Every route the API serves: docs/api.yaml describes each, and a test asks each one
 * in it (tests/cli/test_api.sh). */
#include "host/api/internal.h"

const struct api_route api_routes[] = {
    {EVHTTP_REQ_GET, "/api/v1/health", api_health, API_PUBLIC},
    {EVHTTP_REQ_POST, "/api/v1/session", api_session_create, API_PUBLIC},
    {EVHTTP_REQ_DELETE, "/api/v1/session", api_session_delete, API_ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/me", api_me, API_ANYONE},
    {EVHTTP_REQ_PUT, "/api/v1/me/password", api_me_password, API_ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/users", api_users_list, API_ADMIN},
    {EVHTTP_REQ_POST, "/api/v1/users", api_users_create, API_ADMIN},
    {EVHTTP_REQ_GET, "/api/v1/audit", api_audit_list, API_ADMIN},
    {0, NULL, NULL, 0},
};
