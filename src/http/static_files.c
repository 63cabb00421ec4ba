#include "http/static_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define HASH_BYTES (GX_STATIC_HASH_HEX / 2)

struct gx_static {
	struct gx_static_file *files;           /* sorted by name */
	const struct gx_static_file **by_hash;  /* sorted by hashed name */
	size_t count, cap, total;
};

/** The state of one load: where we are in the tree and where errors go. */
struct walk {
	struct gx_static *s;
	const char *root;
	char path[GX_STATIC_MAX_NAME + 1];  /* the relative name being visited */
	char *err;
	size_t errlen;
};

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{"css", "text/css; charset=utf-8"},
	{"js", "text/javascript; charset=utf-8"},
	{"svg", "image/svg+xml"},
	{"png", "image/png"},
	{"woff2", "font/woff2"},
	{"ico", "image/vnd.microsoft.icon"},
	{"txt", "text/plain; charset=utf-8"},
	{"json", "application/json"},
};

const char *gx_static_content_type(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base != NULL ? base + 1 : name;
	const char *dot = strrchr(base, '.');
	if (dot != NULL && dot != base) {
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	}
	return "application/octet-stream";
}

static int fail(struct walk *w, const char *what)
{
	snprintf(w->err, w->errlen, "%s/%s: %s", w->root, w->path, what);
	return -1;
}

/** A directory entry's name: the characters a URL and an HTML attribute
 *  carry unescaped, and never "..". */
static bool name_ok(const char *name)
{
	if (strstr(name, "..") != NULL)
		return false;
	for (const char *p = name; *p != '\0'; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
			  c == '-' || c == '_';
		if (!ok)
			return false;
	}
	return true;
}

static char *concat3(const char *a, size_t alen, const char *b, size_t blen, const char *c, size_t clen)
{
	char *out = malloc(alen + blen + clen + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, a, alen);
	memcpy(out + alen, b, blen);
	memcpy(out + alen + blen, c, clen);
	out[alen + blen + clen] = '\0';
	return out;
}

/** Fills in the URL ("/static/" + the name with ".<hash>" before its
 *  extension) and the ETag from the hex digest. */
static int name_file(struct gx_static_file *f, const char *hex)
{
	const char *name = f->name;
	size_t nlen = strlen(name);
	const char *base = strrchr(name, '/');
	base = base != NULL ? base + 1 : name;
	const char *dot = strrchr(base, '.');
	size_t stem = dot != NULL && dot != base ? (size_t)(dot - name) : nlen;

	char tag[GX_STATIC_HASH_HEX + 2];
	tag[0] = '.';
	memcpy(tag + 1, hex, GX_STATIC_HASH_HEX);
	tag[GX_STATIC_HASH_HEX + 1] = '\0';
	size_t plen = strlen(GX_STATIC_URL_PREFIX);
	char *head = concat3(GX_STATIC_URL_PREFIX, plen, name, stem, tag, GX_STATIC_HASH_HEX + 1);
	char *url = head != NULL ? concat3(head, strlen(head), name + stem, nlen - stem, "", 0) : NULL;
	free(head);
	char *etag = concat3("\"", 1, hex, GX_STATIC_HASH_HEX, "\"", 1);
	if (url == NULL || etag == NULL) {
		free(url);
		free(etag);
		return -1;
	}
	f->url = url;
	f->hashed_name = url + plen;
	f->hashed_len = strlen(f->hashed_name);
	f->etag = etag;
	return 0;
}

/** Reads the whole of fd, which fstat said holds size bytes; a file that
 *  grows or shrinks meanwhile is an error. */
static int read_all(int fd, char *buf, size_t size)
{
	size_t got = 0;
	for (;;) {
		char extra;
		char *dst = got < size ? buf + got : &extra;
		ssize_t n = read(fd, dst, got < size ? size - got : 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return got == size ? 0 : -1;
		got += (size_t)n;
		if (got > size)
			return -1;
	}
}

static int add_file(struct walk *w, int dfd, const char *entry)
{
	struct gx_static *s = w->s;
	int rc = -1;
	char *data = NULL, *name = NULL;
	int fd = openat(dfd, entry, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail(w, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		fail(w, "not a regular file");
		goto cleanup;
	}
	if (st.st_size < 0 || (unsigned long long)st.st_size > GX_STATIC_MAX_FILE_BYTES) {
		fail(w, "larger than 4 MiB");
		goto cleanup;
	}
	size_t size = (size_t)st.st_size;
	if (s->count >= GX_STATIC_MAX_FILES) {
		fail(w, "more than 1000 files");
		goto cleanup;
	}
	if (size > GX_STATIC_MAX_TOTAL_BYTES - s->total) {
		fail(w, "the files add up to more than 64 MiB");
		goto cleanup;
	}
	if (s->count == s->cap) {
		size_t cap = s->cap == 0 ? 16 : s->cap * 2;
		struct gx_static_file *grown = realloc(s->files, cap * sizeof(*grown));
		if (grown == NULL) {
			fail(w, "out of memory");
			goto cleanup;
		}
		s->files = grown;
		s->cap = cap;
	}
	data = malloc(size > 0 ? size : 1);
	name = strdup(w->path);
	if (data == NULL || name == NULL) {
		fail(w, "out of memory");
		goto cleanup;
	}
	errno = 0;
	if (read_all(fd, data, size) != 0) {
		fail(w, errno != 0 ? strerror(errno) : "changed while being read");
		goto cleanup;
	}
	unsigned char digest[HASH_BYTES];
	char hex[GX_STATIC_HASH_HEX + 1];
	crypto_generichash(digest, sizeof(digest), (const unsigned char *)data, size, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));

	struct gx_static_file *f = &s->files[s->count];
	*f = (struct gx_static_file){.name = name, .content_type = gx_static_content_type(name), .data = data,
				     .len = size};
	if (name_file(f, hex) != 0) {
		fail(w, "out of memory");
		goto cleanup;
	}
	s->count++;
	s->total += size;
	data = name = NULL;
	rc = 0;
cleanup:
	free(data);
	free(name);
	close(fd);
	return rc;
}

/** Visits the directory open at dfd (taken), whose relative name is the
 *  first plen bytes of w->path. */
static int walk_dir(struct walk *w, int dfd, size_t plen, unsigned depth)
{
	DIR *d = fdopendir(dfd);
	if (d == NULL) {
		close(dfd);
		return fail(w, strerror(errno));
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (errno = 0, e = readdir(d)) != NULL) {
		const char *entry = e->d_name;
		if (entry[0] == '.')
			continue;
		size_t elen = strlen(entry);
		size_t sep = plen > 0 ? 1 : 0;
		if (plen + sep + elen > GX_STATIC_MAX_NAME) {
			w->path[plen] = '\0';
			rc = fail(w, "a name in this folder is too long");
			break;
		}
		if (sep)
			w->path[plen] = '/';
		memcpy(w->path + plen + sep, entry, elen + 1);
		if (!name_ok(entry)) {
			rc = fail(w, "refused name: only letters, digits, '.', '-' and '_', and no \"..\"");
			break;
		}
		struct stat st;
		if (fstatat(dirfd(d), entry, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			rc = fail(w, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			if (depth + 1 > GX_STATIC_MAX_DEPTH) {
				rc = fail(w, "folders nested too deep");
				break;
			}
			int sub = openat(dirfd(d), entry, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			rc = sub < 0 ? fail(w, strerror(errno)) : walk_dir(w, sub, plen + sep + elen, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			rc = add_file(w, dirfd(d), entry);
		}
	}
	if (rc == 0 && errno != 0) {
		w->path[plen] = '\0';
		rc = fail(w, strerror(errno));
	}
	closedir(d);
	return rc;
}

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c != 0 ? c : (alen > blen) - (alen < blen);
}

static int cmp_by_name(const void *a, const void *b)
{
	return strcmp(((const struct gx_static_file *)a)->name, ((const struct gx_static_file *)b)->name);
}

static int cmp_by_hash(const void *a, const void *b)
{
	const struct gx_static_file *x = *(const struct gx_static_file *const *)a;
	const struct gx_static_file *y = *(const struct gx_static_file *const *)b;
	return cmp_bytes(x->hashed_name, x->hashed_len, y->hashed_name, y->hashed_len);
}

/** Sorts both indexes. Hashed names are as unique as names: the digest is
 *  inserted before the last dot of the last segment, or appended when that
 *  segment has none, so a hashed name gives back its name. */
static int index_files(struct gx_static *s, char *err, size_t errlen)
{
	if (s->count == 0)
		return 0;
	qsort(s->files, s->count, sizeof(s->files[0]), cmp_by_name);
	s->by_hash = malloc(s->count * sizeof(s->by_hash[0]));
	if (s->by_hash == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < s->count; i++)
		s->by_hash[i] = &s->files[i];
	qsort(s->by_hash, s->count, sizeof(s->by_hash[0]), cmp_by_hash);
	return 0;
}

int gx_static_load(const char *dir, struct gx_static **out, char *err, size_t errlen)
{
	*out = NULL;
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return -1;
	}
	struct gx_static *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct walk w = {.s = s, .root = dir, .err = err, .errlen = errlen};
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		goto fail;
	}
	if (walk_dir(&w, fd, 0, 0) != 0 || index_files(s, err, errlen) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	gx_static_free(s);
	return -1;
}

void gx_static_free(struct gx_static *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->count; i++) {
		free((char *)s->files[i].name);
		free((char *)s->files[i].url);
		free((char *)s->files[i].etag);
		free((char *)s->files[i].data);
	}
	free(s->files);
	free(s->by_hash);
	free(s);
}

size_t gx_static_count(const struct gx_static *s)
{
	return s != NULL ? s->count : 0;
}

const char *gx_static_url(const struct gx_static *s, const char *name)
{
	if (s == NULL || name == NULL || s->count == 0)
		return NULL;
	struct gx_static_file key = {.name = name};
	const struct gx_static_file *f = bsearch(&key, s->files, s->count, sizeof(s->files[0]), cmp_by_name);
	return f != NULL ? f->url : NULL;
}

const struct gx_static_file *gx_static_find(const struct gx_static *s, const char *hashed_name, size_t len)
{
	if (s == NULL || hashed_name == NULL || s->count == 0 || len == 0 || len > GX_STATIC_MAX_NAME + 64)
		return NULL;
	struct gx_static_file key = {.hashed_name = hashed_name, .hashed_len = len};
	const struct gx_static_file *pkey = &key;
	const struct gx_static_file *const *hit =
		bsearch(&pkey, s->by_hash, s->count, sizeof(s->by_hash[0]), cmp_by_hash);
	return hit != NULL ? *hit : NULL;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

bool gx_static_etag_matches(const struct gx_static_file *f, const char *h, size_t len)
{
	const char *tag = f->etag + 1;  /* without its quotes */
	size_t tlen = strlen(f->etag) - 2;
	size_t i = 0;
	while (i < len) {
		while (i < len && (is_ows(h[i]) || h[i] == ','))
			i++;
		if (i == len)
			break;
		if (h[i] == '*')
			return true;
		if (len - i >= 2 && h[i] == 'W' && h[i + 1] == '/')
			i += 2;
		if (i < len && h[i] == '"') {
			const char *open = h + i + 1;
			const char *close = memchr(open, '"', len - i - 1);
			if (close == NULL)
				return false;
			if ((size_t)(close - open) == tlen && memcmp(open, tag, tlen) == 0)
				return true;
			i = (size_t)(close - h) + 1;
		}
		while (i < len && h[i] != ',')
			i++;
	}
	return false;
}
