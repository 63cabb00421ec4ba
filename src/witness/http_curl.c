#include "witness/http_curl.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct curl_ctx {
	CURL *easy;
	long timeout_ms;
};

struct sink {
	struct gx_buf *body;
	size_t max;
	int too_long;
};

static size_t collect(char *p, size_t size, size_t n, void *userdata)
{
	struct sink *s = userdata;
	size_t len = size * n;
	if (s->body->len + len > s->max) {
		s->too_long = 1;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	return gx_buf_append(s->body, p, len) == 0 ? len : 0;
}

static size_t discard(char *p, size_t size, size_t n, void *userdata)
{
	return size * n;
}

static void common(struct curl_ctx *c, const char *url)
{
	curl_easy_reset(c->easy);
	curl_easy_setopt(c->easy, CURLOPT_URL, url);
	curl_easy_setopt(c->easy, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(c->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c->easy, CURLOPT_USERAGENT, "guichet-witness/1");
}

static int finish(struct curl_ctx *c, CURLcode rc, const struct sink *s, long *status, char *err, size_t errlen)
{
	if (s != NULL && s->too_long) {
		snprintf(err, errlen, "the answer is longer than %zu bytes", s->max);
		return -1;
	}
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "%s", curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, status);
	return 0;
}

static int curl_get(void *ctx, const char *url, size_t max, struct gx_buf *body, long *status, char *err,
		    size_t errlen)
{
	struct curl_ctx *c = ctx;
	struct sink s = {body, max, 0};
	common(c, url);
	curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, &s);
	return finish(c, curl_easy_perform(c->easy), &s, status, err, errlen);
}

static int curl_post(void *ctx, const char *url, const char *body, size_t len, long *status, char *err,
		     size_t errlen)
{
	struct curl_ctx *c = ctx;
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: text/plain; charset=utf-8");
	common(c, url);
	curl_easy_setopt(c->easy, CURLOPT_POST, 1L);
	curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c->easy, CURLOPT_POSTFIELDSIZE, (long)len);
	curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, discard);
	int rc = finish(c, curl_easy_perform(c->easy), NULL, status, err, errlen);
	curl_slist_free_all(headers);
	return rc;
}

int gx_witness_curl_open(struct gx_witness_transport *t, long timeout_ms)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	struct curl_ctx *c = calloc(1, sizeof(*c));
	if (c == NULL || (c->easy = curl_easy_init()) == NULL) {
		free(c);
		curl_global_cleanup();
		return -1;
	}
	c->timeout_ms = timeout_ms;
	t->get = curl_get;
	t->post = curl_post;
	t->ctx = c;
	return 0;
}

void gx_witness_curl_close(struct gx_witness_transport *t)
{
	struct curl_ctx *c = t->ctx;
	if (c != NULL) {
		curl_easy_cleanup(c->easy);
		free(c);
	}
	t->ctx = NULL;
	curl_global_cleanup();
}
