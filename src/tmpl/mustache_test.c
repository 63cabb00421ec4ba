/** Tests of the Mustache renderer: the official spec files, HTML escaping
 *  contexts, compile errors with line numbers, sets from folders, limits. */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tmpl/mustache.h"

static const char *spec_dir(void)
{
	const char *d = getenv("GX_MUSTACHE_SPEC_DIR");
	return d != NULL && d[0] != '\0' ? d : "../shared/testdata/mustache-spec";
}

/** Runs one spec test; returns 1 when the output equals "expected". */
static int run_spec_case(json_t *tc)
{
	struct gx_tmpl_error err = {0};
	struct gx_buf out = GX_BUF_INIT;
	struct gx_tmpl_set *set = gx_tmpl_set_new();
	const char *name = json_string_value(json_object_get(tc, "name"));
	json_t *tmpl = json_object_get(tc, "template");
	const char *expected = json_string_value(json_object_get(tc, "expected"));
	int ok = 0;
	const char *pname;
	json_t *psrc;
	assert_non_null(set);
	json_object_foreach(json_object_get(tc, "partials"), pname, psrc) {
		if (gx_tmpl_set_add(set, pname, json_string_value(psrc), json_string_length(psrc), &err) != 0) {
			printf("  FAIL %s: partial %s: %s:%u: %s\n", name, pname, err.file, err.line, err.message);
			goto done;
		}
	}
	if (gx_tmpl_set_add(set, "spec-main", json_string_value(tmpl), json_string_length(tmpl), &err) != 0 ||
	    gx_tmpl_render(set, "spec-main", json_object_get(tc, "data"), &out, &err) != 0) {
		printf("  FAIL %s: %s:%u: %s\n", name, err.file, err.line, err.message);
		goto done;
	}
	ok = strcmp(gx_buf_cstr(&out), expected) == 0;
	if (!ok)
		printf("  FAIL %s: got [%s] want [%s]\n", name, gx_buf_cstr(&out), expected);
done:
	gx_buf_free(&out);
	gx_tmpl_set_free(set);
	return ok;
}

static void test_spec(void **state)
{
	static const char *const files[] = {"comments", "delimiters", "interpolation",
					    "inverted", "partials", "sections"};
	int total_pass = 0, total_fail = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[1024];
		json_error_t jerr;
		snprintf(path, sizeof(path), "%s/%s.json", spec_dir(), files[i]);
		json_t *doc = json_load_file(path, 0, &jerr);
		if (doc == NULL)
			fail_msg("cannot load %s: %s", path, jerr.text);
		json_t *tests = json_object_get(doc, "tests");
		int pass = 0, failed = 0;
		for (size_t k = 0; k < json_array_size(tests); k++) {
			if (run_spec_case(json_array_get(tests, k)))
				pass++;
			else
				failed++;
		}
		printf("spec %-14s %3d passed, %d failed\n", files[i], pass, failed);
		total_pass += pass;
		total_fail += failed;
		json_decref(doc);
	}
	printf("spec total: %d passed, %d failed\n", total_pass, total_fail);
	assert_int_equal(total_fail, 0);
	assert_int_equal(total_pass, 136);
}

/** Compiles src as "t" and renders it against data (JSON text). */
static int render(const char *src, const char *data, struct gx_buf *out, struct gx_tmpl_error *err)
{
	struct gx_tmpl_set *set = gx_tmpl_set_new();
	json_t *j = json_loads(data, 0, NULL);
	assert_non_null(set);
	assert_non_null(j);
	int rc = gx_tmpl_set_add(set, "t", src, strlen(src), err);
	if (rc == 0)
		rc = gx_tmpl_render(set, "t", j, out, err);
	json_decref(j);
	gx_tmpl_set_free(set);
	return rc;
}

static char *render_ok(const char *src, const char *data)
{
	struct gx_buf out = GX_BUF_INIT;
	struct gx_tmpl_error err = {0};
	if (render(src, data, &out, &err) != 0)
		fail_msg("render failed: %s:%u: %s", err.file, err.line, err.message);
	char *s = strdup(gx_buf_cstr(&out));
	gx_buf_free(&out);
	return s;
}

static void expect(const char *src, const char *data, const char *want)
{
	char *got = render_ok(src, data);
	if (strcmp(got, want) != 0)
		fail_msg("template [%s]\n got [%s]\nwant [%s]", src, got, want);
	free(got);
}

static void expect_error(const char *src, unsigned line, const char *fragment)
{
	struct gx_buf out = GX_BUF_INIT;
	struct gx_tmpl_error err = {0};
	int rc = render(src, "{}", &out, &err);
	gx_buf_free(&out);
	if (rc == 0)
		fail_msg("template [%s] should fail (%s)", src, fragment);
	if (err.line != line || strstr(err.message, fragment) == NULL || strcmp(err.file, "t") != 0)
		fail_msg("template [%s]: got %s:%u: %s; want line %u with '%s'", src, err.file,
			 err.line, err.message, line, fragment);
}

static const char *const evil =
	"{\"v\": \"<script>alert(1)</script>\\\" onmouseover='x'\","
	" \"u\": \"javascript:alert(1)\", \"u2\": \" JaVaScRiPt:alert(1)\","
	" \"u3\": \"java\\tscript:alert(1)\", \"u4\": \"\\u0001javascript:alert(1)\","
	" \"u5\": \"data:text/html,<script>alert(1)</script>\", \"u6\": \"vbscript:msgbox\","
	" \"u7\": \"java&#x73;cript:alert(1)\", \"ok1\": \"https://example.org/a?b=1&c=2\","
	" \"ok2\": \"/relative/path\", \"ok3\": \"mailto:a@example.org\", \"ok4\": \"tel:+352123\","
	" \"ok5\": \"?q=a:b\", \"part\": \"java\", \"rest\": \"script:alert(1)\"}";

static void test_escape_text(void **state)
{
	expect("<p>{{v}}</p>", evil,
	       "<p>&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&#39;x&#39;</p>");
	expect("<p>{{{v}}}</p>", "{\"v\": \"<b>\"}", "<p><b></p>");
	expect("<textarea>{{v}}</textarea>", "{\"v\": \"</textarea><script>\"}",
	       "<textarea>&lt;/textarea&gt;&lt;script&gt;</textarea>");
}

static void test_escape_attr(void **state)
{
	expect("<a title=\"{{v}}\" class='{{v}}'>x</a>", evil,
	       "<a title=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&#39;x&#39;\""
	       " class='&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&#39;x&#39;'>x</a>");
	expect("<input type=checkbox {{#c}}checked{{/c}} value=\"{{v}}\">", "{\"c\": true, \"v\": \"\\\"\"}",
	       "<input type=checkbox checked value=\"&quot;\">");
	expect("<input {{#c}}checked{{/c}}>", "{\"c\": false}", "<input >");
}

static void test_escape_url(void **state)
{
	const char *bad[] = {"u", "u2", "u3", "u4", "u5", "u6", "u7"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char src[200];
		snprintf(src, sizeof(src), "<a href=\"{{%s}}\">x</a><img SRC='{{%s}}'><form action=\"{{%s}}\">",
			 bad[i], bad[i], bad[i]);
		expect(src, evil, "<a href=\"about:invalid\">x</a><img SRC='about:invalid'>"
				  "<form action=\"about:invalid\">");
	}
	expect("<a href=\"{{ok1}}\">{{ok2}}</a>", evil,
	       "<a href=\"https://example.org/a?b=1&amp;c=2\">/relative/path</a>");
	expect("<a href=\"{{ok2}}\"></a><a href=\"{{ok3}}\"></a><a href=\"{{ok4}}\"></a><a href=\"{{ok5}}\"></a>",
	       evil, "<a href=\"/relative/path\"></a><a href=\"mailto:a@example.org\"></a>"
		     "<a href=\"tel:+352123\"></a><a href=\"?q=a:b\"></a>");
	/* the check covers the whole value, however it is assembled */
	expect("<a href=\"{{part}}{{rest}}\">x</a>", evil, "<a href=\"about:invalid\">x</a>");
	expect("<a href=\"{{#part}}{{part}}{{/part}}{{rest}}\">x</a>", evil, "<a href=\"about:invalid\">x</a>");
	expect("<a href=\"/p/{{rest}}\">x</a>", evil, "<a href=\"/p/script:alert(1)\">x</a>");
	/* a literal URL is the author's and is left alone */
	expect("<a href=\"javascript:void(0)\">x</a>", "{}", "<a href=\"javascript:void(0)\">x</a>");
	expect("<a href=\"{{u}}\" title=\"{{u}}\">{{u}}</a>", evil,
	       "<a href=\"about:invalid\" title=\"javascript:alert(1)\">javascript:alert(1)</a>");
}

static void test_lt_values(void **state)
{
	/* a value after a literal '<' cannot open a tag with attributes or raw text */
	expect("<{{#x}}{{y}}{{/x}}>", "{\"x\": true, \"y\": \"img src=x onerror=alert(1)\"}",
	       "<&#105;mg src=x onerror=alert(1)>");
	expect("<{{#x}}{{y}}{{/x}}>", "{\"x\": true, \"y\": \"script\"}", "<&#115;cript>");
	expect("<{{#x}}{{y}}{{/x}}>", "{\"x\": true, \"y\": \"em\"}", "<em>");
	struct gx_buf out = GX_BUF_INIT;
	struct gx_tmpl_error err = {0};
	assert_int_not_equal(render("<{{#x}}{{y}} title=\"{{y}}\"{{/x}}>",
				    "{\"x\": true, \"y\": \"em\"}", &out, &err), 0);
	assert_non_null(strstr(err.message, "tag whose name came from data"));
	gx_buf_free(&out);
}

static void test_rejected_contexts(void **state)
{
	expect_error("<a\nhref={{u}}>", 2, "unquoted");
	expect_error("<a onclick=\"go('{{u}}')\">", 1, "event-handler");
	expect_error("<div style=\"color: {{c}}\">", 1, "style");
	expect_error("<script>\nvar x = \"{{x}}\";\n</script>", 2, "<script>");
	expect_error("<a title=\"{{{x}}}\">", 1, "unescaped");
	expect_error("<a {{attrs}}>", 1, "inside an HTML tag");
	expect_error("<{{name}}>", 1, "tag name");
	expect_error("<!-- {{x}} -->", 1, "comment");
	expect_error("<a title=\"{{>p}}\">", 1, "partial");
	expect_error("x\n{{#a}}<a title=\"{{/a}}\">", 2, "another state");
	expect_error("x\n{{#a}}<a href=\"{{/a}}\">", 2, "URL attribute");
	expect_error("<p>\n<a href=\"", 2, "not closed");
	expect_error("<p>\n<a title=\"", 2, "template ends inside");
}

static void test_error_lines(void **state)
{
	expect_error("line1\n{{#a}}\nx\n", 2, "unclosed section");
	expect_error("{{#a}}\n{{#b}}\n{{/a}}\n", 3, "does not match");
	expect_error("a\nb\n{{/a}}", 3, "without an open section");
	expect_error("a\n\n{{=<%>=}}", 3, "delimiter");
	expect_error("a\n{{b", 2, "unclosed tag");
	expect_error("a\n{{{b}}", 2, "unclosed tag");
	expect_error("{{! multi\nline }}\n{{}}", 3, "empty");
	expect_error("{{=| #=}}\n|#a|", 2, "unclosed tag"); /* fuzz: delimiter overlapping the type */
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_load_dir(void **state)
{
	char dir[] = "/tmp/gx_tmpl_testXXXXXX", sub[600], cmd[700];
	struct gx_tmpl_error err = {0};
	struct gx_buf out = GX_BUF_INIT;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/forms", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(dir, "page.mustache", "<h1>{{title}}</h1>\n  {{> forms/field}}\n");
	write_file(sub, "field.mustache", "<label>{{label}}</label>\n<input name=\"{{name}}\">\n");
	write_file(dir, "notes.txt", "{{#broken}}");
	struct gx_tmpl_set *set = gx_tmpl_set_new();
	assert_int_equal(gx_tmpl_set_load_dir(set, dir, &err), 0);
	assert_true(gx_tmpl_set_has(set, "page"));
	assert_true(gx_tmpl_set_has(set, "forms/field"));
	assert_false(gx_tmpl_set_has(set, "notes"));
	json_t *data = json_pack("{s:s, s:s, s:s}", "title", "A&B", "label", "Name", "name", "n\"");
	assert_int_equal(gx_tmpl_render(set, "page", data, &out, &err), 0);
	assert_string_equal(gx_buf_cstr(&out),
			    "<h1>A&amp;B</h1>\n  <label>Name</label>\n  <input name=\"n&quot;\">\n");
	gx_tmpl_set_free(set);

	/* a broken file and an unknown partial are reported with file and line */
	write_file(sub, "bad.mustache", "ok\n{{#x}}\n");
	set = gx_tmpl_set_new();
	assert_int_equal(gx_tmpl_set_load_dir(set, dir, &err), -1);
	assert_non_null(strstr(err.file, "forms/bad.mustache"));
	assert_int_equal(err.line, 2);
	gx_tmpl_set_free(set);
	write_file(sub, "bad.mustache", "ok\n\n{{> nowhere}}\n");
	set = gx_tmpl_set_new();
	assert_int_equal(gx_tmpl_set_load_dir(set, dir, &err), -1);
	assert_non_null(strstr(err.file, "forms/bad.mustache"));
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.message, "unknown partial"));
	gx_tmpl_set_free(set);

	json_decref(data);
	gx_buf_free(&out);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_limits(void **state)
{
	struct gx_tmpl_error err = {0};
	struct gx_buf out = GX_BUF_INIT;
	struct gx_tmpl_set *set = gx_tmpl_set_new();
	assert_int_equal(gx_tmpl_set_add(set, "r", "x{{>r}}", 7, &err), 0);
	assert_int_equal(gx_tmpl_render(set, "r", NULL, &out, &err), -1);
	assert_non_null(strstr(err.message, "too deep"));
	assert_int_equal(out.len, GX_TMPL_MAX_DEPTH + 1);

	const char *big = "{{#a}}{{#a}}{{#a}}0123456789abcdef{{/a}}{{/a}}{{/a}}";
	assert_int_equal(gx_tmpl_set_add(set, "big", big, strlen(big), &err), 0);
	json_t *arr = json_array();
	for (int i = 0; i < 300; i++)
		json_array_append_new(arr, json_integer(i));
	json_t *data = json_pack("{s:o}", "a", arr);
	gx_buf_reset(&out);
	assert_int_equal(gx_tmpl_render(set, "big", data, &out, &err), -1);
	assert_non_null(strstr(err.message, "too large"));
	assert_true(out.len <= GX_TMPL_MAX_OUTPUT);
	assert_int_equal(gx_tmpl_render(set, "missing", data, &out, &err), -1);
	json_decref(data);
	gx_buf_free(&out);
	gx_tmpl_set_free(set);
}

struct job {
	const struct gx_tmpl_set *set;
	json_t *data;
	int ok;
};

static void *render_many(void *arg)
{
	struct job *j = arg;
	j->ok = 1;
	for (int i = 0; i < 200; i++) {
		struct gx_buf out = GX_BUF_INIT;
		struct gx_tmpl_error err;
		if (gx_tmpl_render(j->set, "list", j->data, &out, &err) != 0 ||
		    strcmp(gx_buf_cstr(&out), "<ul><li>a&amp;</li><li>b</li></ul>") != 0)
			j->ok = 0;
		gx_buf_free(&out);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct gx_tmpl_error err;
	struct gx_tmpl_set *set = gx_tmpl_set_new();
	const char *src = "<ul>{{#items}}{{>item}}{{/items}}</ul>";
	assert_int_equal(gx_tmpl_set_add(set, "list", src, strlen(src), &err), 0);
	assert_int_equal(gx_tmpl_set_add(set, "item", "<li>{{.}}</li>", 14, &err), 0);
	json_t *data = json_pack("{s:[s,s]}", "items", "a&", "b");
	struct job jobs[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){set, data, 0};
		assert_int_equal(pthread_create(&th[i], NULL, render_many, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_true(jobs[i].ok);
	}
	json_decref(data);
	gx_tmpl_set_free(set);
}

/* Renders name from srcs (NULL-ended name, source pairs) with data, folded
 * with values as "t" or not; returns the output (free it). */
static char *render_pairs(const char *const *srcs, const char *name, json_t *data, const json_t *fold)
{
	struct gx_tmpl_error err = {0};
	struct gx_buf out = GX_BUF_INIT;
	struct gx_tmpl_set *set = gx_tmpl_set_new();
	assert_non_null(set);
	for (size_t i = 0; srcs[i] != NULL; i += 2)
		if (gx_tmpl_set_add(set, srcs[i], srcs[i + 1], strlen(srcs[i + 1]), &err) != 0)
			fail_msg("%s:%u: %s", err.file, err.line, err.message);
	if (fold != NULL)
		assert_int_equal(gx_tmpl_set_fold(set, "t", fold, &err), 0);
	int rc = gx_tmpl_render(set, name, data, &out, &err);
	char *got = strdup(rc == 0 ? gx_buf_cstr(&out) : err.message);
	gx_buf_free(&out);
	gx_tmpl_set_free(set);
	return got;
}

/* {{t.…}} folded when the set is compiled renders as looked up at render. */
static void test_fold(void **state)
{
	static const char *const srcs[] = {
		"page",
		"<h1>{{t.title}}</h1> <p>{{{t.raw}}} {{&t.markup}}</p>\n"
		"<a href=\"{{t.link}}\" title=\"{{t.quote}}\">{{t.a.b}}</a>{{t.missing}}{{t.number}}\n"
		"{{#items}}<li>{{t.item}} {{name}}</li>{{/items}}{{^items}}{{t.none}}{{/items}}\n"
		"  {{> part}}\n{{t.empty}}|{{t.lines}}|{{t}}|{{t.a}}\n",
		"part", "<b>{{t.title}}</b>\n{{t.lines}}\n",
		NULL};
	json_t *t = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s}, s:i, s:s, s:s, s:s, s:s, s:s}", "title",
			      "Mes démarches & <co>", "raw", "<b>bold</b>", "markup", "a & b", "link", "javascript:alert(1)",
			      "quote", "\"it's\"", "a", "b", "deep", "number", 42, "item", "Item", "none", "Rien", "tag",
			      "script", "empty", "", "lines", "one\ntwo");
	json_t *data = json_pack("{s:O, s:[{s:s},{s:s}]}", "t", t, "items", "name", "x<", "name", "y");
	char *plain = render_pairs(srcs, "page", data, NULL);
	char *folded = render_pairs(srcs, "page", data, t);
	assert_string_equal(folded, plain);
	json_object_set_new(data, "items", json_array());
	free(plain);
	free(folded);
	plain = render_pairs(srcs, "page", data, NULL);
	folded = render_pairs(srcs, "page", data, t);
	assert_string_equal(folded, plain);
	assert_non_null(strstr(folded, "Rien"));
	free(plain);
	free(folded);

	/* Folded means decided at compile time: a context whose "t" differs
	 * shows the folded texts, and the others as looked up now. */
	json_t *other = json_pack("{s:{s:s, s:s}}", "t", "title", "Other", "lines", "1\n2");
	folded = render_pairs(srcs, "page", other, t);
	assert_non_null(strstr(folded, "<h1>Mes démarches &amp; &lt;co&gt;</h1>"));
	assert_non_null(strstr(folded, "|1\n2|")); /* a newline: left to the render */
	assert_null(strstr(folded, "Other"));
	free(folded);
	json_decref(other);
	json_decref(data);
	json_decref(t);
}

struct bound_row {
	const char *title;
	char href[32];
	const char *ref;
	bool draft;
};

static const struct gx_tmpl_field bound_fields[] = {
	GX_TMPL_FIELD(struct bound_row, title, GX_TMPL_STR),
	GX_TMPL_FIELD(struct bound_row, href, GX_TMPL_CHARS),
	GX_TMPL_FIELD_AS("reference", struct bound_row, ref, GX_TMPL_STR),
	GX_TMPL_FIELD(struct bound_row, draft, GX_TMPL_BOOL),
};

static char *render_bound(const char *src, json_t *data, const struct gx_tmpl_bind *b, size_t nb)
{
	struct gx_tmpl_error err = {0};
	struct gx_buf out = GX_BUF_INIT;
	struct gx_tmpl_set *set = gx_tmpl_set_new();
	if (gx_tmpl_set_add(set, "t", src, strlen(src), &err) != 0)
		fail_msg("%s:%u: %s", err.file, err.line, err.message);
	int rc = gx_tmpl_render_bound(set, "t", data, b, nb, &out, &err);
	char *got = strdup(rc == 0 ? gx_buf_cstr(&out) : err.message);
	gx_buf_free(&out);
	gx_tmpl_set_free(set);
	return got;
}

/* Rows and texts kept in C render as the same values in JSON would; an
 * empty field is the row's (falsy, the outer context not asked); a name
 * the row lacks is looked up outward; escaping and URL checks apply. */
static void test_binds(void **state)
{
	const char *src = "{{#rows}}<a href=\"{{href}}\">{{title}}</a>{{#reference}} ({{reference}}){{/reference}}"
			  "{{#draft}} d={{draft}}{{/draft}}{{^draft}} s={{draft}}{{/draft}} {{site}}|{{/rows}}"
			  "{{^rows}}none{{/rows}}[{{{content}}}][{{content}}]";
	struct bound_row rows[] = {
		{"A & <b>", "/x?a=1&b=2", "R-1", true},
		{NULL, "javascript:alert(1)", NULL, false},
	};
	struct gx_tmpl_bind binds[] = {
		{.name = "rows", .rows = rows, .n = 2, .size = sizeof(rows[0]), .fields = bound_fields,
		 .nfields = sizeof(bound_fields) / sizeof(bound_fields[0])},
		{.name = "content", .s = "<p>in</p>", .len = 9},
	};
	json_t *data = json_pack("{s:s, s:s}", "site", "S&", "reference", "OUTER");
	char *got = render_bound(src, data, binds, 2);
	json_t *same = json_pack("{s:s, s:s, s:[{s:s, s:s, s:s, s:b}, {s:s, s:s, s:s, s:b}], s:s}", "site", "S&",
				 "reference", "OUTER", "rows", "title", "A & <b>", "href", "/x?a=1&b=2", "reference",
				 "R-1", "draft", 1, "title", "", "href", "javascript:alert(1)", "reference", "", "draft",
				 0, "content", "<p>in</p>");
	char *want = render_bound(src, same, NULL, 0);
	assert_string_equal(got, want);
	assert_string_equal(got, "<a href=\"/x?a=1&amp;b=2\">A &amp; &lt;b&gt;</a> (R-1) d=true S&amp;|"
				 "<a href=\"about:invalid\"></a> s=false S&amp;|[<p>in</p>][&lt;p&gt;in&lt;/p&gt;]");
	free(got);
	free(want);

	/* No rows: the inverted section; a bind is seen before data. */
	binds[0].n = 0;
	json_object_set_new(data, "content", json_string("from data"));
	got = render_bound(src, data, binds, 2);
	assert_string_equal(got, "none[<p>in</p>][&lt;p&gt;in&lt;/p&gt;]");
	free(got);
	/* A row frame has no text of its own; a dotted name into rows is empty. */
	binds[0].n = 1;
	got = render_bound("{{#rows}}[{{.}}]{{/rows}}{{rows.title}}", data, binds, 1);
	assert_string_equal(got, "[]");
	free(got);
	json_decref(data);
	json_decref(same);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_escape_text),
		cmocka_unit_test(test_escape_attr),
		cmocka_unit_test(test_escape_url),
		cmocka_unit_test(test_lt_values),
		cmocka_unit_test(test_rejected_contexts),
		cmocka_unit_test(test_error_lines),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_binds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
