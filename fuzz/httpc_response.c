/* libFuzzer driver for the HTTP client's own parsers: the response reader
 * (src/client/response.c), fed in pieces the way a socket delivers, and the
 * URL parser (src/client/url.c). The first byte picks the parser and, for
 * responses, the piece size and whether the request was HEAD. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client/response.h"
#include "client/url.h"

static void fuzz_url(const char *s, size_t n)
{
	struct gx_url u;
	if (gx_url_parse(s, n, &u) != 0)
		return;
	if (u.host < s || u.host + u.host_len > s + n || u.host_len == 0)
		abort();
	if (u.authority < s || u.authority + u.authority_len > s + n)
		abort();
	if (u.port == 0 || (!u.explicit_port && u.port != 80))
		abort();
	if (u.target_len == 0 || (u.target[0] != '/' && u.target[0] != '?'))
		abort();
	if (!(u.target_len == 1 && u.target[0] == '/') && (u.target < s || u.target + u.target_len > s + n))
		abort();
	for (size_t i = 0; i < u.target_len; i++)
		if ((unsigned char)u.target[i] <= 0x20 || (unsigned char)u.target[i] >= 0x7f || u.target[i] == '#')
			abort();
}

static void fuzz_response(const char *s, size_t n, size_t step, int head)
{
	static const struct gx_resp_limits lim = {.max_head = 512, .max_fields = 16, .max_body = 1024};
	struct gx_resp r;
	gx_resp_init(&r, &lim, head);
	char *buf = malloc(n + 1);
	if (buf == NULL)
		return;
	size_t have = 0, off = 0;
	enum gx_resp_status st = GX_RESP_MORE;
	while (off < n && st == GX_RESP_MORE) {
		size_t k = n - off < step ? n - off : step;
		memcpy(buf + have, s + off, k);
		have += k;
		off += k;
		size_t used = 0;
		st = gx_resp_feed(&r, buf, have, &used);
		if (used > have || r.body.len > lim.max_body)
			abort();
		memmove(buf, buf + used, have - used);
		have -= used;
		/* what is kept waiting for more never exceeds the head cap by much */
		if (st == GX_RESP_MORE && have > lim.max_head + 1024 + step)
			abort();
	}
	if (st == GX_RESP_MORE)
		st = gx_resp_eof(&r);
	if (st == GX_RESP_DONE) {
		if (r.status < 100 || r.status > 599 || r.num_fields > lim.max_fields)
			abort();
		for (size_t i = 0; i < r.num_fields; i++) {
			const struct gx_httpc_field *f = &r.fields[i];
			if (f->name_len == 0)
				abort();
			for (size_t j = 0; j < f->name_len; j++)
				if (f->name[j] >= 'A' && f->name[j] <= 'Z')
					abort();
			for (size_t j = 0; j < f->value_len; j++)
				if (f->value[j] == '\r' || f->value[j] == '\n')
					abort();
		}
	}
	free(buf);
	gx_resp_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	uint8_t sel = data[0];
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	if (sel & 1)
		fuzz_url(s, n);
	else
		fuzz_response(s, n, (size_t)((sel >> 2) % 16) + 1 + ((sel & 0x80) ? 4096 : 0), (sel & 2) != 0);
	return 0;
}
