/** Template sets: compiled templates by name, built from strings or a folder. */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tmpl/tmpl_int.h"

#define MAX_TEMPLATES 10000
#define MAX_DIR_DEPTH 16
#define EXT ".mustache"

/** Templates kept sorted by name for binary search. */
struct gx_tmpl_set {
	struct gx_tmpl **v;
	size_t n, cap;
};

struct gx_tmpl_set *gx_tmpl_set_new(void)
{
	return calloc(1, sizeof(struct gx_tmpl_set));
}

static void tmpl_free(struct gx_tmpl *t)
{
	if (t == NULL)
		return;
	gx_tmpl_list_free(&t->root);
	for (size_t i = 0; i < t->nowned; i++)
		free(t->owned[i]);
	free(t->owned);
	free(t->name);
	free(t->file);
	free(t->src);
	free(t);
}

void gx_tmpl_set_free(struct gx_tmpl_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n; i++)
		tmpl_free(set->v[i]);
	free(set->v);
	free(set);
}

static int cmp_name(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	int c = memcmp(a, b, alen < blen ? alen : blen);
	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/** Index of name, or of where it would go (with *found false). */
static size_t search(const struct gx_tmpl_set *set, const char *name, size_t len, bool *found)
{
	size_t lo = 0, hi = set->n;
	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_name(name, len, set->v[mid]->name);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

const struct gx_tmpl *gx_tmpl_set_find(const struct gx_tmpl_set *set, const char *name, size_t len)
{
	bool found;
	size_t i = search(set, name, len, &found);
	return found ? set->v[i] : NULL;
}

int gx_tmpl_set_has(const struct gx_tmpl_set *set, const char *name)
{
	return gx_tmpl_set_find(set, name, strlen(name)) != NULL;
}

/** Compiles src as name, reporting errors against file. */
static int add(struct gx_tmpl_set *set, const char *name, const char *file, const char *src,
	       size_t len, struct gx_tmpl_error *err)
{
	struct gx_tmpl *t = NULL;
	bool found;
	size_t nlen = strlen(name);
	if (nlen == 0 || nlen > 255)
		return gx_tmpl_fail(err, file, 0, "template name empty or longer than 255 bytes");
	if (len > GX_TMPL_MAX_SOURCE)
		return gx_tmpl_fail(err, file, 0, "template larger than %u bytes", GX_TMPL_MAX_SOURCE);
	size_t at = search(set, name, nlen, &found);
	if (found)
		return gx_tmpl_fail(err, file, 0, "a template named '%s' is already loaded", name);
	if (set->n >= MAX_TEMPLATES)
		return gx_tmpl_fail(err, file, 0, "more than %d templates", MAX_TEMPLATES);
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		goto oom;
	t->name = strdup(name);
	t->file = strdup(file);
	t->src = malloc(len + 1);
	if (t->name == NULL || t->file == NULL || t->src == NULL)
		goto oom;
	if (len > 0)
		memcpy(t->src, src, len);
	t->src[len] = '\0';
	t->len = len;
	if (gx_tmpl_parse(t->file, t->src, len, &t->root, err) != 0 ||
	    gx_tmpl_html_pass(t->file, &t->root, err) != 0)
		goto fail;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct gx_tmpl **v = realloc(set->v, cap * sizeof(*v));
		if (v == NULL)
			goto oom;
		set->v = v;
		set->cap = cap;
	}
	memmove(set->v + at + 1, set->v + at, (set->n - at) * sizeof(*set->v));
	set->v[at] = t;
	set->n++;
	return 0;
oom:
	gx_tmpl_fail(err, file, 0, "out of memory");
fail:
	tmpl_free(t);
	return -1;
}

int gx_tmpl_set_add(struct gx_tmpl_set *set, const char *name, const char *src, size_t len,
		    struct gx_tmpl_error *err)
{
	return add(set, name, name, src, len, err);
}

static int check_list(const struct gx_tmpl_set *set, const struct gx_tmpl *t,
		      const struct gx_tmpl_list *l, struct gx_tmpl_error *err)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct gx_tmpl_node *n = &l->v[i];
		if (n->kind == GX_TN_PARTIAL && gx_tmpl_set_find(set, n->s, n->len) == NULL)
			return gx_tmpl_fail(err, t->file, n->line, "unknown partial {{>%.*s}}",
					    (int)(n->len > 80 ? 80 : n->len), n->s);
		if (check_list(set, t, &n->body, err) != 0)
			return -1;
	}
	return 0;
}

int gx_tmpl_set_check(const struct gx_tmpl_set *set, struct gx_tmpl_error *err)
{
	for (size_t i = 0; i < set->n; i++)
		if (check_list(set, set->v[i], &set->v[i]->root, err) != 0)
			return -1;
	return 0;
}

static int load_file(struct gx_tmpl_set *set, const char *path, const char *name,
		     struct gx_tmpl_error *err)
{
	int rc = -1;
	char *src = NULL;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return gx_tmpl_fail(err, path, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		gx_tmpl_fail(err, path, 0, "not a regular file");
		goto done;
	}
	if ((unsigned long long)st.st_size > GX_TMPL_MAX_SOURCE) {
		gx_tmpl_fail(err, path, 0, "template larger than %u bytes", GX_TMPL_MAX_SOURCE);
		goto done;
	}
	size_t len = (size_t)st.st_size;
	src = malloc(len + 1);
	if (src == NULL) {
		gx_tmpl_fail(err, path, 0, "out of memory");
		goto done;
	}
	if (len > 0 && fread(src, 1, len, f) != len) {
		gx_tmpl_fail(err, path, 0, "read error");
		goto done;
	}
	rc = add(set, name, path, src, len, err);
done:
	free(src);
	fclose(f);
	return rc;
}

/** Walks dir; prefix is the template-name prefix ("" or "a/b/"). */
static int load_tree(struct gx_tmpl_set *set, const char *dir, const char *prefix, int depth,
		     struct gx_tmpl_error *err)
{
	if (depth > MAX_DIR_DEPTH)
		return gx_tmpl_fail(err, dir, 0, "folders nested deeper than %d", MAX_DIR_DEPTH);
	DIR *d = opendir(dir);
	if (d == NULL)
		return gx_tmpl_fail(err, dir, 0, "cannot open folder: %s", strerror(errno));
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096], name[512];
		size_t elen = strlen(e->d_name);
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path)) {
			rc = gx_tmpl_fail(err, dir, 0, "path too long");
			break;
		}
		struct stat st;
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (snprintf(name, sizeof(name), "%s%s/", prefix, e->d_name) >= (int)sizeof(name))
				rc = gx_tmpl_fail(err, path, 0, "name too long");
			else
				rc = load_tree(set, path, name, depth + 1, err);
			continue;
		}
		size_t xlen = sizeof(EXT) - 1;
		if (!S_ISREG(st.st_mode) || elen <= xlen || strcmp(e->d_name + elen - xlen, EXT) != 0)
			continue;
		if (snprintf(name, sizeof(name), "%s%.*s", prefix, (int)(elen - xlen), e->d_name) >=
		    (int)sizeof(name)) {
			rc = gx_tmpl_fail(err, path, 0, "name too long");
			break;
		}
		rc = load_file(set, path, name, err);
	}
	closedir(d);
	return rc;
}

int gx_tmpl_set_load_dir(struct gx_tmpl_set *set, const char *dir, struct gx_tmpl_error *err)
{
	if (load_tree(set, dir, "", 0, err) != 0)
		return -1;
	return gx_tmpl_set_check(set, err);
}

int gx_tmpl_set_fold(struct gx_tmpl_set *set, const char *name, const json_t *values, struct gx_tmpl_error *err)
{
	for (size_t i = 0; i < set->n; i++)
		if (gx_tmpl_fold(set->v[i], name, values) != 0)
			return gx_tmpl_fail(err, set->v[i]->file, 0, "out of memory");
	return 0;
}
