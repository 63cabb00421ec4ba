#include "portal/access_log_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/query.h"
#include "util/calendar.h"
#include "util/local_time.h"

/* Reads parameter name into buf: 1 when given (non-empty), 0 when absent or
 * empty, -1 when badly encoded or too long. */
static int param(const char *q, size_t len, const char *name, char *buf, size_t size)
{
	long n = gx_query_get(q, len, name, buf, size);
	if (n < -1)
		return -1;
	return n > 0 ? 1 : 0;
}

/* A register or organisation id: [a-z0-9_-], 1 to 64 bytes. */
static bool word(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* A day YYYY-MM-DD: the instant of its Luxembourg midnight (day_after: of the next day). */
static bool day(const char *s, bool day_after, long long *out)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    y < 1970 || !gx_cal_date_valid(y, m, d))
		return false;
	long long days = gx_cal_days_from_civil(y, m, d) + (day_after ? 1 : 0);
	*out = gx_local_midnight_us(days);
	return true;
}

/* A decimal of 1 to 18 digits. */
static bool number(const char *s, size_t n, long long *out)
{
	if (n == 0 || n > 18 || strspn(s, "0123456789") < n)
		return false;
	char buf[20];
	memcpy(buf, s, n);
	buf[n] = '\0';
	*out = strtoll(buf, NULL, 10);
	return true;
}

static bool cursor(const char *s, struct gx_access_log_filter *f)
{
	const char *dot = strchr(s, '.');
	long long at, id;
	if (dot == NULL || !number(s, (size_t)(dot - s), &at) || !number(dot + 1, strlen(dot + 1), &id) || id <= 0)
		return false;
	f->before_at_us = at;
	f->before_id = id;
	return true;
}

const char *gx_access_log_query_parse(const char *query, size_t len, struct gx_access_log_query_text *q)
{
	memset(q, 0, sizeof(*q));
	struct gx_access_log_filter *f = &q->f;
	int got;
	if ((got = param(query, len, "register", q->reg, sizeof(q->reg))) < 0 || (got > 0 && !word(q->reg)))
		return "register";
	f->source = got > 0 ? q->reg : NULL;
	if ((got = param(query, len, "organisation", q->org, sizeof(q->org))) < 0 || (got > 0 && !word(q->org)))
		return "organisation";
	f->actor_id = got > 0 ? q->org : NULL;
	if ((got = param(query, len, "from", q->from, sizeof(q->from))) < 0 ||
	    (got > 0 && !day(q->from, false, &f->from_us)))
		return "from";
	if ((got = param(query, len, "to", q->to, sizeof(q->to))) < 0 || (got > 0 && !day(q->to, true, &f->to_us)))
		return "to";
	if (f->from_us > 0 && f->to_us > 0 && f->to_us <= f->from_us)
		return "to";
	if ((got = param(query, len, "after", q->after, sizeof(q->after))) < 0 || (got > 0 && !cursor(q->after, f)))
		return "after";
	char limit[8];
	long long n;
	if ((got = param(query, len, "limit", limit, sizeof(limit))) < 0 ||
	    (got > 0 && (!number(limit, strlen(limit), &n) || n < 1 || n > GX_ACCESS_LOG_PAGE_MAX)))
		return "limit";
	f->limit = got > 0 ? (size_t)n : 0;
	return NULL;
}

void gx_access_log_cursor(long long at_us, long long id, char *out, size_t outlen)
{
	snprintf(out, outlen, "%lld.%lld", at_us, id);
}

/* Appends "&name=value" (encoded) to out when value is set. */
static void add(char *out, size_t outlen, const char *name, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	char enc[200];
	if (gx_query_encode(value, strlen(value), enc, sizeof(enc)) < 0)
		return;
	size_t n = strlen(out);
	snprintf(out + n, outlen - n, "%s%s=%s", strchr(out, '?') != NULL ? "&" : "?", name, enc);
}

void gx_access_log_href(const struct gx_access_log_query_text *q, const char *base, const char *cursor_text,
			char *out, size_t outlen)
{
	snprintf(out, outlen, "%s", base);
	add(out, outlen, "register", q->f.source);
	add(out, outlen, "organisation", q->f.actor_id);
	add(out, outlen, "from", q->from);
	add(out, outlen, "to", q->to);
	add(out, outlen, "after", cursor_text);
}
