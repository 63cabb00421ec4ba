/** The pages' templates folded with each language's catalog (what guichetd
 *  renders with, site.c) render exactly as the same templates looking
 *  {{t.…}} up at render: every template of templates/ in every language,
 *  against a context holding the catalog (the sections that need a page's
 *  data render empty; test_fold in tmpl/mustache_test.c covers the rest). */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n/i18n.h"
#include "tmpl/mustache.h"

static int compared;

static void compare(const struct gx_tmpl_set *plain, const struct gx_tmpl_set *folded, const char *name, json_t *ctx)
{
	struct gx_tmpl_error e1 = {0}, e2 = {0};
	struct gx_buf a = GX_BUF_INIT, b = GX_BUF_INIT;
	int r1 = gx_tmpl_render(plain, name, ctx, &a, &e1);
	int r2 = gx_tmpl_render(folded, name, ctx, &b, &e2);
	assert_int_equal(r1, r2);
	if (r1 == 0 && strcmp(gx_buf_cstr(&a), gx_buf_cstr(&b)) != 0)
		fail_msg("%s renders otherwise folded", name);
	compared++;
	gx_buf_free(&a);
	gx_buf_free(&b);
}

/* Every template under dir (names as gx_tmpl_set_load_dir gives them). */
static void walk(const char *dir, const char *prefix, const struct gx_tmpl_set *plain,
		 const struct gx_tmpl_set *folded, json_t *ctx)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024], name[512];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		size_t n = strlen(e->d_name);
		if (S_ISDIR(st.st_mode)) {
			snprintf(name, sizeof(name), "%s%s/", prefix, e->d_name);
			walk(path, name, plain, folded, ctx);
		} else if (n > 9 && strcmp(e->d_name + n - 9, ".mustache") == 0) {
			snprintf(name, sizeof(name), "%s%.*s", prefix, (int)(n - 9), e->d_name);
			compare(plain, folded, name, ctx);
		}
	}
	closedir(d);
}

static void test_templates_fold_alike(void **state)
{
	char err[512];
	struct gx_i18n *i18n = NULL;
	struct gx_tmpl_error terr = {0};
	if (gx_i18n_load("i18n", &i18n, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	struct gx_tmpl_set *plain = gx_tmpl_set_new();
	assert_int_equal(gx_tmpl_set_load_dir(plain, "templates", &terr), 0);
	for (int l = 0; l < GX_LANG__COUNT; l++) {
		const json_t *cat = gx_i18n_catalog(i18n, (enum gx_lang)l);
		struct gx_tmpl_set *folded = gx_tmpl_set_new();
		assert_int_equal(gx_tmpl_set_load_dir(folded, "templates", &terr), 0);
		assert_int_equal(gx_tmpl_set_fold(folded, "t", cat, &terr), 0);
		json_t *ctx = json_pack("{s:O, s:s, s:s, s:s}", "t", (json_t *)cat, "lang", gx_lang_code((enum gx_lang)l),
					"title", "A title", "content", "<main>the page</main>");
		walk("templates", "", plain, folded, ctx);
		json_decref(ctx);
		gx_tmpl_set_free(folded);
	}
	assert_true(compared >= GX_LANG__COUNT * 30); /* templates/ holds 35 */
	gx_tmpl_set_free(plain);
	gx_i18n_free(i18n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_templates_fold_alike),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
