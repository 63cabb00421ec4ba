/** The template key check: every t.* key a Mustache template names exists
 *  in every language, so a missing translation stops the start, not a page. */

#include "i18n/i18n.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_TEMPLATE (4u << 20)
#define MAX_DIR_DEPTH 16
#define MAX_DELIM 16

struct check {
	const struct gx_i18n *i;
	char *err;
	size_t errlen;
	unsigned problems;  /* the first is described in err */
};

static void problem(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct check *c, const char *fmt, ...)
{
	if (c->problems++ == 0 && c->err != NULL && c->errlen > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/** The node at a dotted key (without the "t."), or NULL. */
static const json_t *lookup(const json_t *v, const char *key, size_t n)
{
	size_t i = 0;
	for (;;) {
		const char *dot = memchr(key + i, '.', n - i);
		size_t end = dot != NULL ? (size_t)(dot - key) : n;
		if (!json_is_object(v) || end == i)
			return NULL;
		v = json_object_getn(v, key + i, end - i);
		if (v == NULL || dot == NULL)
			return v;
		i = end + 1;
	}
}

static void check_key(struct check *c, const char *file, unsigned line, const char *name, size_t n, bool section)
{
	if (n > 256)
		n = 256;
	for (int l = 0; l < GX_LANG__COUNT; l++) {
		const json_t *v = lookup(gx_i18n_catalog(c->i, (enum gx_lang)l), name + 2, n - 2);
		if (v == NULL) {
			problem(c, "%s:%u: %.*s is missing in %s", file, line, (int)n, name, gx_lang_code((enum gx_lang)l));
			return;
		}
		if (!section && !json_is_string(v)) {
			problem(c, "%s:%u: %.*s is an object in %s, not a string", file, line, (int)n, name,
				gx_lang_code((enum gx_lang)l));
			return;
		}
	}
}

static unsigned count_lines(const char *s, size_t from, size_t to)
{
	unsigned n = 0;
	for (size_t k = from; k < to; k++)
		n += s[k] == '\n';
	return n;
}

static const char *find(const char *s, size_t len, size_t from, const char *needle, size_t nlen)
{
	if (from > len || nlen == 0)
		return NULL;
	return memmem(s + from, len - from, needle, nlen);
}

/** {{=<open> <close>=}}: content is what lies between the delimiters. */
static bool set_delims(const char *s, size_t n, char *open, size_t *olen, char *close, size_t *clen)
{
	if (n < 2 || s[n - 1] != '=')
		return false;
	s++;
	n -= 2;
	size_t i = 0;
	while (i < n && is_space(s[i]))
		i++;
	size_t a = i;
	while (i < n && !is_space(s[i]))
		i++;
	size_t alen = i - a;
	while (i < n && is_space(s[i]))
		i++;
	size_t b = i;
	while (i < n && !is_space(s[i]))
		i++;
	size_t blen = i - b;
	while (i < n && is_space(s[i]))
		i++;
	if (alen == 0 || blen == 0 || alen > MAX_DELIM || blen > MAX_DELIM || i != n)
		return false;
	memcpy(open, s + a, alen);
	*olen = alen;
	memcpy(close, s + b, blen);
	*clen = blen;
	return true;
}

static void scan(struct check *c, const char *file, const char *s, size_t len)
{
	char open[MAX_DELIM] = "{{", close[MAX_DELIM] = "}}";
	size_t olen = 2, clen = 2, pos = 0;
	unsigned line = 1;
	for (;;) {
		const char *o = find(s, len, pos, open, olen);
		if (o == NULL)
			return;
		size_t tag = (size_t)(o - s);
		line += count_lines(s, pos, tag);
		size_t p = tag + olen;
		bool triple = olen == 2 && clen == 2 && memcmp(open, "{{", 2) == 0 && memcmp(close, "}}", 2) == 0 &&
			      p < len && s[p] == '{';
		const char *cl = triple ? find(s, len, p, "}}}", 3) : find(s, len, p, close, clen);
		if (cl == NULL)
			return;  /* unterminated: the template compiler reports it */
		size_t cend = (size_t)(cl - s);
		const char *in = s + p;
		size_t n = cend - p;
		char type = 0;
		if (triple) {
			in++;
			n--;
			type = '&';
		} else if (n > 0 && strchr("#^/&>!=<$", in[0]) != NULL) {
			type = in[0];
			if (type == '=' && !set_delims(in, n, open, &olen, close, &clen))
				return;  /* malformed: the template compiler reports it */
			in++;
			n--;
		}
		unsigned tag_line = line;
		line += count_lines(s, tag, cend);
		pos = cend + (triple ? 3 : clen);
		if (type != 0 && type != '&' && type != '#' && type != '^')
			continue;
		while (n > 0 && is_space(in[0])) {
			in++;
			n--;
		}
		while (n > 0 && is_space(in[n - 1]))
			n--;
		if (n > 2 && in[0] == 't' && in[1] == '.')
			check_key(c, file, tag_line, in, n, type == '#' || type == '^');
	}
}

static void check_file(struct check *c, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	struct stat st;
	if (f == NULL) {
		problem(c, "%s: cannot be read", path);
		return;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size > MAX_TEMPLATE) {
		problem(c, "%s: not a regular file of at most %u bytes", path, MAX_TEMPLATE);
		goto cleanup;
	}
	size_t size = (size_t)st.st_size;
	buf = malloc(size + 1);
	if (buf == NULL || fread(buf, 1, size, f) != size) {
		problem(c, "%s: cannot be read", path);
		goto cleanup;
	}
	scan(c, path, buf, size);
cleanup:
	free(buf);
	fclose(f);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

static void walk(struct check *c, const char *dir, int depth)
{
	struct dirent **names = NULL;
	if (depth > MAX_DIR_DEPTH) {
		problem(c, "%s: directories nest deeper than %d", dir, MAX_DIR_DEPTH);
		return;
	}
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		problem(c, "%s: cannot list the directory", dir);
		return;
	}
	for (int k = 0; k < n; k++) {
		const char *name = names[k]->d_name;
		char path[4096];
		struct stat st;
		if (name[0] == '.')
			goto next;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
			problem(c, "%s/%s: path too long", dir, name);
			goto next;
		}
		if (stat(path, &st) != 0)
			goto next;
		if (S_ISDIR(st.st_mode))
			walk(c, path, depth + 1);
		else if (S_ISREG(st.st_mode) && ends_with(name, ".mustache"))
			check_file(c, path);
next:
		free(names[k]);
	}
	free(names);
}

int gx_i18n_check_templates(const struct gx_i18n *i, const char *templates_dir, char *err, size_t errlen)
{
	struct check c = {i, err, errlen, 0};
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (i == NULL || templates_dir == NULL)
		return -1;
	walk(&c, templates_dir, 0);
	if (c.problems == 0)
		return 0;
	if (c.problems > 1 && err != NULL && errlen > 0) {
		size_t used = strlen(err);
		snprintf(err + used, errlen - used, " (and %u more)", c.problems - 1);
	}
	return -1;
}
