#include "sources/prefill.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log/oplog.h"
#include "sources/register_stats.h"
#include "store/store.h"
#include "util/clock.h"

const char *gx_source_status_name(enum gx_source_status s)
{
	static const char *const names[] = {"ok", "declined", "unavailable", "timeout", "refused", "bad_answer"};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

/* Frees the answers when the request ends, whatever happened. */
static void dispose(void *p)
{
	struct gx_prefill *pf = p;
	for (size_t i = 0; i < pf->n; i++)
		gx_answer_free(&pf->sources[i].answer);
}

/* One access record per register that answered: who (the platform, for the
 * person), whose, which attributes were asked (names only, as the register
 * logs them), why, when. A register that found nothing was still asked. */
static enum gx_db_status write_records(struct gx_store_conn *w, void *arg)
{
	struct gx_prefill *pf = arg;
	long long now = gx_wall_us();
	for (size_t i = 0; i < pf->n; i++) {
		struct gx_prefill_source *s = &pf->sources[i];
		if (s->status != GX_SOURCE_OK)
			continue;
		json_t *names = json_array();
		for (size_t j = 0; j < s->want->nattributes; j++)
			json_array_append_new(names, json_string(s->want->attributes[j]));
		char *attrs = json_dumps(names, JSON_COMPACT);
		json_decref(names);
		if (attrs == NULL)
			return GX_DB_HARD_ERROR;
		struct gx_access_record rec = {
			.subject = s->want->subject != NULL ? s->want->subject : pf->ask.subject,
			.at_us = now,
			.actor_kind = pf->ask.actor_kind,
			.actor_id = pf->ask.actor_id,
			.actor_role = pf->ask.actor_role,
			.on_behalf_of = pf->ask.on_behalf_of,
			.source = s->reg->name,
			.attributes_json = attrs,
			.purpose = pf->ask.purpose,
			.legal_basis = pf->ask.legal_basis,
			.request_id = s->request_id,
		};
		enum gx_db_status st = gx_store_access_record_append(w, &rec);
		free(attrs);
		if (st < 0)
			return st;
	}
	return GX_DB_ONE_RESULT;
}

static void on_recorded(void *arg, enum gx_db_status result)
{
	struct gx_prefill *pf = arg;
	if (result < 0) {
		/* Fail closed: without its access record no value leaves. */
		pf->failed_closed = true;
		gx_oplog_event(GX_LOG_ERROR, "access_record_failed", pf->env.request_id, "prefill values withheld");
	}
	pf->done(pf, pf->arg);
}

static void finish(struct gx_prefill *pf)
{
	bool any = false;
	for (size_t i = 0; i < pf->n; i++)
		any |= pf->sources[i].status == GX_SOURCE_OK;
	if (!any) {
		pf->done(pf, pf->arg);
		return;
	}
	gx_durable_submit(pf->env.durable, write_records, pf, on_recorded);
}

static void on_answer(void *arg, const struct gx_httpc_response *res)
{
	struct gx_prefill_source *s = arg;
	struct gx_prefill *pf = s->owner;
	s->elapsed_us = res->elapsed_us;
	char why[120];
	switch (res->error) {
	case GX_HTTPC_OK:
		if (res->status >= 500)
			s->status = GX_SOURCE_UNAVAILABLE;
		else if (res->status != 200)
			s->status = GX_SOURCE_REFUSED;
		else if (gx_answer_parse(res->body.base, res->body.len, s->want->attributes, s->want->nattributes,
					 &s->answer, why, sizeof(why)) != 0)
			s->status = GX_SOURCE_BAD_ANSWER;
		else
			s->status = GX_SOURCE_OK;
		break;
	case GX_HTTPC_TIMEOUT:
		s->status = GX_SOURCE_TIMEOUT;
		break;
	case GX_HTTPC_TOO_LARGE:
	case GX_HTTPC_BAD_RESPONSE:
		s->status = GX_SOURCE_BAD_ANSWER;
		break;
	default:
		s->status = GX_SOURCE_UNAVAILABLE;
		break;
	}
	gx_register_stats_record(s->reg, s->status, res->elapsed_us);
	if (s->status != GX_SOURCE_OK)
		gx_oplog_event(GX_LOG_WARN, "source_failed", pf->env.request_id, "register %s: %s", s->reg->name,
			       gx_source_status_name(s->status));
	if (--pf->pending == 0)
		finish(pf);
}

static char *lookup_body(struct gx_prefill *pf, struct gx_prefill_source *s)
{
	json_t *attrs = json_array();
	for (size_t i = 0; i < s->want->nattributes; i++)
		json_array_append_new(attrs, json_string(s->want->attributes[i]));
	json_t *body = json_pack("{s:s, s:{s:s, s:s}, s:o, s:{s:s, s:s?}, s:{s:s, s:s?}}", "request_id", s->request_id,
				 "subject", "type",
				 s->want->subject != NULL	 ? s->reg->subject_key
				 : pf->ask.subject_type != NULL ? pf->ask.subject_type
								: s->reg->subject_key,
				 "value", s->want->subject != NULL ? s->want->subject : pf->ask.subject, "attributes", attrs,
				 "requester", "organisation", pf->ask.actor_id, "on_behalf_of", pf->ask.on_behalf_of,
				 "purpose", "procedure", pf->ask.purpose, "legal_basis", pf->ask.legal_basis);
	char *text = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	return text;
}

void gx_prefill_start(const struct gx_prefill_env *env, const struct gx_prefill_ask *ask,
		      const struct gx_prefill_want *wants, size_t n, const bool *declined, unsigned deadline_ms,
		      void (*done)(struct gx_prefill *p, void *arg), void *arg)
{
	size_t bytes = (n > 0 ? n : 1) * sizeof(struct gx_prefill_source);
	struct gx_prefill_source *sources = h2o_mem_alloc_pool(env->pool, bytes);
	memset(sources, 0, bytes);
	struct gx_prefill *pf = h2o_mem_alloc_shared(env->pool, sizeof(*pf), dispose);
	*pf = (struct gx_prefill){.env = *env, .ask = *ask, .n = n, .sources = sources, .done = done, .arg = arg};
	for (size_t i = 0; i < n; i++) {
		struct gx_prefill_source *s = &pf->sources[i];
		s->reg = wants[i].reg;
		s->want = &wants[i];
		s->owner = pf;
		if (wants[i].subject != NULL) /* several asks of one register: each its own id */
			snprintf(s->request_id, sizeof(s->request_id), "%s-%s-r%zu", env->request_id, s->reg->name, i + 1);
		else
			snprintf(s->request_id, sizeof(s->request_id), "%s-%s", env->request_id, s->reg->name);
		s->status = declined[i] ? GX_SOURCE_DECLINED : GX_SOURCE_UNAVAILABLE;
		if (!declined[i])
			pf->pending++;
	}
	if (pf->pending == 0) {
		done(pf, arg);
		return;
	}
	size_t to_start = pf->pending;
	for (size_t i = 0; i < n && to_start > 0; i++) {
		struct gx_prefill_source *s = &pf->sources[i];
		if (declined[i])
			continue;
		to_start--;
		char url[600], auth[300];
		snprintf(url, sizeof(url), "%s/v1/lookup", s->reg->url);
		snprintf(auth, sizeof(auth), "Bearer %s", s->reg->key);
		char *body = lookup_body(pf, s);
		struct gx_httpc_header headers[] = {
			{"authorization", auth},
			{"content-type", "application/json"},
			{"accept", "application/json"},
		};
		struct gx_httpc_request req = {.method = "POST", .url = url, .headers = headers, .num_headers = 3,
					       .body = h2o_iovec_init(body, body != NULL ? strlen(body) : 0),
					       .deadline_ms = deadline_ms, .max_response_bytes = GX_ANSWER_MAX_BYTES};
		if (body == NULL || gx_httpc_start(env->httpc, &req, on_answer, s) == NULL) {
			s->status = GX_SOURCE_UNAVAILABLE;
			gx_register_stats_record(s->reg, s->status, 0);
			if (--pf->pending == 0) {
				free(body);
				finish(pf);
				return;
			}
		}
		free(body);
	}
}
