#include "backoffice/routes.h"

#include "backoffice/api/token.h"
#include "backoffice/api/whoami.h"

/* method, pattern, handler, body, body spec, action (authz/authz.c), space parameter, organisation parameter */
const struct gx_route_def gx_backoffice_routes[] = {
	{"POST", "/api/org/v1/token", gx_org_api_token, GX_BODY_FORM, NULL, GX_ACT_CLIENT_TOKEN, NULL, NULL},
	{"GET", "/api/org/v1/whoami", gx_org_api_whoami, GX_BODY_NONE, NULL, GX_ACT_CLIENT_ANY, NULL, NULL},
};

const size_t gx_backoffice_routes_count = sizeof(gx_backoffice_routes) / sizeof(gx_backoffice_routes[0]);
