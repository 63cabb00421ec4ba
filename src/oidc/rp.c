#include "oidc/rp.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"

#define KEYS_REFRESH_MIN_US (30 * 1000000LL)

static struct {
	struct gx_oidc_rp_config cfg;
	char *strings[7];
	pthread_mutex_t mu;
	struct gx_discovery *disc;    /* set once, then immutable */
	struct gx_jwks *keys;
	long long keys_at_us;
} rp = {.mu = PTHREAD_MUTEX_INITIALIZER};

int gx_oidc_rp_init(const struct gx_oidc_rp_config *cfg)
{
	const char *in[7] = {cfg->issuer, cfg->client_id, cfg->client_secret, cfg->redirect_uri,
			     cfg->post_logout_uri, cfg->scopes, cfg->national_id_claim};
	for (int i = 0; i < 7; i++)
		if ((rp.strings[i] = strdup(in[i] != NULL ? in[i] : "")) == NULL)
			return -1;
	rp.cfg = (struct gx_oidc_rp_config){rp.strings[0], rp.strings[1], rp.strings[2], rp.strings[3],
					    rp.strings[4], rp.strings[5], rp.strings[6]};
	return 0;
}

void gx_oidc_rp_free(void)
{
	for (int i = 0; i < 7; i++) {
		free(rp.strings[i]);
		rp.strings[i] = NULL;
	}
	if (rp.disc != NULL)
		gx_discovery_free(rp.disc);
	if (rp.keys != NULL)
		gx_jwks_free(rp.keys);
	rp.disc = NULL;
	rp.keys = NULL;
}

const struct gx_oidc_rp_config *gx_oidc_rp(void)
{
	return &rp.cfg;
}

struct fetch {
	struct gx_httpc *client;
	gx_oidc_provider_cb cb;
	void *arg;
};

static void finish(struct fetch *f, const char *error)
{
	if (error != NULL) {
		f->cb(f->arg, NULL, NULL, error);
	} else {
		pthread_mutex_lock(&rp.mu);
		const struct gx_discovery *d = rp.disc;
		struct gx_jwks *k = gx_jwks_ref(rp.keys);
		pthread_mutex_unlock(&rp.mu);
		f->cb(f->arg, d, k, NULL);
	}
	free(f);
}

static void on_keys(void *arg, const struct gx_httpc_response *res)
{
	struct fetch *f = arg;
	if (res->error != GX_HTTPC_OK || res->status != 200) {
		finish(f, "the provider's keys could not be fetched");
		return;
	}
	char err[200];
	struct gx_jwks *keys = gx_jwks_parse(res->body.base, res->body.len, err, sizeof(err));
	if (keys == NULL) {
		finish(f, "the provider's keys are not a valid JWK Set");
		return;
	}
	pthread_mutex_lock(&rp.mu);
	if (rp.keys != NULL)
		gx_jwks_free(rp.keys);
	rp.keys = keys;
	rp.keys_at_us = gx_mono_us();
	pthread_mutex_unlock(&rp.mu);
	finish(f, NULL);
}

static void fetch_keys(struct fetch *f)
{
	struct gx_httpc_request req = {.method = "GET", .url = rp.disc->jwks_uri, .deadline_ms = 5000,
				       .max_response_bytes = 256 * 1024};
	if (gx_httpc_start(f->client, &req, on_keys, f) == NULL)
		finish(f, "out of memory");
}

static void on_discovery(void *arg, const struct gx_httpc_response *res)
{
	struct fetch *f = arg;
	if (res->error != GX_HTTPC_OK || res->status != 200) {
		finish(f, "the identity provider could not be reached");
		return;
	}
	char err[200];
	struct gx_discovery *d = gx_discovery_parse(res->body.base, res->body.len, rp.cfg.issuer, err, sizeof(err));
	if (d == NULL) {
		finish(f, "the identity provider's metadata is not valid");
		return;
	}
	pthread_mutex_lock(&rp.mu);
	if (rp.disc == NULL)
		rp.disc = d;
	else
		gx_discovery_free(d); /* another worker was first */
	pthread_mutex_unlock(&rp.mu);
	fetch_keys(f);
}

void gx_oidc_provider(struct gx_httpc *client, bool refresh_keys, gx_oidc_provider_cb cb, void *arg)
{
	pthread_mutex_lock(&rp.mu);
	bool have_disc = rp.disc != NULL;
	bool keys_ok = rp.keys != NULL &&
		       (!refresh_keys || gx_mono_us() - rp.keys_at_us < KEYS_REFRESH_MIN_US);
	struct gx_jwks *keys = have_disc && keys_ok ? gx_jwks_ref(rp.keys) : NULL;
	const struct gx_discovery *d = rp.disc;
	pthread_mutex_unlock(&rp.mu);
	if (keys != NULL) {
		cb(arg, d, keys, NULL);
		return;
	}
	struct fetch *f = malloc(sizeof(*f));
	if (f == NULL) {
		cb(arg, NULL, NULL, "out of memory");
		return;
	}
	*f = (struct fetch){client, cb, arg};
	if (have_disc) {
		fetch_keys(f);
		return;
	}
	char url[600];
	size_t n = strlen(rp.cfg.issuer);
	snprintf(url, sizeof(url), "%s%s.well-known/openid-configuration", rp.cfg.issuer,
		 n > 0 && rp.cfg.issuer[n - 1] == '/' ? "" : "/");
	struct gx_httpc_request req = {.method = "GET", .url = url, .deadline_ms = 5000,
				       .max_response_bytes = GX_DISCOVERY_MAX_JSON};
	if (gx_httpc_start(client, &req, on_discovery, f) == NULL)
		finish(f, "out of memory");
}
