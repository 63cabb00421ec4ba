#ifndef GX_MAIL_REPLY_H
#define GX_MAIL_REPLY_H

/** Reading an SMTP server's replies (RFC 5321 §4.2) as the mailer sees
 *  them through libcurl's debug callback: the lines the server sent, and
 *  the commands we sent, which say what a reply answers.
 *
 *  The server's text is untrusted and may hold the recipient's address
 *  ("550 5.1.1 <x@y>: no such user"): only the reply code and the enhanced
 *  status code (RFC 3463) are kept, never the text; of a command, only its
 *  verb. Allocates nothing; any split of the bytes gives the same result. */

#include <stdbool.h>
#include <stddef.h>

/** The command the last reply answers. */
enum gx_smtp_phase {
	GX_SMTP_CONNECT,   /* the greeting */
	GX_SMTP_HELLO,     /* EHLO, HELO */
	GX_SMTP_STARTTLS,
	GX_SMTP_AUTH,      /* AUTH and the SASL exchange after it */
	GX_SMTP_MAIL,      /* MAIL FROM */
	GX_SMTP_RCPT,      /* RCPT TO */
	GX_SMTP_DATA,      /* DATA, and the reply to the message's end */
	GX_SMTP_QUIT,
	GX_SMTP_OTHER,     /* RSET, NOOP, anything else */
};

/** A constant name ("rcpt"). */
const char *gx_smtp_phase_name(enum gx_smtp_phase p);

#define GX_SMTP_LINE_MAX 512   /* RFC 5321 §4.5.3.1.5: a reply line, CRLF included */

/** What a send heard: the reply that tells how it went. That is the last
 *  complete reply, until a reply of 400 or more: the first such error is
 *  kept, so that the QUIT libcurl sends after a refusal (and its 221) does
 *  not hide the refusal. */
struct gx_smtp_reader {
	enum gx_smtp_phase phase;        /* the command sent last */
	enum gx_smtp_phase reply_phase;  /* the command the kept reply answers */
	unsigned code;             /* the kept reply's code (200 to 599), 0 when none */
	unsigned status[3];        /* its enhanced status code, when has_status */
	bool has_status;
	bool malformed;            /* a line that was not a reply line: code is then 0 */
	/* the line being read */
	char line[GX_SMTP_LINE_MAX];
	size_t len;
	bool overlong;
	unsigned pending;          /* the code of a multi-line reply under way, 0 when none */
};

/** Starts reading a new session or send: phase CONNECT, no reply yet. */
void gx_smtp_reader_init(struct gx_smtp_reader *r);

/** Reads bytes the server sent. */
void gx_smtp_reader_feed(struct gx_smtp_reader *r, const char *data, size_t len);

/** Notes a command line we sent: its verb sets the phase. */
void gx_smtp_reader_command(struct gx_smtp_reader *r, const char *data, size_t len);

/** Parses one reply line (without its CRLF): returns 0 and sets *code,
 *  *last (false for a "250-" continuation line) and the enhanced status
 *  code when the text starts with one; -1 when it is not a reply line. */
int gx_smtp_reply_line(const char *line, size_t len, unsigned *code, bool *last, unsigned status[3],
		       bool *has_status);

#endif
