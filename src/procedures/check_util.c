/** Shared pieces of a definition check: the JSON Pointer, the first error,
 *  member lists, fr/de/en texts, identifiers and date bounds. */

#include "procedures/check_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/calendar.h"

static const char *const langs[] = {"fr", "de", "en", NULL};

size_t gx_pc_push(struct gx_pc *c, const char *seg)
{
	size_t mark = c->len;
	char buf[sizeof(c->ptr)];
	size_t n = 0;
	if (c->cut)
		return mark;
	buf[n++] = '/';
	for (const char *s = seg; *s != '\0'; s++) {
		const char *esc = *s == '~' ? "~0" : *s == '/' ? "~1" : NULL;
		size_t need = esc != NULL ? 2 : 1;
		if (c->len + n + need >= sizeof(c->ptr)) {
			c->cut = true;
			return mark;
		}
		if (esc != NULL) {
			memcpy(buf + n, esc, 2);
		} else {
			buf[n] = *s;
		}
		n += need;
	}
	if (c->len + n >= sizeof(c->ptr)) {
		c->cut = true;
		return mark;
	}
	memcpy(c->ptr + c->len, buf, n);
	c->len += n;
	c->ptr[c->len] = '\0';
	return mark;
}

size_t gx_pc_push_index(struct gx_pc *c, size_t i)
{
	char seg[24];
	snprintf(seg, sizeof(seg), "%zu", i);
	return gx_pc_push(c, seg);
}

void gx_pc_pop(struct gx_pc *c, size_t len)
{
	if (len > c->len)
		return;
	c->len = len;
	c->ptr[len] = '\0';
	c->cut = false;
}

static int vfail(struct gx_pc *c, const char *member, const char *fmt, va_list ap)
{
	if (c->failed)
		return -1;
	c->failed = true;
	if (c->errlen == 0)
		return -1;
	size_t mark = member != NULL ? gx_pc_push(c, member) : c->len;
	int n = snprintf(c->err, c->errlen, "%s: ", c->ptr);
	if (member != NULL)
		gx_pc_pop(c, mark);
	if (n >= 0 && (size_t)n < c->errlen)
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	return -1;
}

int gx_pc_fail(struct gx_pc *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(c, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int gx_pc_fail_at(struct gx_pc *c, const char *member, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(c, member, fmt, ap);
	va_end(ap);
	return -1;
}

bool gx_pc_in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

int gx_pc_only_members(struct gx_pc *c, json_t *o, const char *const *allowed)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		if (!gx_pc_in_list(k, allowed))
			return gx_pc_fail_at(c, k, "unknown member");
	}
	return 0;
}

int gx_pc_texts(struct gx_pc *c, json_t *o, const char *member, bool required)
{
	json_t *t = json_object_get(o, member);
	if (t == NULL) {
		if (required)
			return gx_pc_fail_at(c, member, "missing: expected texts in fr, de and en");
		return 0;
	}
	size_t mark = gx_pc_push(c, member);
	if (!json_is_object(t)) {
		gx_pc_fail(c, "expected an object with fr, de and en texts");
		goto out;
	}
	if (gx_pc_only_members(c, t, (const char *const[]){"fr", "de", "en", "lb", NULL}) != 0)
		goto out;
	if (json_object_get(t, "lb") != NULL && (!json_is_string(json_object_get(t, "lb")) ||
						 json_string_length(json_object_get(t, "lb")) == 0)) {
		gx_pc_fail_at(c, "lb", "expected a text in Luxembourgish, or no lb at all");
		goto out;
	}
	for (size_t i = 0; langs[i] != NULL; i++) {
		json_t *s = json_object_get(t, langs[i]);
		if (!json_is_string(s)) {
			gx_pc_fail_at(c, langs[i], "expected a text in this language");
			goto out;
		}
		if (json_string_length(s) == 0) {
			gx_pc_fail_at(c, langs[i], "empty text");
			goto out;
		}
	}
out:
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}

int gx_pc_strings_bounded(struct gx_pc *c, json_t *v)
{
	if (json_is_string(v)) {
		if (json_string_length(v) > GX_PROCEDURE_TEXT_MAX)
			return gx_pc_fail(c, "text longer than %d bytes", GX_PROCEDURE_TEXT_MAX);
		if (strlen(json_string_value(v)) != json_string_length(v))
			return gx_pc_fail(c, "text contains a NUL character");
		return 0;
	}
	if (json_is_object(v)) {
		const char *k;
		json_t *m;
		json_object_foreach(v, k, m) {
			if (strlen(k) > GX_PROCEDURE_ID_MAX)
				return gx_pc_fail(c, "member name longer than %d bytes", GX_PROCEDURE_ID_MAX);
			size_t mark = gx_pc_push(c, k);
			int rc = gx_pc_strings_bounded(c, m);
			gx_pc_pop(c, mark);
			if (rc != 0)
				return -1;
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			size_t mark = gx_pc_push_index(c, i);
			int rc = gx_pc_strings_bounded(c, json_array_get(v, i));
			gx_pc_pop(c, mark);
			if (rc != 0)
				return -1;
		}
	}
	return 0;
}

bool gx_pc_field_id_ok(const char *s)
{
	size_t n = 0;
	if (s == NULL || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (; s[n] != '\0'; n++) {
		char ch = s[n];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
			return false;
	}
	return n <= GX_PROCEDURE_ID_MAX;
}

bool gx_pc_procedure_id_ok(const char *s)
{
	size_t n = 0;
	if (s == NULL)
		return false;
	for (; s[n] != '\0'; n++) {
		char ch = s[n];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
			return false;
	}
	return n >= 3 && n <= GX_PROCEDURE_ID_MAX;
}

static bool digits(const char *s, size_t n, long *out)
{
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return n > 0;
}

bool gx_pc_date_bound(const char *s, bool *relative, long *value)
{
	size_t n = strlen(s);
	long y, m, d;
	if (strncmp(s, "today", 5) == 0) {
		*relative = true;
		*value = 0;
		if (n == 5)
			return true;
		/* today±N[ymd], N up to 4 digits */
		if ((s[5] != '+' && s[5] != '-') || n < 8 || n > 11)
			return false;
		long k;
		char unit = s[n - 1];
		if (!digits(s + 6, n - 7, &k))
			return false;
		if (unit == 'y')
			k *= 365;
		else if (unit == 'm')
			k *= 30;
		else if (unit != 'd')
			return false;
		*value = s[5] == '-' ? -k : k;
		return true;
	}
	*relative = false;
	if (n != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
	    !digits(s + 8, 2, &d))
		return false;
	if (y < 1 || !gx_cal_date_valid((int)y, (int)m, (int)d))
		return false;
	*value = gx_cal_days_from_civil((int)y, (int)m, (int)d);
	return true;
}
