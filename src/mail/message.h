#ifndef GX_MAIL_MESSAGE_H
#define GX_MAIL_MESSAGE_H

/** One notification as an RFC 5322 message, ready for SMTP DATA.
 *
 *  Headers: Date, From, To, Subject (RFC 2047 when not ASCII), Message-ID,
 *  MIME-Version, Content-Type text/plain; charset=UTF-8,
 *  Content-Transfer-Encoding quoted-printable, Content-Language, and
 *  Auto-Submitted: auto-generated (RFC 3834) so that vacation responders
 *  stay quiet. The body is quoted-printable. No header can be injected:
 *  every field is checked first (addresses by address.h, texts for
 *  control characters, CR and LF among them, and for well-formed UTF-8)
 *  and the build refuses rather than cleans.
 *
 *  The Message-ID comes from the notification's id alone (and the From
 *  domain): every attempt to send one notification carries the same one,
 *  so that a duplicate (the crash between the server's 250 and our record
 *  of it, docs/mail.md) is recognisable, and dropped by receivers that
 *  deduplicate. The Date is the notification's, not the attempt's, so
 *  that all attempts give the same bytes. */

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/** A notification's id: the outbox row's, or the in-memory queue's. */
struct gx_mail_id {
	uint64_t value;
};

#define GX_MAIL_SUBJECT_MAX 256         /* bytes */
#define GX_MAIL_BODY_MAX (16 * 1024)
#define GX_MAIL_FROM_NAME_MAX 127
/* "<" 32 hex "@" domain ">" */
#define GX_MAIL_MESSAGE_ID_MAX (1 + 32 + 1 + 253 + 1 + 1)

enum gx_mail_fault {
	GX_MAIL_FAULT_NONE,
	GX_MAIL_FAULT_FROM,        /* the From address */
	GX_MAIL_FAULT_FROM_NAME,   /* the display name: too long, a control character, not UTF-8 */
	GX_MAIL_FAULT_TO,          /* the recipient's address */
	GX_MAIL_FAULT_SUBJECT,
	GX_MAIL_FAULT_BODY,
	GX_MAIL_FAULT_LANG,
	GX_MAIL_FAULT_KIND,        /* no text for this kind in this language */
	GX_MAIL_FAULT_PARAM,       /* a parameter missing, too long, or holding a control character */
	GX_MAIL_FAULT_MEMORY,
};

/** A constant name ("subject"), for logs: never the value at fault. */
const char *gx_mail_fault_name(enum gx_mail_fault f);

/** What goes into a message; all strings NUL-terminated UTF-8, borrowed. */
struct gx_mail_message {
	const char *from;       /* address */
	const char *from_name;  /* display name, "" for none */
	const char *to;         /* address */
	const char *subject;    /* one line, at most GX_MAIL_SUBJECT_MAX bytes */
	const char *body;       /* lines separated by '\n', at most GX_MAIL_BODY_MAX bytes */
	const char *lang;       /* Content-Language: two or three lower-case letters */
	long long date_us;      /* the Date header: wall-clock microseconds */
	struct gx_mail_id id;   /* the Message-ID comes from it */
};

/** Appends the whole message (headers, blank line, body; CRLF line ends)
 *  to out. Returns 0, or -1 with *fault saying which field was refused
 *  (out then holds nothing new). */
int gx_mail_message_build(const struct gx_mail_message *m, struct gx_buf *out, enum gx_mail_fault *fault);

/** Writes "<hex@domain>" for id into out (cap bytes, at least
 *  GX_MAIL_MESSAGE_ID_MAX): 32 hex digits of a BLAKE2b hash of the id, so
 *  the id stays stable across attempts without being shown as a counter.
 *  Returns 0, or -1 when it does not fit. */
int gx_mail_message_id(struct gx_mail_id id, const char *domain, char *out, size_t cap);

/** Writes the RFC 5322 date of t_us in UTC ("Tue, 05 Mar 2024 10:00:00
 *  +0000") into out (at least 32 bytes). */
void gx_mail_date(long long t_us, char *out, size_t cap);

#endif
