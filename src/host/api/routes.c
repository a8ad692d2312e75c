/* Every route the API serves: docs/api.yaml describes each, and a test asks each one
 * in it (tests/cli/test_api.sh). */
#include "host/api/internal.h"

#include "host/office/onboarding/documents.h" /* the documents' body limit */
#include "host/office/tms/packages.h"         /* the packages' */

/* who keeps terminals (stock, assignment), and who may also lock one (support, when a
 * merchant reports it stolen) */
#define TMS_KEEPERS                                                                                \
    (API_ADMIN | API_ROLE(OFFICE_ROLE_OPERATIONS) | API_ROLE(OFFICE_ROLE_TECHNICIAN))
#define TMS_STAFF (TMS_KEEPERS | API_ROLE(OFFICE_ROLE_SUPPORT))
/* who decides how terminals work and what they run (parameter sets, app packages,
 * rollouts): not the technician in the field; the rest of the TMS staff follow them */
#define TMS_DECIDERS (API_ADMIN | API_ROLE(OFFICE_ROLE_OPERATIONS))
/* after-sales: the service desk's staff, and merchants for their own tickets (the office
 * decides which a merchant sees and may do) */
#define TICKET_USERS (TMS_STAFF | API_ROLE(OFFICE_ROLE_MERCHANT))

const struct api_route api_routes[] = {
    {EVHTTP_REQ_GET, "/api/v1/health", api_health, API_PUBLIC, 0},
    {EVHTTP_REQ_POST, "/api/v1/session", api_session_create, API_PUBLIC, 0},
    {EVHTTP_REQ_DELETE, "/api/v1/session", api_session_delete, API_ANYONE, 0},
    {EVHTTP_REQ_GET, "/api/v1/me", api_me, API_ANYONE, 0},
    {EVHTTP_REQ_PUT, "/api/v1/me/password", api_me_password, API_ANYONE, 0},
    {EVHTTP_REQ_GET, "/api/v1/users", api_users_list, API_ADMIN, 0},
    {EVHTTP_REQ_POST, "/api/v1/users", api_users_create, API_ADMIN, 0},
    {EVHTTP_REQ_GET, "/api/v1/audit", api_audit_list, API_ADMIN, 0},
    /* merchant onboarding: any login; the office decides who may see and do what */
    {EVHTTP_REQ_GET, "/api/v1/applications", api_applications_list, API_ANYONE, 0},
    {EVHTTP_REQ_POST, "/api/v1/applications", api_applications_create, API_ANYONE, 0},
    {EVHTTP_REQ_GET, "/api/v1/applications/{id}", api_application_get, API_ANYONE, 0},
    {EVHTTP_REQ_PATCH, "/api/v1/applications/{id}", api_application_edit, API_ANYONE, 0},
    {EVHTTP_REQ_POST, "/api/v1/applications/{id}/actions/{action}", api_application_act, API_ANYONE, 0},
    {EVHTTP_REQ_GET, "/api/v1/applications/{id}/events", api_application_events, API_ANYONE, 0},
    {EVHTTP_REQ_GET, "/api/v1/applications/{id}/documents", api_documents_list, API_ANYONE, 0},
    {EVHTTP_REQ_PUT, "/api/v1/applications/{id}/documents/{kind}", api_document_put, API_ANYONE, OFFICE_DOCUMENT_MAX_BYTES},
    {EVHTTP_REQ_GET, "/api/v1/applications/{id}/documents/{doc_id}", api_document_get, API_ANYONE, 0},
    /* the TMS: who keeps terminals, and support, who may lock one */
    {EVHTTP_REQ_GET, "/api/v1/terminals", api_terminals_list, TMS_STAFF, 0},
    {EVHTTP_REQ_POST, "/api/v1/terminals", api_terminals_add, TMS_KEEPERS, 0},
    {EVHTTP_REQ_GET, "/api/v1/terminals/{id}", api_terminal_get, TMS_STAFF, 0},
    {EVHTTP_REQ_POST, "/api/v1/terminals/{id}/actions/{action}", api_terminal_act, TMS_STAFF, 0},
    {EVHTTP_REQ_PUT, "/api/v1/terminals/{id}/group", api_terminal_group, TMS_KEEPERS, 0},
    {EVHTTP_REQ_GET, "/api/v1/terminals/{id}/params", api_terminal_params, TMS_STAFF, 0},
    {EVHTTP_REQ_GET, "/api/v1/param-sets", api_param_sets_list, TMS_STAFF, 0},
    {EVHTTP_REQ_POST, "/api/v1/param-sets", api_param_sets_save, TMS_DECIDERS, 0},
    {EVHTTP_REQ_POST, "/api/v1/activation", api_activation, API_PUBLIC, 0},
    /* app packages and their rollouts */
    {EVHTTP_REQ_GET, "/api/v1/packages", api_packages_list, TMS_STAFF, 0},
    {EVHTTP_REQ_PUT, "/api/v1/packages/{version}", api_package_put, TMS_DECIDERS, OFFICE_PACKAGE_MAX_BYTES},
    /* terminals fetch it with no login: the SHA-256 their signed heartbeat answer
     * carries is what they trust (packages.c) */
    {EVHTTP_REQ_GET, "/api/v1/packages/{version}/file", api_package_file, API_PUBLIC, 0},
    {EVHTTP_REQ_GET, "/api/v1/rollouts", api_rollouts_list, TMS_STAFF, 0},
    {EVHTTP_REQ_POST, "/api/v1/rollouts", api_rollouts_start, TMS_DECIDERS, 0},
    {EVHTTP_REQ_GET, "/api/v1/rollouts/{id}", api_rollout_get, TMS_STAFF, 0},
    {EVHTTP_REQ_POST, "/api/v1/rollouts/{id}/terminals/{terminal_id}/retry", api_rollout_retry, TMS_DECIDERS, 0},
    /* a terminal, not a user: signed with its master key (heartbeat.c) */
    {EVHTTP_REQ_POST, "/api/v1/heartbeat", api_heartbeat, API_PUBLIC, 4096},
    /* after-sales (售后) */
    {EVHTTP_REQ_GET, "/api/v1/tickets", api_tickets_list, TICKET_USERS, 0},
    {EVHTTP_REQ_POST, "/api/v1/tickets", api_tickets_open, TICKET_USERS, 0},
    {EVHTTP_REQ_GET, "/api/v1/tickets/{id}", api_ticket_get, TICKET_USERS, 0},
    {EVHTTP_REQ_POST, "/api/v1/tickets/{id}/actions/{action}", api_ticket_act, TICKET_USERS, 0},
    {EVHTTP_REQ_GET, "/api/v1/tickets/{id}/comments", api_ticket_comments_list, TICKET_USERS, 0},
    {EVHTTP_REQ_POST, "/api/v1/tickets/{id}/comments", api_ticket_comment_add, TICKET_USERS, 0},
    /* training records: any login; the office decides, as for applications */
    {EVHTTP_REQ_GET, "/api/v1/merchants/{id}/training", api_training_list, API_ANYONE, 0},
    {EVHTTP_REQ_POST, "/api/v1/merchants/{id}/training", api_training_record, API_ANYONE, 0},
    {0, NULL, NULL, 0, 0},
};
