#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/multipart.h"

#define B "----WebKitFormBoundaryAbC123xyz"

static int boundary(const char *ct, const char **why, char *out)
{
	const char *b;
	size_t n;
	int rc = gx_multipart_boundary(ct, strlen(ct), &b, &n, why);
	if (rc == 0) {
		memcpy(out, b, n);
		out[n] = '\0';
	}
	return rc;
}

static void test_boundary(void **state)
{
	const char *why = NULL;
	char b[80];
	assert_int_equal(boundary("multipart/form-data; boundary=" B, &why, b), 0);
	assert_string_equal(b, B);
	assert_int_equal(boundary("Multipart/Form-Data;charset=utf-8;  BOUNDARY=\"a b'c\"", &why, b), 0);
	assert_string_equal(b, "a b'c");
	assert_int_equal(boundary("multipart/form-data; boundary=x;", &why, b), 0);
	assert_string_equal(b, "x");
	/* 70 characters is the most. */
	char ct[200], seventy[72];
	memset(seventy, 'z', 70);
	seventy[70] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", seventy);
	assert_int_equal(boundary(ct, &why, b), 0);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%sz", seventy);
	assert_int_equal(boundary(ct, &why, b), -1);
	assert_string_equal(why, "the boundary must be 1 to 70 characters, not ending in a space");

	static const struct {
		const char *ct, *why;
	} bad[] = {
		{"application/x-www-form-urlencoded", "send Content-Type: multipart/form-data"},
		{"multipart/mixed; boundary=x", "send Content-Type: multipart/form-data"},
		{"", "send Content-Type: multipart/form-data"},
		{"multipart/form-data", "the Content-Type has no boundary"},
		{"multipart/form-data; charset=utf-8", "the Content-Type has no boundary"},
		{"multipart/form-data; boundary=", "a parameter has no value"},
		{"multipart/form-data; boundary=\"\"", "the boundary must be 1 to 70 characters, not ending in a space"},
		{"multipart/form-data; boundary=\"ab \"", "the boundary must be 1 to 70 characters, not ending in a space"},
		{"multipart/form-data; boundary=a@b", "a parameter list is malformed (a ';' is missing)"},
		{"multipart/form-data; boundary=\"a@b\"", "the boundary has a character RFC 2046 does not allow"},
		{"multipart/form-data; boundary=\"abc", "a quoted parameter value is not closed"},
		{"multipart/form-data; boundary=a; boundary=b", "the Content-Type names the boundary twice"},
		{"multipart/form-data boundary=a", "a parameter list is malformed (a ';' is missing)"},
		{"multipart/form-data; =a", "a parameter is malformed (name=value expected)"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(boundary(bad[i].ct, &why, b), strncmp(bad[i].why, "send", 4) == 0 ? -2 : -1);
		assert_non_null(why);
		if (strcmp(why, bad[i].why) != 0)
			fail_msg("%s: got \"%s\", expected \"%s\"", bad[i].ct, why, bad[i].why);
	}
}

static int parse(const char *body, size_t len, struct gx_multipart *m, const char **why)
{
	return gx_multipart_parse(body, len, B, strlen(B), m, why);
}

static void assert_slice(const char *p, size_t n, const char *want)
{
	assert_non_null(p);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(p, want, n);
}

/* What chromium sends for a form with a hidden CSRF token and a file input. */
static void test_browser_body(void **state)
{
	/* RFC 2046 keeps the whole boundary out of a part; a line with most of it is content. */
	static const char file[] = "%PDF-1.7\r\n----WebKitFormBoundaryAbC123xy\r\n\r\n\0binary\r\n-- end";
	char body[1024];
	int n = snprintf(body, sizeof(body),
			 "--" B "\r\n"
			 "Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
			 "tok123\r\n"
			 "--" B "\r\n"
			 "Content-Disposition: form-data; name=\"rabies_certificate\"; filename=\"vaccin 2026.pdf\"\r\n"
			 "Content-Type: application/pdf\r\n\r\n");
	memcpy(body + n, file, sizeof(file) - 1);
	n += (int)sizeof(file) - 1;
	n += snprintf(body + n, sizeof(body) - (size_t)n, "\r\n--" B "--\r\n");

	struct gx_multipart m;
	const char *why = NULL;
	assert_int_equal(parse(body, (size_t)n, &m, &why), 0);
	assert_int_equal(m.nparts, 2);
	assert_slice(m.parts[0].name, m.parts[0].name_len, "csrf_token");
	assert_null(m.parts[0].filename);
	assert_null(m.parts[0].type);
	assert_slice(m.parts[0].data, m.parts[0].len, "tok123");
	assert_slice(m.parts[1].name, m.parts[1].name_len, "rabies_certificate");
	assert_slice(m.parts[1].filename, m.parts[1].filename_len, "vaccin 2026.pdf");
	assert_slice(m.parts[1].type, m.parts[1].type_len, "application/pdf");
	/* The content is exact: a line like the boundary, CR LF and a NUL are kept. */
	assert_int_equal(m.parts[1].len, sizeof(file) - 1);
	assert_memory_equal(m.parts[1].data, file, sizeof(file) - 1);

	assert_ptr_equal(gx_multipart_find(&m, "csrf_token"), &m.parts[0]);
	assert_ptr_equal(gx_multipart_find(&m, "rabies_certificate"), &m.parts[1]);
	assert_null(gx_multipart_find(&m, "csrf"));
	assert_null(gx_multipart_find(&m, ""));
}

/* No file chosen: the browser still sends the part, with an empty filename and content. */
static void test_no_file_chosen(void **state)
{
	static const char body[] = "--" B "\r\n"
				   "Content-Disposition: form-data; name=\"doc\"; filename=\"\"\r\n"
				   "Content-Type: application/octet-stream\r\n\r\n"
				   "\r\n--" B "--";
	struct gx_multipart m;
	const char *why = NULL;
	assert_int_equal(parse(body, sizeof(body) - 1, &m, &why), 0);
	assert_int_equal(m.nparts, 1);
	assert_non_null(m.parts[0].filename);
	assert_int_equal(m.parts[0].filename_len, 0);
	assert_int_equal(m.parts[0].len, 0);
}

/* A preamble, transport padding, header names in any case, other headers, an epilogue. */
static void test_rfc2046_framing(void **state)
{
	static const char body[] = "This is the preamble.\r\n"
				   "--" B " \t\r\n"
				   "content-disposition:form-data;name=a\r\n"
				   "X-Other: ignored\r\n\r\n"
				   "1\r\n"
				   "--" B "\r\n"
				   "CONTENT-DISPOSITION: Form-Data; Name=\"b\"; filename=\"x\\\"y.png\"\r\n\r\n"
				   "22\r\n"
				   "--" B "--   \r\nThe epilogue, ignored.\r\n--" B "\r\n";
	struct gx_multipart m;
	const char *why = NULL;
	assert_int_equal(parse(body, sizeof(body) - 1, &m, &why), 0);
	assert_int_equal(m.nparts, 2);
	assert_slice(m.parts[0].name, m.parts[0].name_len, "a");
	assert_slice(m.parts[0].data, m.parts[0].len, "1");
	assert_slice(m.parts[1].name, m.parts[1].name_len, "b");
	assert_slice(m.parts[1].filename, m.parts[1].filename_len, "x\\\"y.png");
	assert_slice(m.parts[1].data, m.parts[1].len, "22");
}

static void test_malformed(void **state)
{
	static const struct {
		const char *body, *why;
	} bad[] = {
		{"", "the body does not start with the boundary"},
		{"--other\r\n", "the body does not start with the boundary"},
		{"--" B "--", "the body has no part"},
		{"--" B "x\r\n", "a boundary line must end with CRLF (or -- after the last part)"},
		{"--" B "\n", "a boundary line must end with CRLF (or -- after the last part)"},
		{"--" B, "a boundary line must end with CRLF (or -- after the last part)"},
		{"--" B "\r\nContent-Disposition: form-data; name=a\r\n\r\nno end", "the closing boundary is missing"},
		{"--" B "\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--" B "junk",
		 "a boundary line must end with CRLF (or -- after the last part)"},
		{"--" B "\r\nContent-Disposition: form-data; name=a", "a part's header is cut off"},
		{"--" B "\r\nContent-Disposition: form-data; name=a\n\n", "a part's header lines must end with CRLF"},
		{"--" B "\r\n\r\nx\r\n--" B "--", "a part has no Content-Disposition"},
		{"--" B "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" B "--", "a part has no Content-Disposition"},
		{"--" B "\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--" B "--",
		 "a part's Content-Disposition is not form-data"},
		{"--" B "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" B "--", "a part has no name"},
		{"--" B "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--" B "--", "a part has no name"},
		{"--" B "\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n--" B "--",
		 "a part's Content-Disposition names it twice"},
		{"--" B "\r\nContent-Disposition: form-data; name=a; filename=x; filename=y\r\n\r\nx\r\n--" B "--",
		 "a part's Content-Disposition has two filenames"},
		{"--" B "\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--" B "--",
		 "a quoted parameter value is not closed"},
		{"--" B "\r\nContent-Disposition: form-data; name=\"a\x7f\x01\"\r\n\r\n", "a part's header value holds a control character"},
		{"--" B "\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n\r\nx\r\n--" B "--",
		 "a part has two Content-Disposition fields"},
		{"--" B "\r\nContent-Disposition: form-data; name=a\r\nContent-Type: a/b\r\nContent-Type: c/d\r\n\r\nx\r\n--" B "--",
		 "a part has two Content-Type fields"},
		{"--" B "\r\nContent-Disposition: form-data; name=a\r\nno colon here\r\n\r\nx\r\n--" B "--",
		 "a part's header line is not a field (name: value)"},
		{"--" B "\r\nContent-Disposition: form-data; name=a\r\n folded\r\n\r\nx\r\n--" B "--",
		 "a part's header line is not a field (name: value)"},
		{"--" B "\r\nContent-Disposition: form-data; name=a\r\nX: \x01\r\n\r\nx\r\n--" B "--",
		 "a part's header value holds a control character"},
		{"--" B "\r\nContent-Disposition: form-data name=a\r\n\r\nx\r\n--" B "--",
		 "a parameter list is malformed (a ';' is missing)"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct gx_multipart m;
		const char *why = NULL;
		if (parse(bad[i].body, strlen(bad[i].body), &m, &why) != -1)
			fail_msg("case %zu parsed", i);
		assert_non_null(why);
		if (strcmp(why, bad[i].why) != 0)
			fail_msg("case %zu: got \"%s\", expected \"%s\"", i, why, bad[i].why);
	}
}

static void test_limits(void **state)
{
	static char body[16384];
	struct gx_multipart m;
	const char *why = NULL;
	/* GX_MULTIPART_MAX_PARTS parts are fine, one more is not. */
	for (int parts = GX_MULTIPART_MAX_PARTS; parts <= GX_MULTIPART_MAX_PARTS + 1; parts++) {
		size_t n = 0;
		for (int i = 0; i < parts; i++)
			n += (size_t)snprintf(body + n, sizeof(body) - n,
					      "--" B "\r\nContent-Disposition: form-data; name=p%d\r\n\r\n%d\r\n", i, i);
		n += (size_t)snprintf(body + n, sizeof(body) - n, "--" B "--\r\n");
		int rc = parse(body, n, &m, &why);
		if (parts == GX_MULTIPART_MAX_PARTS) {
			assert_int_equal(rc, 0);
			assert_int_equal(m.nparts, GX_MULTIPART_MAX_PARTS);
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(why, "the body has too many parts");
		}
	}
	/* Header fields: at most GX_MULTIPART_MAX_HEADERS, in at most GX_MULTIPART_HEADERS_MAX bytes. */
	size_t n = (size_t)snprintf(body, sizeof(body), "--" B "\r\nContent-Disposition: form-data; name=a\r\n");
	for (int i = 1; i < GX_MULTIPART_MAX_HEADERS; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n, "X-%d: y\r\n", i);
	size_t at_limit = n;
	n += (size_t)snprintf(body + n, sizeof(body) - n, "\r\nx\r\n--" B "--");
	assert_int_equal(parse(body, n, &m, &why), 0);
	n = at_limit + (size_t)snprintf(body + at_limit, sizeof(body) - at_limit, "X-last: y\r\n\r\nx\r\n--" B "--");
	assert_int_equal(parse(body, n, &m, &why), -1);
	assert_string_equal(why, "a part has too many header fields");
	n = (size_t)snprintf(body, sizeof(body), "--" B "\r\nContent-Disposition: form-data; name=a\r\nX-Long: ");
	memset(body + n, 'v', GX_MULTIPART_HEADERS_MAX);
	n += GX_MULTIPART_HEADERS_MAX;
	n += (size_t)snprintf(body + n, sizeof(body) - n, "\r\n\r\nx\r\n--" B "--");
	assert_int_equal(parse(body, n, &m, &why), -1);
	assert_string_equal(why, "a part's header is larger than the limit");
	/* A boundary the caller did not check. */
	assert_int_equal(gx_multipart_parse("--\r\n", 4, "", 0, &m, &why), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_browser_body),
		cmocka_unit_test(test_no_file_chosen),
		cmocka_unit_test(test_rfc2046_framing),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
