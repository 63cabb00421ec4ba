/* guichetctl routes: every route guichetd serves (the portal's, the back
 * office's and the operators' tables), with the action the authorization layer decides on, as
 * JSON (the authorization matrix test checks that each has rows). */

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "backoffice/routes.h"
#include "guichetctl/commands.h"
#include "operator/routes.h"
#include "portal/routes.h"

static void list_routes(json_t *list, const struct gx_route_def *routes, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct gx_route_def *d = &routes[i];
		json_t *route = json_pack("{s:s, s:s, s:s}", "method", d->method, "pattern", d->pattern, "action",
					  gx_action_name(d->action));
		if (d->space_param != NULL)
			json_object_set_new(route, "space_param", json_string(d->space_param));
		if (d->org_param != NULL)
			json_object_set_new(route, "org_param", json_string(d->org_param));
		json_array_append_new(list, route);
	}
}

int gx_ctl_routes(int argc, char **argv)
{
	if (argc != 1) {
		fprintf(stderr, "usage: guichetctl routes\n");
		return 2;
	}
	/* guichetd's tables, as its main passes them to the server */
	json_t *list = json_array();
	list_routes(list, gx_routes, gx_routes_count);
	list_routes(list, gx_backoffice_routes, gx_backoffice_routes_count);
	list_routes(list, gx_operator_routes, gx_operator_routes_count);
	char *text = json_dumps(list, JSON_INDENT(1));
	json_decref(list);
	if (text == NULL)
		return 1;
	puts(text);
	free(text);
	return 0;
}
