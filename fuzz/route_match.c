/* libFuzzer driver for the route matcher: the first byte picks a method, the
 * rest is a request path matched against a table shaped like guichetd's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/route.h"

static struct gx_route_table table;

static void build(void)
{
	static const char *const routes[][2] = {
		{"GET", "/"}, {"GET", "/healthz"}, {"GET", "/hello"}, {"POST", "/api/v1/feedback"},
		{"GET", "/api/v1/drafts/{id}"}, {"PUT", "/api/v1/drafts/{id}"}, {"DELETE", "/api/v1/drafts/{id}"},
		{"GET", "/api/v1/drafts/latest"}, {"GET", "/api/v1/spaces/{space}/submissions/{ref}/attachments/{n}"},
		{"POST", "/api/v1/spaces/{space}/submissions"}, {"GET", "/{lang}/procedures/{id}"},
	};
	char err[256];
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (gx_route_add(&table, routes[i][0], routes[i][1], NULL, err, sizeof(err)) != 0)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
	if (table.count == 0)
		build();
	if (size == 0)
		return 0;
	const char *method = methods[data[0] % 6];
	const char *path = (const char *)data + 1;
	size_t len = size - 1;

	struct gx_route_match m;
	enum gx_route_result r = gx_route_match(&table, method, strlen(method), path, len, &m);
	if (r == GX_ROUTE_FOUND) {
		if (m.route == NULL || m.nparams > GX_ROUTE_MAX_PARAMS)
			abort();
		for (size_t i = 0; i < m.nparams; i++) {
			const struct gx_route_param *p = &m.params[i];
			if (p->value < path || p->value + p->len > path + len || p->len == 0)
				abort();
			char out[64];
			long n = gx_route_param_decode(p->value, p->len, out, sizeof(out));
			if (n >= 0 && ((size_t)n >= sizeof(out) || strlen(out) != (size_t)n || memchr(out, '/', (size_t)n)))
				abort();
		}
	} else if (r == GX_ROUTE_METHOD_NOT_ALLOWED) {
		if (m.allow[0] == '\0')
			abort();
	}
	return 0;
}
