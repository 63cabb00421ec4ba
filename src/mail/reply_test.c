/** Tests of the SMTP reply reader (codes, enhanced status codes,
 *  multi-line replies, any split of the bytes, garbage) and of what an
 *  attempt's end means (delivered, transient, permanent). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "mail/outcome.h"
#include "mail/reply.h"

static void test_reply_lines(void **state)
{
	unsigned code, st[3];
	bool last, has;
	const char *l = "250 2.0.0 Ok: queued as 12345";
	assert_int_equal(gx_smtp_reply_line(l, strlen(l), &code, &last, st, &has), 0);
	assert_int_equal(code, 250);
	assert_true(last);
	assert_true(has);
	assert_int_equal(st[0], 2);
	assert_int_equal(st[1], 0);
	assert_int_equal(st[2], 0);
	l = "550-5.1.1 <person@example.org>: Recipient address rejected";
	assert_int_equal(gx_smtp_reply_line(l, strlen(l), &code, &last, st, &has), 0);
	assert_int_equal(code, 550);
	assert_false(last);
	assert_true(has);
	assert_int_equal(st[1], 1);
	assert_int_equal(st[2], 1);
	l = "451 4.7.100 Try again later";
	assert_int_equal(gx_smtp_reply_line(l, strlen(l), &code, &last, st, &has), 0);
	assert_true(has);
	assert_int_equal(st[2], 100);
	/* no text at all; text without a status; a status of the wrong class */
	assert_int_equal(gx_smtp_reply_line("354", 3, &code, &last, st, &has), 0);
	assert_true(last);
	assert_false(has);
	l = "220 mail.example.org ESMTP";
	assert_int_equal(gx_smtp_reply_line(l, strlen(l), &code, &last, st, &has), 0);
	assert_false(has);
	l = "550 4.1.1 mixed";
	assert_int_equal(gx_smtp_reply_line(l, strlen(l), &code, &last, st, &has), 0);
	assert_false(has);
	l = "550 5.1.1000 too many digits";
	assert_int_equal(gx_smtp_reply_line(l, strlen(l), &code, &last, st, &has), 0);
	assert_false(has);
	l = "550 5.1.1x";
	assert_int_equal(gx_smtp_reply_line(l, strlen(l), &code, &last, st, &has), 0);
	assert_false(has);
	/* not reply lines */
	const char *bad[] = {"", "25", "2500 x", "650 x", "150 x", "260 x", "abc def", "250:x", "25a x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(gx_smtp_reply_line(bad[i], strlen(bad[i]), &code, &last, st, &has), -1);
	assert_int_equal(gx_smtp_reply_line("250 a\rb", 7, &code, &last, st, &has), -1);
}

static void feed_split(struct gx_smtp_reader *r, const char *s, size_t step)
{
	for (size_t off = 0, n = strlen(s); off < n; off += step)
		gx_smtp_reader_feed(r, s + off, n - off < step ? n - off : step);
}

static void test_reader_any_split(void **state)
{
	const char *session = "220 smtp.example.org ESMTP\r\n"
			      "250-smtp.example.org\r\n250-PIPELINING\r\n250 STARTTLS\r\n"
			      "250 2.1.0 Ok\r\n"
			      "451-4.3.0 Temporary failure\r\n451 4.3.0 <person@example.org> try later\r\n";
	for (size_t step = 1; step <= strlen(session); step++) {
		struct gx_smtp_reader r;
		gx_smtp_reader_init(&r);
		feed_split(&r, session, step);
		assert_int_equal(r.code, 451);
		assert_true(r.has_status);
		assert_int_equal(r.status[0], 4);
		assert_int_equal(r.status[1], 3);
		assert_false(r.malformed);
	}
	/* a multi-line reply counts only when complete */
	struct gx_smtp_reader r;
	gx_smtp_reader_init(&r);
	gx_smtp_reader_feed(&r, "250 ok\r\n550-5.1.1 no\r\n", 22);
	assert_int_equal(r.code, 250);
	gx_smtp_reader_feed(&r, "550 5.1.1 no\n", 13); /* a bare LF ends a line too */
	assert_int_equal(r.code, 550);
}

static void test_reader_garbage(void **state)
{
	struct gx_smtp_reader r;
	gx_smtp_reader_init(&r);
	gx_smtp_reader_feed(&r, "250 ok\r\n", 8);
	gx_smtp_reader_feed(&r, "HTTP/1.1 400 Bad Request\r\n", 26);
	assert_int_equal(r.code, 0);
	assert_true(r.malformed);
	/* a continuation with another code */
	gx_smtp_reader_init(&r);
	gx_smtp_reader_feed(&r, "250-a\r\n550 b\r\n", 14);
	assert_int_equal(r.code, 0);
	assert_true(r.malformed);
	/* an overlong line */
	gx_smtp_reader_init(&r);
	char line[GX_SMTP_LINE_MAX + 10];
	memset(line, 'x', sizeof(line));
	memcpy(line, "250 ", 4);
	gx_smtp_reader_feed(&r, line, sizeof(line));
	gx_smtp_reader_feed(&r, "\r\n", 2);
	assert_int_equal(r.code, 0);
	assert_true(r.malformed);
	/* and a good line after it reads again */
	gx_smtp_reader_feed(&r, "421 4.4.2 closing\r\n", 19);
	assert_int_equal(r.code, 421);
	assert_false(r.malformed);
}

static void test_phases(void **state)
{
	struct gx_smtp_reader r;
	gx_smtp_reader_init(&r);
	assert_int_equal(r.phase, GX_SMTP_CONNECT);
	struct {
		const char *cmd;
		enum gx_smtp_phase phase;
	} steps[] = {
		{"EHLO client.example.org\r\n", GX_SMTP_HELLO}, {"STARTTLS\r\n", GX_SMTP_STARTTLS},
		{"ehlo client\r\n", GX_SMTP_HELLO},             {"AUTH PLAIN\r\n", GX_SMTP_AUTH},
		{"dXNlcgB1c2VyAHBhc3M=\r\n", GX_SMTP_AUTH},     {"MAIL FROM:<noreply@guichet.example>\r\n", GX_SMTP_MAIL},
		{"RCPT TO:<person@example.org>\r\n", GX_SMTP_RCPT}, {"DATA\r\n", GX_SMTP_DATA},
		{"RSET\r\n", GX_SMTP_OTHER},                    {"DATABASE\r\n", GX_SMTP_OTHER},
		{"QUIT\r\n", GX_SMTP_QUIT},                     {"", GX_SMTP_OTHER},
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		gx_smtp_reader_command(&r, steps[i].cmd, strlen(steps[i].cmd));
		assert_int_equal(r.phase, steps[i].phase);
	}
	assert_string_equal(gx_smtp_phase_name(GX_SMTP_RCPT), "rcpt");
}

/* libcurl sends QUIT after a refusal: its 221 must not hide the refusal. */
static void test_first_error_kept(void **state)
{
	struct gx_smtp_reader r;
	gx_smtp_reader_init(&r);
	const char *cmds[] = {"EHLO c\r\n", "MAIL FROM:<a@example.org>\r\n", "RCPT TO:<b@example.org>\r\n", "QUIT\r\n"};
	const char *replies[] = {"250 hi\r\n", "250 2.1.0 ok\r\n", "451 4.3.0 busy\r\n", "221 2.0.0 bye\r\n"};
	gx_smtp_reader_feed(&r, "220 hello\r\n", 11);
	assert_int_equal(r.reply_phase, GX_SMTP_CONNECT);
	for (int i = 0; i < 4; i++) {
		gx_smtp_reader_command(&r, cmds[i], strlen(cmds[i]));
		gx_smtp_reader_feed(&r, replies[i], strlen(replies[i]));
		if (i == 1) {
			assert_int_equal(r.code, 250);
			assert_int_equal(r.reply_phase, GX_SMTP_MAIL);
		}
	}
	assert_int_equal(r.phase, GX_SMTP_QUIT);
	assert_int_equal(r.reply_phase, GX_SMTP_RCPT);
	assert_int_equal(r.code, 451);
	assert_int_equal(r.status[0], 4);
}

static void test_classify(void **state)
{
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_NONE, GX_SMTP_DATA, 250), GX_MAIL_DELIVERED);
	/* refusals of this message to this address: permanent */
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_REPLY, GX_SMTP_RCPT, 550), GX_MAIL_PERMANENT);
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_REPLY, GX_SMTP_DATA, 554), GX_MAIL_PERMANENT);
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_MESSAGE, GX_SMTP_CONNECT, 0), GX_MAIL_PERMANENT);
	/* 4xx anywhere: transient */
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_REPLY, GX_SMTP_RCPT, 451), GX_MAIL_TRANSIENT);
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_REPLY, GX_SMTP_DATA, 452), GX_MAIL_TRANSIENT);
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_REPLY, GX_SMTP_CONNECT, 421), GX_MAIL_TRANSIENT);
	/* 5xx about the server or our settings, not this message: transient */
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_REPLY, GX_SMTP_CONNECT, 554), GX_MAIL_TRANSIENT);
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_REPLY, GX_SMTP_MAIL, 550), GX_MAIL_TRANSIENT);
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_REPLY, GX_SMTP_HELLO, 501), GX_MAIL_TRANSIENT);
	assert_int_equal(gx_mail_classify(GX_MAIL_CAUSE_AUTH, GX_SMTP_AUTH, 535), GX_MAIL_TRANSIENT);
	/* no reply at all */
	const enum gx_mail_cause no_reply[] = {GX_MAIL_CAUSE_CONNECT, GX_MAIL_CAUSE_TIMEOUT, GX_MAIL_CAUSE_TLS,
					       GX_MAIL_CAUSE_NETWORK, GX_MAIL_CAUSE_LOCAL};
	for (size_t i = 0; i < sizeof(no_reply) / sizeof(no_reply[0]); i++) {
		assert_int_equal(gx_mail_classify(no_reply[i], GX_SMTP_CONNECT, 0), GX_MAIL_TRANSIENT);
		assert_int_equal(gx_mail_classify(no_reply[i], GX_SMTP_DATA, 0), GX_MAIL_TRANSIENT);
	}
	assert_string_equal(gx_mail_outcome_name(GX_MAIL_PERMANENT), "permanent");
	assert_string_equal(gx_mail_cause_name(GX_MAIL_CAUSE_TLS), "tls");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_lines),
		cmocka_unit_test(test_reader_any_split),
		cmocka_unit_test(test_reader_garbage),
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_first_error_kept),
		cmocka_unit_test(test_classify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
