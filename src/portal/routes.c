#include "portal/routes.h"

#include "portal/feedback.h"
#include "portal/operator.h"

const struct gx_route_def gx_routes[] = {
	{"GET", "/healthz", gx_operator_healthz, GX_BODY_NONE, NULL},
	{"GET", "/readyz", gx_operator_readyz, GX_BODY_NONE, NULL},
	{"GET", "/metrics", gx_operator_metrics, GX_BODY_NONE, NULL},
	{"GET", "/hello", gx_operator_hello, GX_BODY_NONE, NULL},
	{"POST", "/api/v1/feedback", gx_feedback_post, GX_BODY_JSON, gx_feedback_spec},
};

const size_t gx_routes_count = sizeof(gx_routes) / sizeof(gx_routes[0]);
