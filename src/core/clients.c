#include "core/clients.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oidc/jwk.h"

json_t *gx_org_clients(struct gx_store_conn *db, const char *org)
{
	char *text = NULL;
	if (gx_store_org_clients_list(db, org, &text) < 0)
		return NULL;
	json_error_t err;
	json_t *list = json_loads(text != NULL ? text : "[]", 0, &err);
	free(text);
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c) {
		/* stored "a b": as an array */
		const char *scopes = json_string_value(json_object_get(c, "scopes"));
		json_t *names = json_array();
		for (const char *p = scopes != NULL ? scopes : ""; *p != '\0';) {
			size_t n = strcspn(p, " ");
			if (n > 0)
				json_array_append_new(names, json_stringn(p, n));
			p += n + (p[n] == ' ');
		}
		json_object_set_new(c, "scopes", names);
	}
	return list;
}

void gx_org_client_new_id(char out[GX_STORE_CLIENT_ID_MAX])
{
	unsigned char raw[12];
	randombytes_buf(raw, sizeof(raw));
	memcpy(out, "cl_", 3);
	sodium_bin2hex(out + 3, GX_STORE_CLIENT_ID_MAX - 3, raw, sizeof(raw));
}

struct registering {
	struct gx_org_client client;
	int tries;
	const struct gx_core_ctx *c;
	struct gx_client_registered result;
	gx_client_registered_fn done;
	void *arg;
};

static enum gx_db_status write_client(struct gx_store_conn *w, void *arg)
{
	return gx_store_org_client_add(w, &((struct registering *)arg)->client);
}

static void on_written(void *arg, enum gx_db_status st)
{
	struct registering *g = arg;
	if (st == GX_DB_CONFLICT && ++g->tries < 3) {  /* 96 random bits taken: try another */
		gx_org_client_new_id(g->client.client_id);
		gx_durable_submit(g->c->durable, write_client, g, on_written);
		return;
	}
	g->result.status = st >= 0 ? GX_CORE_OK : st == GX_DB_REFUSED || st == GX_DB_SOFT_ERROR ? GX_CORE_UNAVAILABLE
											 : GX_CORE_FAULT;
	g->result.id = st >= 0 ? g->client.client_id : NULL;
	g->done(g->arg, &g->result);
	free(g->client.jwk);
	g->client.jwk = NULL;
}

void gx_org_client_register(const struct gx_core_ctx *c, const char *org, const char *jwk, size_t len,
			    const char *scopes, gx_client_registered_fn done, void *arg)
{
	struct registering *g = gx_core_alloc(c, sizeof(*g));
	*g = (struct registering){.c = c, .done = done, .arg = arg};
	struct gx_jwk key;
	char err[200];
	if (gx_jwk_parse_client_key(jwk, len, &key, err, sizeof(err)) != 0) {
		g->result = (struct gx_client_registered){.status = GX_CORE_INVALID,
							  .why = gx_core_strndup(c, err, strlen(err))};
		done(arg, &g->result);
		return;
	}
	snprintf(g->client.alg, sizeof(g->client.alg), "%s", gx_jwk_client_alg(&key));
	gx_jwk_clear(&key);
	/* Stored in one canonical form: compact, keys sorted. */
	json_t *j = json_loadb(jwk, len, 0, NULL);
	g->client.jwk = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	if (g->client.jwk == NULL) {
		g->result.status = GX_CORE_FAULT;
		done(arg, &g->result);
		return;
	}
	snprintf(g->client.org, sizeof(g->client.org), "%s", org);
	snprintf(g->client.scopes, sizeof(g->client.scopes), "%s", scopes);
	g->client.created_at_us = c->now_us;
	gx_org_client_new_id(g->client.client_id);
	gx_durable_submit(c->durable, write_client, g, on_written);
}

struct removing {
	const char *org, *id;
	long long at_us;
	void (*done)(void *arg, enum gx_core_status status);
	void *arg;
};

static enum gx_db_status write_remove(struct gx_store_conn *w, void *arg)
{
	struct removing *m = arg;
	return gx_store_org_client_revoke(w, m->org, m->id, m->at_us);
}

static void on_removed(void *arg, enum gx_db_status st)
{
	struct removing *m = arg;
	m->done(m->arg, st > 0	  ? GX_CORE_OK
			: st == 0 ? GX_CORE_NOT_FOUND
			: st == GX_DB_REFUSED || st == GX_DB_SOFT_ERROR ? GX_CORE_UNAVAILABLE
									: GX_CORE_FAULT);
}

void gx_org_client_remove(const struct gx_core_ctx *c, const char *org, const char *id,
			  void (*done)(void *arg, enum gx_core_status status), void *arg)
{
	struct removing *m = gx_core_alloc(c, sizeof(*m));
	*m = (struct removing){.org = gx_core_strndup(c, org, strlen(org)), .id = gx_core_strndup(c, id, strlen(id)),
			       .at_us = c->now_us, .done = done, .arg = arg};
	gx_durable_submit(c->durable, write_remove, m, on_removed);
}
