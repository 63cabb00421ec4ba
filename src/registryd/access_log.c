/** GET /v1/access-log?subject=…[&subject_type=…][&limit=N] (docs/source-protocol.md):
 *  the register's own reads of one subject, newest first, for a client
 *  allowed to see them ("access_log": true: the platform, which shows each
 *  person the register's half of the double entry, matched by request id).
 *  Attribute names only, never values. */

#include "registryd/registryd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/query.h"
#include "http/request.h"
#include "store/store.h"
#include "util/buf.h"

#define ACCESS_LOG_MAX 1000
#define ACCESS_LOG_DEFAULT 200

enum gx_outcome gx_registryd_access_log(struct gx_req *r)
{
	const struct gx_registry_client *client = gx_registryd_authenticate(r);
	if (client == NULL)
		return GX_CLIENT_FAULT;
	if (!client->access_log)
		return gx_reply_problem(r, GX_ERR_FORBIDDEN, NULL, "this client may not read the access log");
	const struct gx_register_description *d = gx_registryd_get()->description;
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char subject[65], type[GX_REGISTER_NAME_MAX + 1], limit_text[8];
	long n = gx_query_get(q, qlen, "subject", subject, sizeof(subject));
	if (n <= 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "subject", "the subject's key: 1 to 64 characters");
	n = gx_query_get(q, qlen, "subject_type", type, sizeof(type));
	if (n == -2 || n == 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "subject_type", "one of the register's key types");
	if (n < 0) {
		if (d->nkeys == 0)
			return GX_SERVER_FAULT;
		snprintf(type, sizeof(type), "%s", d->keys[0]);
	} else if (!gx_register_has_key(d, type)) {
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "subject_type", "this register does not know subjects of this type");
	}
	long limit = ACCESS_LOG_DEFAULT;
	n = gx_query_get(q, qlen, "limit", limit_text, sizeof(limit_text));
	if (n == -2 || n == 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "limit", "a whole number from 1 to 1000");
	if (n > 0) {
		char *end;
		limit = strtol(limit_text, &end, 10);
		if (*end != '\0' || limit < 1 || limit > ACCESS_LOG_MAX || limit_text[0] < '0' || limit_text[0] > '9')
			return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "limit", "a whole number from 1 to 1000");
	}
	char *reads = NULL;
	bool more = false;
	if (gx_store_registry_access_of(gx_req_store(r), type, subject, (size_t)limit, &reads, &more) < 0)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access log cannot be read right now");
	/* {"register", "subject_type", "reads": [...], "more"}: the reads are the store's JSON text as is. */
	struct gx_buf b = GX_BUF_INIT;
	json_t *head = json_pack("{s:s, s:s}", "register", d->name, "subject_type", type);
	char *head_text = head != NULL ? json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(head);
	if (head_text == NULL) {
		free(reads);
		return GX_SERVER_FAULT;
	}
	gx_buf_append(&b, head_text, strlen(head_text) - 1); /* without its closing brace */
	gx_buf_appendf(&b, ",\"reads\":%s,\"more\":%s}", reads, more ? "true" : "false");
	free(head_text);
	free(reads);
	if (b.failed) {
		gx_buf_free(&b);
		return GX_SERVER_FAULT;
	}
	return gx_reply_json_text(r, 200, &b);
}
