#include "http/operator.h"

#include <string.h>

#include "http/request.h"
#include "http/server.h"
#include "store/store.h"

static const char hello_body[] = "{\"message\":\"Hello, World!\"}";

enum gx_outcome gx_operator_hello(struct gx_req *r)
{
	return gx_reply_bytes(r, 200, "application/json", hello_body, sizeof(hello_body) - 1);
}

enum gx_outcome gx_operator_healthz(struct gx_req *r)
{
	static const char body[] = "{\"status\":\"alive\"}";
	return gx_reply_bytes(r, 200, "application/json", body, sizeof(body) - 1);
}

enum gx_outcome gx_operator_readyz(struct gx_req *r)
{
	struct gx_store_conn *db = gx_req_store(r);
	bool reachable = gx_store_ping(db) == GX_DB_ONE_RESULT;
	int migrated = reachable ? gx_store_schema_ready(db) : -1;
	bool ready = reachable && migrated == 1;
	json_t *body = json_pack("{s:s, s:b, s:b}", "status", ready ? "ready" : "not_ready", "store_reachable",
				 reachable, "migrations_applied", migrated == 1);
	if (body == NULL)
		return GX_SERVER_FAULT;
	enum gx_outcome o = gx_reply_json(r, ready ? 200 : 503, body);
	json_decref(body);
	return o;
}

enum gx_outcome gx_operator_metrics(struct gx_req *r)
{
	struct gx_buf out = GX_BUF_INIT;
	gx_server_render_metrics(gx_req_server(r), &out);
	if (out.failed) {
		gx_buf_free(&out);
		return GX_SERVER_FAULT;
	}
	char *copy = gx_req_alloc(r, out.len);
	memcpy(copy, out.data, out.len);
	enum gx_outcome o = gx_reply_bytes(r, 200, "text/plain; version=0.0.4; charset=utf-8", copy, out.len);
	gx_buf_free(&out);
	return o;
}
