#include "client/response.h"

#include "util/hex.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A chunk-size line (with extensions) longer than this is refused. */
#define CHUNK_LINE_MAX 1024

void gx_resp_init(struct gx_resp *r, const struct gx_resp_limits *lim, int method_is_head)
{
	*r = (struct gx_resp){.lim = *lim, .method_is_head = method_is_head, .state = GX_RS_HEAD};
	r->body = (struct gx_buf)GX_BUF_INIT;
}

void gx_resp_free(struct gx_resp *r)
{
	free(r->head);
	free(r->fields);
	gx_buf_free(&r->body);
	r->head = NULL;
	r->fields = NULL;
	r->num_fields = 0;
}

const struct gx_httpc_field *gx_resp_field(const struct gx_httpc_field *fields, size_t n, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < n; i++)
		if (fields[i].name_len == len && memcmp(fields[i].name, name, len) == 0)
			return &fields[i];
	return NULL;
}

static int is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Field values and reason phrases: HTAB, SP, visible ASCII, obs-text. */
static int is_text(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static const char *find_crlfcrlf(const char *p, size_t n)
{
	for (size_t i = 0; i + 3 < n; i++)
		if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '\r' && p[i + 3] == '\n')
			return p + i;
	return NULL;
}

/* "HTTP/1.x SP 3DIGIT [SP reason]" in line[0..n). */
static int parse_status_line(struct gx_resp *r, const char *l, size_t n)
{
	if (n < 12 || memcmp(l, "HTTP/1.", 7) != 0 || (l[7] != '0' && l[7] != '1') || l[8] != ' ')
		return -1;
	if (l[9] < '1' || l[9] > '5' || l[10] < '0' || l[10] > '9' || l[11] < '0' || l[11] > '9')
		return -1;
	if (n > 12 && l[12] != ' ')
		return -1;
	for (size_t i = 13; i < n; i++)
		if (!is_text((unsigned char)l[i]))
			return -1;
	r->minor_version = l[7] - '0';
	r->status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
	return 0;
}

/* "name:" OWS value OWS; lower-cases the name in place. */
static int parse_field(char *l, size_t n, struct gx_httpc_field *f)
{
	size_t i = 0;
	while (i < n && is_tchar((unsigned char)l[i])) {
		if (l[i] >= 'A' && l[i] <= 'Z')
			l[i] = (char)(l[i] - 'A' + 'a');
		i++;
	}
	if (i == 0 || i == n || l[i] != ':')
		return -1;  /* also refuses obs-fold and space before the colon */
	f->name = l;
	f->name_len = i;
	size_t v = i + 1;
	while (v < n && is_ows(l[v]))
		v++;
	size_t e = n;
	while (e > v && is_ows(l[e - 1]))
		e--;
	for (size_t k = v; k < e; k++)
		if (!is_text((unsigned char)l[k]))
			return -1;
	f->value = l + v;
	f->value_len = e - v;
	return 0;
}

/* Does the comma-separated list contain token (case-insensitive)? */
static int has_token(const char *v, size_t n, const char *token)
{
	size_t tlen = strlen(token), i = 0;
	while (i < n) {
		while (i < n && (is_ows(v[i]) || v[i] == ','))
			i++;
		size_t s = i;
		while (i < n && v[i] != ',')
			i++;
		size_t e = i;
		while (e > s && is_ows(v[e - 1]))
			e--;
		if (e - s == tlen && strncasecmp(v + s, token, tlen) == 0)
			return 1;
	}
	return 0;
}

static int parse_length(const char *v, size_t n, uint64_t *out)
{
	if (n == 0 || n > 18)
		return -1;
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		x = x * 10 + (uint64_t)(v[i] - '0');
	}
	*out = x;
	return 0;
}

/* Parses the head in data[0..hlen) (ending with CRLFCRLF) into r, copying it.
 * Returns GX_RESP_MORE when the head was accepted. */
static enum gx_resp_status take_head(struct gx_resp *r, const char *data, size_t hlen)
{
	free(r->head);
	free(r->fields);
	r->head = NULL;
	r->fields = NULL;
	r->num_fields = 0;
	r->head = malloc(hlen);
	r->fields = calloc(r->lim.max_fields > 0 ? r->lim.max_fields : 1, sizeof(*r->fields));
	if (r->head == NULL || r->fields == NULL)
		return GX_RESP_BAD;
	memcpy(r->head, data, hlen);

	char *p = r->head, *end = r->head + hlen - 2; /* the final empty line */
	char *eol = memchr(p, '\n', (size_t)(end - p));
	if (eol == NULL || eol == p || eol[-1] != '\r' || parse_status_line(r, p, (size_t)(eol - 1 - p)) != 0)
		return GX_RESP_BAD;
	p = eol + 1;
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL || eol == p || eol[-1] != '\r')
			return GX_RESP_BAD;
		if (r->num_fields == r->lim.max_fields)
			return GX_RESP_TOO_LARGE;
		if (parse_field(p, (size_t)(eol - 1 - p), &r->fields[r->num_fields]) != 0)
			return GX_RESP_BAD;
		r->num_fields++;
		p = eol + 1;
	}
	return GX_RESP_MORE;
}

/* Decides keep-alive and how the body is delimited (RFC 9112 6.3). */
static enum gx_resp_status take_framing(struct gx_resp *r)
{
	int chunked = 0, have_length = 0, te_seen = 0;
	uint64_t length = 0;
	r->keep_alive = r->minor_version == 1;
	for (size_t i = 0; i < r->num_fields; i++) {
		const struct gx_httpc_field *f = &r->fields[i];
		if (f->name_len == 10 && memcmp(f->name, "connection", 10) == 0) {
			if (has_token(f->value, f->value_len, "close"))
				r->keep_alive = 0;
			else if (r->minor_version == 0 && has_token(f->value, f->value_len, "keep-alive"))
				r->keep_alive = 1;
		} else if (f->name_len == 17 && memcmp(f->name, "transfer-encoding", 17) == 0) {
			/* Only a single "chunked": other codings are refused. */
			if (te_seen || f->value_len != 7 || strncasecmp(f->value, "chunked", 7) != 0)
				return GX_RESP_BAD;
			te_seen = chunked = 1;
		} else if (f->name_len == 14 && memcmp(f->name, "content-length", 14) == 0) {
			uint64_t v;
			if (parse_length(f->value, f->value_len, &v) != 0 || (have_length && v != length))
				return GX_RESP_BAD;
			have_length = 1;
			length = v;
		}
	}
	if (r->method_is_head || r->status == 204 || r->status == 304) {
		r->state = GX_RS_DONE;
		return GX_RESP_DONE;
	}
	if (chunked && have_length)
		return GX_RESP_BAD;  /* a server that sends both is not to be trusted */
	if (chunked) {
		r->state = GX_RS_CHUNK_SIZE;
	} else if (have_length) {
		if (length > r->lim.max_body)
			return GX_RESP_TOO_LARGE;  /* refused before reading any of it */
		r->remaining = length;
		r->state = length == 0 ? GX_RS_DONE : GX_RS_LENGTH;
	} else {
		r->keep_alive = 0;
		r->state = GX_RS_UNTIL_CLOSE;
	}
	return r->state == GX_RS_DONE ? GX_RESP_DONE : GX_RESP_MORE;
}

static enum gx_resp_status read_head(struct gx_resp *r, const char *data, size_t len, size_t *pos)
{
	for (;;) {
		const char *d = data + *pos;
		size_t n = len - *pos, scan = n < r->lim.max_head ? n : r->lim.max_head;
		const char *e = find_crlfcrlf(d, scan);
		if (e == NULL)
			return n >= r->lim.max_head ? GX_RESP_TOO_LARGE : GX_RESP_MORE;
		size_t hlen = (size_t)(e - d) + 4;
		enum gx_resp_status st = take_head(r, d, hlen);
		if (st != GX_RESP_MORE)
			return st;
		*pos += hlen;
		if (r->status == 101)
			return GX_RESP_BAD;  /* never asked for an upgrade */
		if (r->status >= 200)
			return take_framing(r);
		/* 1xx informational: skip it and read the next head */
	}
}

/* One chunk-size line at data[*pos..len). */
static enum gx_resp_status read_chunk_size(struct gx_resp *r, const char *data, size_t len, size_t *pos)
{
	const char *d = data + *pos;
	size_t n = len - *pos;
	const char *eol = memchr(d, '\n', n < CHUNK_LINE_MAX ? n : CHUNK_LINE_MAX);
	if (eol == NULL)
		return n >= CHUNK_LINE_MAX ? GX_RESP_BAD : GX_RESP_MORE;
	size_t llen = (size_t)(eol - d);
	if (llen < 2 || d[llen - 1] != '\r')
		return GX_RESP_BAD;
	llen--;
	uint64_t size = 0;
	size_t i = 0;
	for (; i < llen && gx_hex_digit(d[i]) >= 0; i++) {
		if (i == 15)
			return GX_RESP_BAD;
		size = size * 16 + (uint64_t)gx_hex_digit(d[i]);
	}
	if (i == 0)
		return GX_RESP_BAD;
	/* chunk extensions are ignored, but must look like BWS ";" ... */
	size_t k = i;
	while (k < llen && is_ows(d[k]))
		k++;
	if (k < llen && d[k] != ';')
		return GX_RESP_BAD;
	for (; k < llen; k++)
		if (!is_text((unsigned char)d[k]))
			return GX_RESP_BAD;
	*pos += (size_t)(eol - d) + 1;
	if (size == 0) {
		r->state = GX_RS_TRAILER;
		return GX_RESP_MORE;
	}
	if (size > r->lim.max_body - r->body.len)
		return GX_RESP_TOO_LARGE;  /* before any byte of the chunk is kept */
	r->remaining = size;
	r->state = GX_RS_CHUNK_DATA;
	return GX_RESP_MORE;
}

/* One trailer line; the empty line ends the response. */
static enum gx_resp_status read_trailer(struct gx_resp *r, const char *data, size_t len, size_t *pos)
{
	const char *d = data + *pos;
	size_t n = len - *pos;
	size_t room = r->lim.max_head - r->trailer_bytes;
	const char *eol = memchr(d, '\n', n < room ? n : room);
	if (eol == NULL)
		return n >= room ? GX_RESP_TOO_LARGE : GX_RESP_MORE;
	size_t llen = (size_t)(eol - d);
	if (llen < 1 || d[llen - 1] != '\r')
		return GX_RESP_BAD;
	r->trailer_bytes += llen + 1;
	*pos += llen + 1;
	if (llen == 1) {
		r->state = GX_RS_DONE;
		return GX_RESP_DONE;
	}
	struct gx_httpc_field f;
	char line[CHUNK_LINE_MAX];
	if (llen - 1 > sizeof(line))
		return GX_RESP_BAD;
	memcpy(line, d, llen - 1);  /* parse_field lower-cases: not in the caller's buffer */
	return parse_field(line, llen - 1, &f) == 0 ? GX_RESP_MORE : GX_RESP_BAD;
}

static enum gx_resp_status take_body(struct gx_resp *r, const char *d, size_t n)
{
	if (n > r->lim.max_body - r->body.len)
		return GX_RESP_TOO_LARGE;
	return gx_buf_append(&r->body, d, n) == 0 ? GX_RESP_MORE : GX_RESP_BAD;
}

static enum gx_resp_status step(struct gx_resp *r, const char *data, size_t len, size_t *pos)
{
	size_t n = len - *pos, k;
	enum gx_resp_status st;
	switch (r->state) {
	case GX_RS_HEAD:
		return read_head(r, data, len, pos);
	case GX_RS_LENGTH:
	case GX_RS_CHUNK_DATA:
		k = n < r->remaining ? n : (size_t)r->remaining;
		if ((st = take_body(r, data + *pos, k)) != GX_RESP_MORE)
			return st;
		*pos += k;
		r->remaining -= k;
		if (r->remaining == 0) {
			r->state = r->state == GX_RS_LENGTH ? GX_RS_DONE : GX_RS_CHUNK_END;
			return r->state == GX_RS_DONE ? GX_RESP_DONE : GX_RESP_MORE;
		}
		return GX_RESP_MORE;
	case GX_RS_UNTIL_CLOSE:
		if ((st = take_body(r, data + *pos, n)) != GX_RESP_MORE)
			return st;
		*pos += n;
		return GX_RESP_MORE;
	case GX_RS_CHUNK_SIZE:
		return read_chunk_size(r, data, len, pos);
	case GX_RS_CHUNK_END:
		if (n < 2)
			return n == 1 && data[*pos] != '\r' ? GX_RESP_BAD : GX_RESP_MORE;
		if (data[*pos] != '\r' || data[*pos + 1] != '\n')
			return GX_RESP_BAD;
		*pos += 2;
		r->state = GX_RS_CHUNK_SIZE;
		return GX_RESP_MORE;
	case GX_RS_TRAILER:
		return read_trailer(r, data, len, pos);
	case GX_RS_DONE:
		return GX_RESP_DONE;
	case GX_RS_FAILED:
		break;
	}
	return GX_RESP_BAD;
}

enum gx_resp_status gx_resp_feed(struct gx_resp *r, const char *data, size_t len, size_t *used)
{
	static const enum gx_resp_status failed_as[2] = {GX_RESP_BAD, GX_RESP_TOO_LARGE};
	size_t pos = 0;
	enum gx_resp_status st = GX_RESP_MORE;
	*used = 0;
	if (r->state == GX_RS_FAILED)
		return failed_as[r->remaining == 1];
	for (;;) {
		size_t before = pos;
		st = step(r, data, len, &pos);
		if (st != GX_RESP_MORE)
			break;
		if (pos == before && r->state != GX_RS_DONE)
			break;  /* needs more bytes */
	}
	*used = pos;
	if (st == GX_RESP_BAD || st == GX_RESP_TOO_LARGE) {
		r->state = GX_RS_FAILED;
		r->remaining = st == GX_RESP_TOO_LARGE;
		r->keep_alive = 0;
	}
	return st;
}

enum gx_resp_status gx_resp_eof(struct gx_resp *r)
{
	if (r->state == GX_RS_DONE)
		return GX_RESP_DONE;
	if (r->state == GX_RS_UNTIL_CLOSE) {
		r->state = GX_RS_DONE;
		return GX_RESP_DONE;
	}
	if (r->state != GX_RS_FAILED) {
		r->state = GX_RS_FAILED;
		r->remaining = 0;
	}
	r->keep_alive = 0;
	return r->remaining == 1 ? GX_RESP_TOO_LARGE : GX_RESP_BAD;
}
