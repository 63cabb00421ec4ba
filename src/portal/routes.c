#include "portal/routes.h"

#include "portal/feedback.h"
#include "portal/operator.h"
#include "portal/pages.h"
#include "portal/static.h"

/* method, pattern, handler, body, body spec, action (authz/authz.c), space parameter */
const struct gx_route_def gx_routes[] = {
	{"GET", "/healthz", gx_operator_healthz, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL},
	{"GET", "/readyz", gx_operator_readyz, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL},
	{"GET", "/metrics", gx_operator_metrics, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL},
	{"GET", "/hello", gx_operator_hello, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL},
	{"GET", "/static/{file}", gx_static_get, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL},

	{"GET", "/", gx_page_start, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL},
	{"GET", "/accessibility", gx_page_accessibility, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL},
	{"GET", "/privacy", gx_page_privacy, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL},
	{"GET", "/language/{lang}", gx_page_language, GX_BODY_NONE, NULL, GX_ACT_PUBLIC_VIEW, NULL},

	{"POST", "/api/v1/feedback", gx_feedback_post, GX_BODY_JSON, gx_feedback_spec, GX_ACT_FEEDBACK_SEND, NULL},
};

const size_t gx_routes_count = sizeof(gx_routes) / sizeof(gx_routes[0]);
