/* libFuzzer driver for the mail library's handling of untrusted input. The
 * first byte picks:
 *   0  the address check (a person's self-declared e-mail): what it
 *      accepts is plain printable ASCII with one '@' and a dotted domain;
 *   1  the SMTP reply reader (a server's replies): the same result for any
 *      split of the bytes, codes within 200..599, a status of the code's class;
 *   2  message building from a subject, a body and a display name (the
 *      input's parts between NUL bytes): either refused, or ASCII with CRLF
 *      line ends, header lines within 998 and body lines within 76, exactly
 *      the headers we write (nothing injected), and the subject, the display
 *      name and the body read back as given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/address.h"
#include "mail/mail_testutil.h"
#include "mail/message.h"
#include "mail/reply.h"

static void fuzz_address(const char *s, size_t n)
{
	if (gx_mail_address_check(s, n) != GX_MAIL_ADDRESS_OK)
		return;
	size_t at = 0;
	if (n > GX_MAIL_ADDRESS_MAX)
		abort();
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			abort();
		at += s[i] == '@';
	}
	char *copy = strndup(s, n);
	const char *d = gx_mail_address_domain(copy);
	if (at != 1 || d == NULL || strchr(d, '.') == NULL || d == copy + 1)
		abort();
	free(copy);
}

static void fuzz_reply(const char *s, size_t n, size_t step)
{
	struct gx_smtp_reader whole, split;
	gx_smtp_reader_init(&whole);
	gx_smtp_reader_init(&split);
	gx_smtp_reader_feed(&whole, s, n);
	for (size_t off = 0; off < n; off += step)
		gx_smtp_reader_feed(&split, s + off, n - off < step ? n - off : step);
	if (whole.code != split.code || whole.has_status != split.has_status || whole.malformed != split.malformed ||
	    (whole.has_status && memcmp(whole.status, split.status, sizeof(whole.status)) != 0))
		abort();
	if (whole.code != 0 && (whole.code < 200 || whole.code > 599))
		abort();
	if (whole.has_status && (whole.status[0] != whole.code / 100 || whole.status[1] > 999 || whole.status[2] > 999))
		abort();
	if (whole.len > GX_SMTP_LINE_MAX)
		abort();
}

static void fuzz_message(const char *s, size_t n)
{
	/* subject \0 body \0 display name */
	char *buf = malloc(n + 3);
	memcpy(buf, s, n);
	buf[n] = buf[n + 1] = buf[n + 2] = '\0';
	const char *subject = buf, *body = subject + strlen(subject) + 1;
	if (body > buf + n)
		body = buf + n;
	const char *name = body + strlen(body) + 1;
	if (name > buf + n + 1)
		name = buf + n + 1;
	struct gx_mail_message m = {.from = "noreply@guichet.example", .from_name = name, .to = "person@example.org",
				    .subject = subject, .body = body, .lang = "fr", .date_us = 0, .id = {1}};
	struct gx_buf out = GX_BUF_INIT;
	enum gx_mail_fault f;
	if (gx_mail_message_build(&m, &out, &f) != 0) {
		if (out.len != 0 || f == GX_MAIL_FAULT_NONE)
			abort();
		free(buf);
		gx_buf_free(&out);
		return;
	}
	const char *msg = gx_buf_cstr(&out);
	if (strlen(msg) != out.len)
		abort();
	for (size_t i = 0; i < out.len; i++)
		if ((unsigned char)msg[i] >= 0x80)
			abort();
	if (!tu_lines_ok(msg, 998, 76))
		abort();
	/* exactly our eleven headers */
	char *h = tu_headers(msg);
	int lines = 0;
	for (char *p = h; *p != '\0'; p++)
		lines += *p == '\n';
	if (lines != 11)
		abort();
	free(h);
	/* what was given reads back */
	char *v = tu_header(msg, "Subject"), *d = tu_decode_words(v);
	if (strcmp(d, subject) != 0)
		abort();
	free(v);
	free(d);
	if (name[0] != '\0') {
		v = tu_header(msg, "From");
		d = tu_decode_words(v);
		size_t dl = strlen(d), tail = strlen(" <noreply@guichet.example>");
		if (dl < tail || strcmp(d + dl - tail, " <noreply@guichet.example>") != 0)
			abort();
		free(v);
		free(d);
	}
	char *b = tu_qp_body(msg);
	size_t bl = strlen(body);
	/* the body reads back, its last line ended */
	if (strncmp(b, body, bl) != 0 || strcmp(b + bl, (bl > 0 && body[bl - 1] == '\n') ? "" : "\n") != 0)
		abort();
	free(b);
	free(buf);
	gx_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	switch (data[0] % 3) {
	case 0:
		fuzz_address(s, n);
		break;
	case 1:
		fuzz_reply(s, n, (size_t)(data[0] >> 2) % 16 + 1);
		break;
	default:
		fuzz_message(s, n);
		break;
	}
	return 0;
}
