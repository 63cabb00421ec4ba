/** SMTP replies and the commands they answer (reply.h). */

#include "mail/reply.h"

#include <string.h>

const char *gx_smtp_phase_name(enum gx_smtp_phase p)
{
	switch (p) {
	case GX_SMTP_CONNECT: return "connect";
	case GX_SMTP_HELLO: return "hello";
	case GX_SMTP_STARTTLS: return "starttls";
	case GX_SMTP_AUTH: return "auth";
	case GX_SMTP_MAIL: return "mail";
	case GX_SMTP_RCPT: return "rcpt";
	case GX_SMTP_DATA: return "data";
	case GX_SMTP_QUIT: return "quit";
	case GX_SMTP_OTHER: return "other";
	}
	return "invalid";
}

void gx_smtp_reader_init(struct gx_smtp_reader *r)
{
	memset(r, 0, sizeof(*r));
	r->phase = GX_SMTP_CONNECT;
	r->reply_phase = GX_SMTP_CONNECT;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* 1 to 3 digits at s[*i] (RFC 3463). */
static int status_number(const char *s, size_t len, size_t *i, unsigned *out)
{
	size_t start = *i;
	unsigned v = 0;
	while (*i < len && digit(s[*i]) && *i - start < 3)
		v = v * 10 + (unsigned)(s[(*i)++] - '0');
	if (*i == start || (*i < len && digit(s[*i])))
		return -1;
	*out = v;
	return 0;
}

/* An enhanced status code "class.subject.detail" ending the text or
 * followed by a space; its class must agree with the reply code's. */
static bool enhanced_status(const char *s, size_t len, unsigned code, unsigned st[3])
{
	size_t i = 0;
	if (len < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || (unsigned)(s[0] - '0') != code / 100 ||
	    s[1] != '.')
		return false;
	st[0] = (unsigned)(s[0] - '0');
	i = 2;
	if (status_number(s, len, &i, &st[1]) != 0 || i >= len || s[i] != '.')
		return false;
	i++;
	if (status_number(s, len, &i, &st[2]) != 0)
		return false;
	return i == len || s[i] == ' ';
}

int gx_smtp_reply_line(const char *line, size_t len, unsigned *code, bool *last, unsigned status[3],
		       bool *has_status)
{
	if (len < 3 || !digit(line[0]) || !digit(line[1]) || !digit(line[2]) || line[0] < '2' || line[0] > '5' ||
	    line[1] > '5')
		return -1;
	if (len > 3 && line[3] != ' ' && line[3] != '-')
		return -1;
	for (size_t i = 0; i < len; i++)
		if (line[i] == '\r' || line[i] == '\n' || line[i] == '\0')
			return -1;
	*code = (unsigned)(line[0] - '0') * 100 + (unsigned)(line[1] - '0') * 10 + (unsigned)(line[2] - '0');
	*last = len == 3 || line[3] == ' ';
	*has_status = len > 4 && enhanced_status(line + 4, len - 4, *code, status);
	return 0;
}

static void end_line(struct gx_smtp_reader *r)
{
	unsigned code, st[3];
	bool last, has;
	size_t n = r->len;
	if (n > 0 && r->line[n - 1] == '\r')
		n--;
	if (r->code >= 400) {
		/* an error was heard: it is what the send came to */
	} else if (r->overlong || gx_smtp_reply_line(r->line, n, &code, &last, st, &has) != 0 ||
	    (r->pending != 0 && code != r->pending)) {
		/* not SMTP: whatever it answered is unknown */
		r->malformed = true;
		r->reply_phase = r->phase;
		r->code = 0;
		r->has_status = false;
		r->pending = 0;
	} else if (!last) {
		r->pending = code;
	} else {
		r->pending = 0;
		r->malformed = false;
		r->reply_phase = r->phase;
		r->code = code;
		r->has_status = has;
		if (has)
			memcpy(r->status, st, sizeof(st));
	}
	r->len = 0;
	r->overlong = false;
}

void gx_smtp_reader_feed(struct gx_smtp_reader *r, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n') {
			end_line(r);
		} else if (r->len < sizeof(r->line)) {
			r->line[r->len++] = data[i];
		} else {
			r->overlong = true;
		}
	}
}

static bool verb_is(const char *data, size_t len, const char *verb)
{
	size_t n = strlen(verb);
	if (len < n || (len > n && data[n] != ' ' && data[n] != '\r' && data[n] != '\n'))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((data[i] & ~0x20) != verb[i])
			return false;
	return true;
}

void gx_smtp_reader_command(struct gx_smtp_reader *r, const char *data, size_t len)
{
	static const struct {
		const char *verb;
		enum gx_smtp_phase phase;
	} verbs[] = {
		{"EHLO", GX_SMTP_HELLO}, {"HELO", GX_SMTP_HELLO}, {"STARTTLS", GX_SMTP_STARTTLS},
		{"AUTH", GX_SMTP_AUTH}, {"MAIL", GX_SMTP_MAIL}, {"RCPT", GX_SMTP_RCPT},
		{"DATA", GX_SMTP_DATA}, {"QUIT", GX_SMTP_QUIT},
	};
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (verb_is(data, len, verbs[i].verb)) {
			r->phase = verbs[i].phase;
			return;
		}
	/* SASL responses after AUTH are base64 lines, still the login */
	if (r->phase != GX_SMTP_AUTH)
		r->phase = GX_SMTP_OTHER;
}
