/** registryd's process-wide, read-only state, and its route table. */

#include "registryd/registryd.h"

#include <stdlib.h>
#include <string.h>

#include "http/operator.h"

static struct gx_registryd current;

int gx_registryd_set(const struct gx_registryd *app)
{
	current = *app;
	/* Serialised once: handlers on several threads then only read bytes. */
	current.description_text = json_dumps(app->description->json, JSON_COMPACT);
	if (current.description_text == NULL)
		return -1;
	current.description_len = strlen(current.description_text);
	return 0;
}

void gx_registryd_unset(void)
{
	for (int l = 0; l < GX_REGISTER_LANGS; l++)
		json_decref(current.catalogs[l]);
	free(current.description_text);
	current = (struct gx_registryd){0};
}

const struct gx_registryd *gx_registryd_get(void)
{
	return &current;
}

/* method, pattern, handler, body, body spec, action, space and organisation parameters. The
 * lookup body is read as bytes (UPLOAD, capped at the JSON limit by main) and
 * parsed by the handler after the client key was checked. */
const struct gx_route_def gx_registryd_routes[] = {
	{"GET", "/healthz", gx_operator_healthz, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"GET", "/readyz", gx_operator_readyz, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"GET", "/metrics", gx_operator_metrics, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"GET", "/v1/description", gx_registryd_description, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"POST", "/v1/lookup", gx_registryd_lookup, GX_BODY_UPLOAD, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"GET", "/v1/access-log", gx_registryd_access_log, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	/* corrections.c: the filing's body (evidence in base64) is capped at limits.upload_body */
	{"POST", "/v1/corrections", gx_registryd_correction_file, GX_BODY_UPLOAD, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"GET", "/v1/corrections/decisions", gx_registryd_correction_decisions, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL,
	 NULL},
	{"GET", "/v1/corrections/{id}", gx_registryd_correction_get, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"POST", "/v1/corrections/{id}/withdraw", gx_registryd_correction_withdraw, GX_BODY_NONE, NULL, GX_ACT_OPERATE,
	 NULL, NULL},
	/* operator_page.c: HTML for the register's operators (HTTP Basic, a form token) */
	{"GET", "/operator/corrections", gx_registryd_operator_list, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"GET", "/operator/corrections/{id}", gx_registryd_operator_show, GX_BODY_NONE, NULL, GX_ACT_OPERATE, NULL, NULL},
	{"POST", "/operator/corrections/{id}", gx_registryd_operator_decide, GX_BODY_FORM, NULL, GX_ACT_OPERATE, NULL,
	 NULL},
	{"GET", "/operator/corrections/{id}/evidence/{seq}", gx_registryd_operator_evidence, GX_BODY_NONE, NULL,
	 GX_ACT_OPERATE, NULL, NULL},
};

const size_t gx_registryd_routes_count = sizeof(gx_registryd_routes) / sizeof(gx_registryd_routes[0]);
