#include "backoffice/inbox_query.h"

#include <stdio.h>
#include <string.h>

#include "http/query.h"
#include "util/calendar.h"
#include "util/local_time.h"
#include "util/national_id.h"

/* Reads parameter name into buf: 1 when given (non-empty), 0 when absent or
 * empty, -1 when badly encoded or too long. */
static int param(const char *q, size_t len, const char *name, char *buf, size_t size)
{
	long n = gx_query_get(q, len, name, buf, size);
	if (n < -1)
		return -1;
	return n > 0 ? 1 : 0;
}

/* An id or status: [a-z0-9_-], 1 to 64 bytes. */
static bool word(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* A reference as typed ("2026-gx-000123" too): upper-cased in place;
 * false unless letters, digits and '-'. */
static bool reference(char *s)
{
	for (char *c = s; *c != '\0'; c++) {
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-'))
			return false;
	}
	return true;
}

/* A day YYYY-MM-DD: the instant of its Luxembourg midnight (day_after: of the next day). */
static bool day(const char *s, bool day_after, long long *out)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || !gx_cal_date_valid(y, m, d))
		return false;
	long long days = gx_cal_days_from_civil(y, m, d) + (day_after ? 1 : 0);
	*out = gx_local_midnight_us(days);
	return true;
}

const char *gx_inbox_filter_parse(const char *query, size_t len, const char *org, const char *me,
				  struct gx_inbox_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->q.org = org;
	int got;
	if ((got = param(query, len, "procedure", f->procedure, sizeof(f->procedure))) < 0 ||
	    (got > 0 && !word(f->procedure)))
		return "procedure";
	f->q.procedure = got > 0 ? f->procedure : NULL;
	if ((got = param(query, len, "status", f->status, sizeof(f->status))) < 0 || (got > 0 && !word(f->status)))
		return "status";
	f->q.status = got > 0 ? f->status : NULL;
	if ((got = param(query, len, "turn", f->turn, sizeof(f->turn))) < 0 ||
	    (got > 0 && strcmp(f->turn, "organisation") != 0 && strcmp(f->turn, "person") != 0))
		return "turn";
	f->q.turn = got > 0 ? f->turn : NULL;
	if ((got = param(query, len, "assignee", f->assignee, sizeof(f->assignee))) < 0)
		return "assignee";
	if (got > 0) {
		if (strcmp(f->assignee, "none") == 0) {
			snprintf(f->assignee, sizeof(f->assignee), "-");
		} else if (strcmp(f->assignee, "me") == 0) {
			if (me == NULL)
				return "assignee";
			snprintf(f->assignee, sizeof(f->assignee), "%s", me);
			f->mine = true;
		} else if (!gx_national_id_valid(f->assignee)) {
			return "assignee";
		}
		f->q.assignee = f->assignee;
	}
	if ((got = param(query, len, "reference", f->reference, sizeof(f->reference))) < 0 ||
	    (got > 0 && !reference(f->reference)))
		return "reference";
	f->q.reference = got > 0 ? f->reference : NULL;
	if ((got = param(query, len, "from", f->from, sizeof(f->from))) < 0 ||
	    (got > 0 && !day(f->from, false, &f->q.from_us)))
		return "from";
	if ((got = param(query, len, "to", f->to, sizeof(f->to))) < 0 || (got > 0 && !day(f->to, true, &f->q.to_us)))
		return "to";
	if ((got = param(query, len, "after", f->after, sizeof(f->after))) < 0 ||
	    (got > 0 && gx_inbox_cursor_parse(f->after, &f->q) != 0))
		return "after";
	return NULL;
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

void gx_inbox_next_href(const struct gx_inbox_filter *f, const char *base, const struct gx_case *last, char *out,
			size_t outlen)
{
	snprintf(out, outlen, "%s", base);
	add(out, outlen, "procedure", f->q.procedure);
	add(out, outlen, "status", f->q.status);
	add(out, outlen, "turn", f->q.turn);
	add(out, outlen, "assignee", f->mine ? "me" : f->q.assignee != NULL && strcmp(f->q.assignee, "-") == 0
						   ? "none"
						   : f->q.assignee);
	add(out, outlen, "reference", f->q.reference);
	add(out, outlen, "from", f->from);
	add(out, outlen, "to", f->to);
	char cursor[48];
	gx_inbox_cursor(last, cursor, sizeof(cursor));
	add(out, outlen, "after", cursor);
}
