#include "backoffice/routes.h"

#include "backoffice/api/changes.h"
#include "backoffice/api/events.h"
#include "backoffice/api/letterbox.h"
#include "backoffice/api/openapi.h"
#include "backoffice/api/register_data.h"
#include "backoffice/api/submissions.h"
#include "backoffice/api/token.h"
#include "backoffice/api/whoami.h"
#include "backoffice/pages/agents.h"
#include "backoffice/pages/case.h"
#include "backoffice/pages/clients.h"
#include "backoffice/pages/inbox.h"

#define CASE "/backoffice/orgs/{org}/cases/{submission}"
#define SUB "/api/org/v1/submissions/{submission}"

/* method, pattern, handler, body, body spec, action (authz/authz.c), space parameter, organisation parameter */
const struct gx_route_def gx_backoffice_routes[] = {
	{"GET", "/backoffice", gx_bo_home, GX_BODY_NONE, NULL, GX_ACT_AGENT_HOME, NULL, NULL},
	{"GET", "/backoffice/orgs/{org}", gx_bo_inbox, GX_BODY_NONE, NULL, GX_ACT_ORG_VIEW, NULL, "org"},
	{"GET", "/backoffice/orgs/{org}/agents", gx_bo_agents, GX_BODY_NONE, NULL, GX_ACT_ORG_ADMIN, NULL, "org"},
	{"POST", "/backoffice/orgs/{org}/agents", gx_bo_agents_change, GX_BODY_FORM, NULL, GX_ACT_ORG_ADMIN, NULL, "org"},
	{"GET", "/backoffice/orgs/{org}/clients", gx_bo_clients, GX_BODY_NONE, NULL, GX_ACT_ORG_ADMIN, NULL, "org"},
	{"POST", "/backoffice/orgs/{org}/clients", gx_bo_clients_add, GX_BODY_FORM, NULL, GX_ACT_ORG_ADMIN, NULL, "org"},
	{"POST", "/backoffice/orgs/{org}/clients/{client}/remove", gx_bo_clients_remove, GX_BODY_FORM, NULL,
	 GX_ACT_ORG_ADMIN, NULL, "org"},
	{"GET", CASE, gx_bo_case, GX_BODY_NONE, NULL, GX_ACT_ORG_VIEW, NULL, "org"},
	{"POST", CASE "/assign", gx_bo_case_assign, GX_BODY_FORM, NULL, GX_ACT_ORG_HANDLE, NULL, "org"},
	{"POST", CASE "/note", gx_bo_case_note, GX_BODY_FORM, NULL, GX_ACT_ORG_HANDLE, NULL, "org"},
	{"POST", CASE "/status", gx_bo_case_status, GX_BODY_MULTIPART, NULL, GX_ACT_ORG_HANDLE, NULL, "org"},
	{"POST", CASE "/request", gx_bo_case_request, GX_BODY_FORM, NULL, GX_ACT_ORG_HANDLE, NULL, "org"},
	{"POST", CASE "/register-data", gx_bo_case_fetch, GX_BODY_FORM, NULL, GX_ACT_ORG_HANDLE, NULL, "org"},
	{"GET", CASE "/files/{attachment}", gx_bo_case_file, GX_BODY_NONE, NULL, GX_ACT_ORG_VIEW, NULL, "org"},

	{"POST", "/api/org/v1/token", gx_org_api_token, GX_BODY_FORM, NULL, GX_ACT_CLIENT_TOKEN, NULL, NULL},
	{"GET", "/api/org/v1/whoami", gx_org_api_whoami, GX_BODY_NONE, NULL, GX_ACT_CLIENT_ANY, NULL, NULL},
	{"GET", "/api/org/v1/openapi.json", gx_org_api_openapi, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL, NULL},
	{"GET", "/api/org/v1/submissions", gx_org_api_inbox, GX_BODY_NONE, NULL, GX_ACT_CLIENT_SUBMISSIONS_READ, NULL,
	 NULL},
	{"GET", SUB, gx_org_api_submission, GX_BODY_NONE, NULL, GX_ACT_CLIENT_SUBMISSIONS_READ, NULL, NULL},
	{"GET", SUB "/files/{attachment}", gx_org_api_file, GX_BODY_NONE, NULL, GX_ACT_CLIENT_SUBMISSIONS_READ, NULL,
	 NULL},
	{"POST", SUB "/status", gx_org_api_status, GX_BODY_JSON, gx_org_status_spec, GX_ACT_CLIENT_SUBMISSIONS_WRITE,
	 NULL, NULL},
	{"POST", SUB "/assignee", gx_org_api_assignee, GX_BODY_JSON, gx_org_assignee_spec,
	 GX_ACT_CLIENT_SUBMISSIONS_WRITE, NULL, NULL},
	{"POST", SUB "/requests", gx_org_api_request, GX_BODY_JSON, gx_org_request_spec, GX_ACT_CLIENT_SUBMISSIONS_WRITE,
	 NULL, NULL},
	{"POST", SUB "/notes", gx_org_api_note, GX_BODY_JSON, gx_org_note_spec, GX_ACT_CLIENT_SUBMISSIONS_WRITE, NULL,
	 NULL},
	{"POST", SUB "/register-data", gx_org_api_register_data, GX_BODY_JSON, gx_org_register_data_spec,
	 GX_ACT_CLIENT_REGISTERS_READ, NULL, NULL},
	{"GET", "/api/org/v1/events", gx_org_api_events, GX_BODY_NONE, NULL, GX_ACT_CLIENT_SUBMISSIONS_READ, NULL, NULL},
	{"POST", "/api/org/v1/letterbox/documents", gx_org_api_lb_send, GX_BODY_MULTIPART, NULL,
	 GX_ACT_CLIENT_LETTERBOX_SEND, NULL, NULL},
	{"GET", "/api/org/v1/letterbox/documents/{document}", gx_org_api_lb_get, GX_BODY_NONE, NULL,
	 GX_ACT_CLIENT_LETTERBOX_SEND, NULL, NULL},
};

const size_t gx_backoffice_routes_count = sizeof(gx_backoffice_routes) / sizeof(gx_backoffice_routes[0]);
