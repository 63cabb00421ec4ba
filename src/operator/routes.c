#include "operator/routes.h"

#include "operator/pages/dashboard.h"

/* method, pattern, handler, body, body spec, action (authz/authz.c), space parameter, organisation parameter */
const struct gx_route_def gx_operator_routes[] = {
	{"GET", "/operator", gx_dashboard_page, GX_BODY_NONE, NULL, GX_ACT_OPERATOR_VIEW, NULL, NULL},
};

const size_t gx_operator_routes_count = sizeof(gx_operator_routes) / sizeof(gx_operator_routes[0]);
