/** Tests of message building: headers and their encoding, the body's
 *  quoted-printable, line lengths, refusals (header injection among them),
 *  and the Message-ID that every attempt of a notification shares. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "mail/encode.h"
#include "mail/mail_testutil.h"
#include "mail/message.h"

#define T0 1709632800000000LL /* Tue, 05 Mar 2024 10:00:00 UTC */

static struct gx_mail_message base(void)
{
	return (struct gx_mail_message){
		.from = "noreply@guichet.example",
		.from_name = "Guichet",
		.to = "person@example.org",
		.subject = "New document in your Guichet letter box",
		.body = "You have a new document from Commune in your Guichet letter box: Tax notice",
		.lang = "en",
		.date_us = T0,
		.id = {42},
	};
}

/* Builds m; returns the message (free it) or NULL with *fault. */
static char *build(const struct gx_mail_message *m, enum gx_mail_fault *fault)
{
	struct gx_buf b = GX_BUF_INIT;
	if (gx_mail_message_build(m, &b, fault) != 0) {
		assert_int_equal(b.len, 0);
		gx_buf_free(&b);
		return NULL;
	}
	char *msg = strdup(gx_buf_cstr(&b));
	gx_buf_free(&b);
	return msg;
}

static void expect_header(const char *msg, const char *name, const char *value)
{
	char *v = tu_header(msg, name);
	assert_non_null(v);
	assert_string_equal(v, value);
	free(v);
}

static void test_ascii_message(void **state)
{
	struct gx_mail_message m = base();
	enum gx_mail_fault f;
	char *msg = build(&m, &f);
	assert_non_null(msg);
	expect_header(msg, "Date", "Tue, 05 Mar 2024 10:00:00 +0000");
	expect_header(msg, "From", "\"Guichet\" <noreply@guichet.example>");
	expect_header(msg, "To", "person@example.org");
	expect_header(msg, "Subject", "New document in your Guichet letter box");
	expect_header(msg, "MIME-Version", "1.0");
	expect_header(msg, "Content-Type", "text/plain; charset=UTF-8");
	expect_header(msg, "Content-Transfer-Encoding", "quoted-printable");
	expect_header(msg, "Content-Language", "en");
	expect_header(msg, "Auto-Submitted", "auto-generated");
	char *mid = tu_header(msg, "Message-ID");
	assert_non_null(mid);
	assert_int_equal(strlen(mid), 1 + 32 + 1 + strlen("guichet.example") + 1);
	assert_true(mid[0] == '<' && strcmp(mid + 33, "@guichet.example>") == 0);
	free(mid);
	/* nothing else: no header we did not mean */
	char *h = tu_headers(msg);
	int lines = 0;
	for (char *p = h; *p != '\0'; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 11);
	free(h);
	char *body = tu_qp_body(msg);
	assert_string_equal(body, "You have a new document from Commune in your Guichet letter box: Tax notice\n");
	free(body);
	assert_true(tu_lines_ok(msg, GX_MAIL_LINE_MAX, GX_MAIL_QP_LINE_MAX));
	free(msg);
}

static void test_utf8_subject_and_body(void **state)
{
	struct gx_mail_message m = base();
	m.from_name = "Guichet – État";
	m.subject = "Neues Dokument in Ihrem Guichet-Postfach: Steuerbescheid für das Jahr 2024, "
		    "übermittelt von der Gemeinde Esch-sur-Alzette – bitte lesen";
	m.body = "Sie haben ein neues Dokument von Gemeinde Esch-sur-Alzette in Ihrem Guichet-Postfach: Bescheid "
		 "über die Grundsteuer für das Jahr 2024 (Überprüfung)\n\n"
		 "Diese Nachricht wurde automatisch versandt. = Gleichheitszeichen bleiben.";
	m.lang = "de";
	enum gx_mail_fault f;
	char *msg = build(&m, &f);
	assert_non_null(msg);
	/* plain ASCII on the wire: every byte below 0x80 */
	for (const char *p = msg; *p != '\0'; p++)
		assert_true((unsigned char)*p < 0x80);
	assert_true(tu_lines_ok(msg, GX_MAIL_EW_LINE_MAX, GX_MAIL_QP_LINE_MAX));

	char *subject = tu_header(msg, "Subject"), *decoded = tu_decode_words(subject);
	assert_non_null(strstr(subject, "=?UTF-8?Q?"));
	assert_string_equal(decoded, m.subject);
	free(subject);
	free(decoded);
	char *from = tu_header(msg, "From");
	decoded = tu_decode_words(from);
	assert_string_equal(decoded, "Guichet – État <noreply@guichet.example>");
	free(from);
	free(decoded);
	char *body = tu_qp_body(msg);
	char want[1024];
	snprintf(want, sizeof(want), "%s\n", m.body);
	assert_string_equal(body, want);
	free(body);
	free(msg);
}

/* Encoded-words hold whole characters: a 4-byte character at every offset
 * never splits across two words. */
static void test_words_hold_whole_characters(void **state)
{
	char subject[200];
	for (int shift = 0; shift < 8; shift++) {
		size_t n = 0;
		for (int i = 0; i < shift; i++)
			subject[n++] = 'a';
		for (int i = 0; i < 12; i++) {
			memcpy(subject + n, "\xf0\x9f\x93\xac", 4); /* U+1F4EC */
			n += 4;
		}
		subject[n] = '\0';
		struct gx_mail_message m = base();
		m.subject = subject;
		enum gx_mail_fault f;
		char *msg = build(&m, &f);
		assert_non_null(msg);
		char *v = tu_header(msg, "Subject");
		/* each word decodes alone to valid UTF-8 */
		for (char *w = strstr(v, "=?UTF-8?Q?"); w != NULL; w = strstr(w + 1, "=?UTF-8?Q?")) {
			char *end = strstr(w, "?=");
			char *one = strndup(w, (size_t)(end - w + 2)), *d = tu_decode_words(one);
			assert_true(gx_mail_utf8_valid(d, strlen(d)));
			assert_true(strlen(one) <= 75);
			free(one);
			free(d);
		}
		char *d = tu_decode_words(v);
		assert_string_equal(d, subject);
		assert_true(tu_lines_ok(msg, GX_MAIL_EW_LINE_MAX, GX_MAIL_QP_LINE_MAX));
		free(d);
		free(v);
		free(msg);
	}
}

static void test_long_ascii_subject_folds_at_spaces(void **state)
{
	struct gx_mail_message m = base();
	m.subject = "A reminder that a document from the Administration des contributions directes is still "
		    "unread in your Guichet letter box, with two  spaces kept";
	enum gx_mail_fault f;
	char *msg = build(&m, &f);
	assert_non_null(msg);
	assert_true(tu_lines_ok(msg, GX_MAIL_LINE_MAX, GX_MAIL_QP_LINE_MAX));
	assert_non_null(strstr(msg, "\r\n "));
	expect_header(msg, "Subject", m.subject);
	free(msg);
	/* text that looks like an encoded-word is encoded, so it reads as written */
	m.subject = "=?UTF-8?Q?x?= is not a word here";
	msg = build(&m, &f);
	char *v = tu_header(msg, "Subject"), *d = tu_decode_words(v);
	assert_string_equal(d, m.subject);
	free(v);
	free(d);
	free(msg);
}

static void test_body_quoted_printable(void **state)
{
	struct gx_mail_message m = base();
	char body[600];
	/* a long line, a trailing space, a line that is a lone dot, a line
	 * starting "From ", '=' and a long word with no space at all */
	snprintf(body, sizeof(body), "%s\ntrailing space \n.\nFrom here\nx=y\n%s",
		 "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen",
		 "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789");
	m.body = body;
	enum gx_mail_fault f;
	char *msg = build(&m, &f);
	assert_non_null(msg);
	assert_true(tu_lines_ok(msg, GX_MAIL_LINE_MAX, GX_MAIL_QP_LINE_MAX));
	assert_non_null(strstr(msg, "trailing space=20\r\n"));
	assert_non_null(strstr(msg, "\r\n=2E\r\n"));
	assert_non_null(strstr(msg, "\r\n=46rom here\r\n"));
	assert_non_null(strstr(msg, "x=3Dy"));
	char *d = tu_qp_body(msg), want[700];
	snprintf(want, sizeof(want), "%s\n", body);
	assert_string_equal(d, want);
	free(d);
	free(msg);
}

static void test_refusals(void **state)
{
	enum gx_mail_fault f;
	struct gx_mail_message m;
#define REFUSED(field, value, fault)                                                                               \
	m = base();                                                                                                \
	m.field = value;                                                                                           \
	assert_null(build(&m, &f));                                                                                \
	assert_int_equal(f, fault)

	/* header injection: a line break anywhere is refused, never cleaned */
	REFUSED(subject, "Hello\r\nBcc: someone@example.org", GX_MAIL_FAULT_SUBJECT);
	REFUSED(subject, "Hello\nBcc: someone@example.org", GX_MAIL_FAULT_SUBJECT);
	REFUSED(subject, "Hello\rX: y", GX_MAIL_FAULT_SUBJECT);
	REFUSED(subject, "tab\there", GX_MAIL_FAULT_SUBJECT);
	REFUSED(subject, "C1 \xc2\x85 next line", GX_MAIL_FAULT_SUBJECT);
	REFUSED(subject, "", GX_MAIL_FAULT_SUBJECT);
	REFUSED(subject, "bad \xc3 UTF-8", GX_MAIL_FAULT_SUBJECT);
	REFUSED(subject, "overlong \xc0\xaf", GX_MAIL_FAULT_SUBJECT);
	REFUSED(subject, "surrogate \xed\xa0\x80", GX_MAIL_FAULT_SUBJECT);
	REFUSED(to, "person@example.org\r\nBcc: x@example.org", GX_MAIL_FAULT_TO);
	REFUSED(to, "person@example.org>, <x@example.org", GX_MAIL_FAULT_TO);
	REFUSED(to, "Person <person@example.org>", GX_MAIL_FAULT_TO);
	REFUSED(to, "", GX_MAIL_FAULT_TO);
	REFUSED(from, "noreply@guichet.example\nX: y", GX_MAIL_FAULT_FROM);
	REFUSED(from_name, "Guichet\r\nBcc: x@example.org", GX_MAIL_FAULT_FROM_NAME);
	REFUSED(body, "line\r\n.\r\nMAIL FROM:<x@example.org>", GX_MAIL_FAULT_BODY);
	REFUSED(body, "bare \r carriage return", GX_MAIL_FAULT_BODY);
	REFUSED(body, "a NUL-free control \x01", GX_MAIL_FAULT_BODY);
	REFUSED(lang, "EN", GX_MAIL_FAULT_LANG);
	REFUSED(lang, "en\r\nX", GX_MAIL_FAULT_LANG);

	char big[GX_MAIL_SUBJECT_MAX + 2];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	REFUSED(subject, big, GX_MAIL_FAULT_SUBJECT);
	big[GX_MAIL_SUBJECT_MAX] = '\0';
	m = base();
	m.subject = big;
	char *ok = build(&m, &f);
	assert_non_null(ok); /* one word of 256 letters: longer than 78, shorter than 998 */
	assert_true(tu_lines_ok(ok, 998, GX_MAIL_QP_LINE_MAX));
	free(ok);
#undef REFUSED
}

static void test_message_id_is_stable(void **state)
{
	char a[GX_MAIL_MESSAGE_ID_MAX], b[GX_MAIL_MESSAGE_ID_MAX], c[GX_MAIL_MESSAGE_ID_MAX];
	assert_int_equal(gx_mail_message_id((struct gx_mail_id){42}, "guichet.example", a, sizeof(a)), 0);
	assert_int_equal(gx_mail_message_id((struct gx_mail_id){42}, "guichet.example", b, sizeof(b)), 0);
	assert_int_equal(gx_mail_message_id((struct gx_mail_id){43}, "guichet.example", c, sizeof(c)), 0);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	/* a known value: changing the derivation changes every resend's id */
	assert_string_equal(a + 33, "@guichet.example>");
	char small[20];
	assert_int_equal(gx_mail_message_id((struct gx_mail_id){42}, "guichet.example", small, sizeof(small)), -1);

	/* two builds of one notification are the same bytes, whenever they happen */
	struct gx_mail_message m = base();
	enum gx_mail_fault f;
	char *x = build(&m, &f), *y = build(&m, &f);
	assert_string_equal(x, y);
	m.id.value = 43;
	char *z = build(&m, &f);
	assert_string_not_equal(x, z);
	free(x);
	free(y);
	free(z);
}

static void test_date(void **state)
{
	char d[40];
	gx_mail_date(0, d, sizeof(d));
	assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 +0000");
	gx_mail_date(T0 + 999999, d, sizeof(d));
	assert_string_equal(d, "Tue, 05 Mar 2024 10:00:00 +0000");
	gx_mail_date(951782400LL * 1000000, d, sizeof(d));
	assert_string_equal(d, "Tue, 29 Feb 2000 00:00:00 +0000");
}

static void test_from_name_quoting(void **state)
{
	struct gx_mail_message m = base();
	enum gx_mail_fault f;
	m.from_name = "Guichet \"official\" \\ platform";
	char *msg = build(&m, &f);
	char *v = tu_header(msg, "From");
	assert_string_equal(v, "\"Guichet \\\"official\\\" \\\\ platform\" <noreply@guichet.example>");
	free(v);
	free(msg);
	m.from_name = "";
	msg = build(&m, &f);
	v = tu_header(msg, "From");
	assert_string_equal(v, "noreply@guichet.example");
	free(v);
	free(msg);
	/* a long ASCII name goes as encoded-words, so that its lines stay short */
	m.from_name = "The platform of the State for procedures online, notifications service, do not reply";
	msg = build(&m, &f);
	assert_true(tu_lines_ok(msg, GX_MAIL_LINE_MAX, GX_MAIL_QP_LINE_MAX));
	v = tu_header(msg, "From");
	char *d = tu_decode_words(v);
	assert_string_equal(d, "The platform of the State for procedures online, notifications service, do not reply "
			       "<noreply@guichet.example>");
	free(d);
	free(v);
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_message),
		cmocka_unit_test(test_utf8_subject_and_body),
		cmocka_unit_test(test_words_hold_whole_characters),
		cmocka_unit_test(test_long_ascii_subject_folds_at_spaces),
		cmocka_unit_test(test_body_quoted_printable),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_message_id_is_stable),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_from_name_quoting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
