#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/static_files.h"

static char dir[64];

static void put(const char *name, const char *content, size_t len)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put_str(const char *name, const char *content)
{
	put(name, content, strlen(content));
}

static void sub(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(mkdir(path, 0700), 0);
}

static struct gx_static *load_ok(void)
{
	struct gx_static *s = NULL;
	char err[512] = "";
	int rc = gx_static_load(dir, &s, err, sizeof(err));
	if (rc != 0)
		fail_msg("load failed: %s", err);
	assert_non_null(s);
	return s;
}

/* Loads and expects a failure whose message contains want. */
static void load_fails(const char *want)
{
	struct gx_static *s = (struct gx_static *)&s;
	char err[512] = "";
	assert_int_equal(gx_static_load(dir, &s, err, sizeof(err)), -1);
	assert_null(s);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" does not mention \"%s\"", err, want);
}

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/gx_static_XXXXXX");
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *hash_of(const char *url)
{
	const char *dot = strchr(url + strlen("/static/"), '.');
	assert_non_null(dot);
	return dot + 1;
}

static void test_hashed_url_shape(void **state)
{
	put_str("guichet.css", "body{color:red}");
	struct gx_static *s = load_ok();
	const char *url = gx_static_url(s, "guichet.css");
	assert_non_null(url);
	assert_int_equal(strlen(url), strlen("/static/guichet.") + GX_STATIC_HASH_HEX + strlen(".css"));
	assert_memory_equal(url, "/static/guichet.", strlen("/static/guichet."));
	assert_string_equal(url + strlen(url) - 4, ".css");
	for (size_t i = 0; i < GX_STATIC_HASH_HEX; i++)
		assert_non_null(strchr("0123456789abcdef", hash_of(url)[i]));
	assert_null(gx_static_url(s, "other.css"));
	assert_null(gx_static_url(s, "guichet"));
	gx_static_free(s);
}

static void test_hash_follows_content(void **state)
{
	put_str("guichet.css", "body{color:red}");
	struct gx_static *a = load_ok();
	struct gx_static *b = load_ok();
	char first[128];
	snprintf(first, sizeof(first), "%s", gx_static_url(a, "guichet.css"));
	assert_string_equal(first, gx_static_url(b, "guichet.css"));
	gx_static_free(a);
	gx_static_free(b);

	put_str("guichet.css", "body{color:blue}");
	struct gx_static *c = load_ok();
	assert_string_not_equal(first, gx_static_url(c, "guichet.css"));
	/* The old URL is stale: not found, nor is anything else close to it. */
	assert_null(gx_static_find(c, first + 8, strlen(first + 8)));
	gx_static_free(c);

	/* Same content under another name: same hash, different URL. */
	put_str("guichet.css", "body{color:red}");
	put_str("copy.css", "body{color:red}");
	struct gx_static *d = load_ok();
	const char *u1 = gx_static_url(d, "guichet.css"), *u2 = gx_static_url(d, "copy.css");
	assert_string_equal(first, u1);
	assert_string_equal(hash_of(u1), hash_of(u2));
	gx_static_free(d);
}

static void test_find_is_exact(void **state)
{
	put_str("guichet.css", "body{}");
	put_str("app.js", "1");
	sub("img");
	put_str("img/logo.svg", "<svg/>");
	put_str("LICENSE", "MIT");
	struct gx_static *s = load_ok();
	assert_int_equal(gx_static_count(s), 4);

	const char *url = gx_static_url(s, "guichet.css");
	const char *hashed = url + strlen(GX_STATIC_URL_PREFIX);
	size_t n = strlen(hashed);
	const struct gx_static_file *f = gx_static_find(s, hashed, n);
	assert_non_null(f);
	assert_string_equal(f->name, "guichet.css");
	assert_int_equal(f->len, 6);
	assert_memory_equal(f->data, "body{}", 6);
	assert_string_equal(f->url, url);

	/* Only the exact bytes match: a prefix, a longer string, another case,
	 * the plain name, the full URL, a changed digit, an empty name. */
	assert_null(gx_static_find(s, hashed, n - 1));
	char longer[128];
	snprintf(longer, sizeof(longer), "%sx", hashed);
	assert_null(gx_static_find(s, longer, n + 1));
	char upper[128];
	snprintf(upper, sizeof(upper), "%s", hashed);
	upper[0] = 'G';
	assert_null(gx_static_find(s, upper, n));
	assert_null(gx_static_find(s, "guichet.css", strlen("guichet.css")));
	assert_null(gx_static_find(s, url, strlen(url)));
	char changed[128];
	snprintf(changed, sizeof(changed), "%s", hashed);
	changed[10] = changed[10] == '0' ? '1' : '0';
	assert_null(gx_static_find(s, changed, n));
	assert_null(gx_static_find(s, hashed, 0));
	assert_null(gx_static_find(NULL, hashed, n));

	/* A name containing a NUL is not the shorter name. */
	char with_nul[128];
	memcpy(with_nul, hashed, n);
	with_nul[n] = '\0';
	with_nul[n + 1] = 'x';
	assert_null(gx_static_find(s, with_nul, n + 2));

	/* Sub-folders keep their path; files without an extension get a suffix. */
	const char *svg = gx_static_url(s, "img/logo.svg");
	assert_non_null(svg);
	assert_memory_equal(svg, "/static/img/logo.", strlen("/static/img/logo."));
	f = gx_static_find(s, svg + 8, strlen(svg + 8));
	assert_non_null(f);
	assert_string_equal(f->name, "img/logo.svg");
	const char *lic = gx_static_url(s, "LICENSE");
	assert_non_null(lic);
	assert_int_equal(strlen(lic), strlen("/static/LICENSE.") + GX_STATIC_HASH_HEX);
	assert_non_null(gx_static_find(s, lic + 8, strlen(lic + 8)));
	gx_static_free(s);
}

static void test_dotted_folder(void **state)
{
	sub("v1.2");
	put_str("v1.2/LICENSE", "MIT");
	struct gx_static *s = load_ok();
	const char *url = gx_static_url(s, "v1.2/LICENSE");
	assert_non_null(url);
	assert_memory_equal(url, "/static/v1.2/LICENSE.", strlen("/static/v1.2/LICENSE."));
	assert_int_equal(strlen(url), strlen("/static/v1.2/LICENSE.") + GX_STATIC_HASH_HEX);
	gx_static_free(s);
}

/* Every file of a larger set is found by its hashed name and by its name,
 * whatever order the directory listed them in. Names share stems so that
 * the order of hashed names differs from the order of names. */
static void test_many_files(void **state)
{
	char name[32], urls[300][80];
	for (unsigned i = 0; i < 300; i++) {
		unsigned k = (i * 7919u) % 300u;
		snprintf(name, sizeof(name), "f%u.e%u", k % 3u, k);
		put_str(name, name);
	}
	struct gx_static *s = load_ok();
	assert_int_equal(gx_static_count(s), 300);
	for (unsigned i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "f%u.e%u", i % 3u, i);
		const char *url = gx_static_url(s, name);
		assert_non_null(url);
		snprintf(urls[i], sizeof(urls[i]), "%s", url);
	}
	for (unsigned i = 0; i < 300; i++) {
		const char *hashed = urls[i] + strlen(GX_STATIC_URL_PREFIX);
		const struct gx_static_file *f = gx_static_find(s, hashed, strlen(hashed));
		assert_non_null(f);
		snprintf(name, sizeof(name), "f%u.e%u", i % 3u, i);
		assert_string_equal(f->name, name);
		assert_int_equal(f->len, strlen(name));
		assert_memory_equal(f->data, name, f->len);
	}
	gx_static_free(s);
}

static void test_content_types(void **state)
{
	static const char *const cases[][2] = {
		{"a.css", "text/css; charset=utf-8"},
		{"a.js", "text/javascript; charset=utf-8"},
		{"a.svg", "image/svg+xml"},
		{"a.png", "image/png"},
		{"a.woff2", "font/woff2"},
		{"a.ico", "image/vnd.microsoft.icon"},
		{"a.txt", "text/plain; charset=utf-8"},
		{"a.json", "application/json"},
		{"A.CSS", "text/css; charset=utf-8"},
		{"img/a.min.js", "text/javascript; charset=utf-8"},
		{"a.woff", "application/octet-stream"},
		{"a.exe", "application/octet-stream"},
		{"LICENSE", "application/octet-stream"},
		{"css", "application/octet-stream"},
		{".css", "application/octet-stream"},
		{"img/.css", "application/octet-stream"},
		{"dir.css/readme", "application/octet-stream"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(gx_static_content_type(cases[i][0]), cases[i][1]);

	put_str("site.css", "x");
	put_str("data.bin", "x");
	struct gx_static *s = load_ok();
	const char *u = gx_static_url(s, "site.css");
	assert_string_equal(gx_static_find(s, u + 8, strlen(u + 8))->content_type, "text/css; charset=utf-8");
	u = gx_static_url(s, "data.bin");
	assert_string_equal(gx_static_find(s, u + 8, strlen(u + 8))->content_type, "application/octet-stream");
	gx_static_free(s);
}

static void test_etag(void **state)
{
	put_str("guichet.css", "body{}");
	struct gx_static *s = load_ok();
	const char *u = gx_static_url(s, "guichet.css");
	const struct gx_static_file *f = gx_static_find(s, u + 8, strlen(u + 8));
	assert_non_null(f);
	assert_int_equal(strlen(f->etag), GX_STATIC_HASH_HEX + 2);
	assert_int_equal(f->etag[0], '"');
	assert_memory_equal(f->etag + 1, hash_of(u), GX_STATIC_HASH_HEX);
	assert_int_equal(f->etag[GX_STATIC_HASH_HEX + 1], '"');

	char h[256];
	snprintf(h, sizeof(h), "%s", f->etag);
	assert_true(gx_static_etag_matches(f, h, strlen(h)));
	snprintf(h, sizeof(h), "W/%s", f->etag);
	assert_true(gx_static_etag_matches(f, h, strlen(h)));
	snprintf(h, sizeof(h), "\"abc\", \"def\" ,\t%s", f->etag);
	assert_true(gx_static_etag_matches(f, h, strlen(h)));
	assert_true(gx_static_etag_matches(f, "*", 1));

	assert_false(gx_static_etag_matches(f, "", 0));
	assert_false(gx_static_etag_matches(f, "\"abc\"", 5));
	assert_false(gx_static_etag_matches(f, f->etag + 1, GX_STATIC_HASH_HEX));  /* unquoted */
	snprintf(h, sizeof(h), "%s", f->etag);
	assert_false(gx_static_etag_matches(f, h, strlen(h) - 1));                 /* unterminated */
	h[5] = h[5] == 'a' ? 'b' : 'a';
	assert_false(gx_static_etag_matches(f, h, strlen(h)));
	snprintf(h, sizeof(h), "\"%.*s\"", (int)GX_STATIC_HASH_HEX - 1, f->etag + 1);  /* a prefix */
	assert_false(gx_static_etag_matches(f, h, strlen(h)));
	assert_false(gx_static_etag_matches(f, ",,, ,", 5));
	assert_false(gx_static_etag_matches(f, "W/", 2));
	assert_false(gx_static_etag_matches(f, "\"", 1));
	gx_static_free(s);
}

static void test_names_refused(void **state)
{
	put_str("a..b.css", "x");
	load_fails("a..b.css");
	teardown(state);
	setup(state);

	put_str("bad name.css", "x");
	load_fails("bad name.css");
	teardown(state);
	setup(state);

	sub("img");
	put_str("img/x\"y.svg", "x");
	load_fails("img/x\"y.svg");
}

static void test_skipped_entries(void **state)
{
	put_str("guichet.css", "x");
	put_str(".hidden", "x");
	sub(".git");
	put_str(".git/config", "x");
	char target[256], link[256];
	snprintf(target, sizeof(target), "%s/guichet.css", dir);
	snprintf(link, sizeof(link), "%s/link.css", dir);
	assert_int_equal(symlink(target, link), 0);
	struct gx_static *s = load_ok();
	assert_int_equal(gx_static_count(s), 1);
	assert_null(gx_static_url(s, ".hidden"));
	assert_null(gx_static_url(s, "link.css"));
	gx_static_free(s);
}

static void test_size_limit(void **state)
{
	char *big = calloc(1, GX_STATIC_MAX_FILE_BYTES + 1);
	assert_non_null(big);
	put("max.bin", big, GX_STATIC_MAX_FILE_BYTES);
	struct gx_static *s = load_ok();
	assert_int_equal(gx_static_count(s), 1);
	gx_static_free(s);

	put("big.bin", big, GX_STATIC_MAX_FILE_BYTES + 1);
	free(big);
	load_fails("big.bin: larger than 4 MiB");
}

static void test_file_count_limit(void **state)
{
	char name[32];
	for (unsigned i = 0; i < GX_STATIC_MAX_FILES; i++) {
		snprintf(name, sizeof(name), "f%u.txt", i);
		put_str(name, name);
	}
	struct gx_static *s = load_ok();
	assert_int_equal(gx_static_count(s), GX_STATIC_MAX_FILES);
	gx_static_free(s);
	put_str("one-more.txt", "x");
	load_fails("more than 1000 files");
}

static void test_depth_and_missing_dir(void **state)
{
	char path[128] = "";
	for (unsigned i = 0; i < GX_STATIC_MAX_DEPTH; i++) {
		strcat(path, i == 0 ? "d" : "/d");
		sub(path);
	}
	char file[160];
	snprintf(file, sizeof(file), "%s/deep.css", path);
	put_str(file, "x");
	struct gx_static *s = load_ok();
	assert_non_null(gx_static_url(s, file));
	gx_static_free(s);
	strcat(path, "/d");
	sub(path);
	load_fails("nested too deep");

	struct gx_static *none = (struct gx_static *)&none;
	char err[256] = "";
	assert_int_equal(gx_static_load("/nonexistent/gx_static", &none, err, sizeof(err)), -1);
	assert_null(none);
	assert_non_null(strstr(err, "/nonexistent/gx_static"));
}

static void test_empty_dir(void **state)
{
	struct gx_static *s = load_ok();
	assert_int_equal(gx_static_count(s), 0);
	assert_null(gx_static_url(s, "guichet.css"));
	assert_null(gx_static_find(s, "guichet.css", 11));
	gx_static_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hashed_url_shape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_follows_content, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_is_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dotted_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_content_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_etag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skipped_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_count_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_and_missing_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_dir, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
