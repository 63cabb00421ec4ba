#ifndef GX_MAIL_OUTCOME_H
#define GX_MAIL_OUTCOME_H

/** What one attempt to send a notification came to, and what to do next.
 *
 *  Permanent means "this message to this address will never be taken":
 *  only a 5xx reply to RCPT TO or DATA (or to the message's end), or a
 *  message we cannot build. Anything that is about the server or our
 *  settings rather than this message (no connection, a timeout, TLS
 *  refused, a login refused, a 4xx, even a 5xx to the greeting, EHLO or
 *  MAIL FROM) is transient: retried with backoff, so that a wrong password
 *  or a server down for a day loses no notification; max attempts bounds it. */

#include <stdbool.h>

#include "mail/reply.h"

enum gx_mail_outcome {
	GX_MAIL_DELIVERED,   /* the server took it: 250 after the message's end */
	GX_MAIL_TRANSIENT,   /* try again after retry_after_ms */
	GX_MAIL_PERMANENT,   /* never try again */
};

enum gx_mail_cause {
	GX_MAIL_CAUSE_NONE,
	GX_MAIL_CAUSE_CONNECT,   /* no connection: refused, unreachable, name not found */
	GX_MAIL_CAUSE_TIMEOUT,
	GX_MAIL_CAUSE_TLS,       /* STARTTLS missing while required, handshake or certificate failed */
	GX_MAIL_CAUSE_AUTH,      /* login refused */
	GX_MAIL_CAUSE_REPLY,     /* the server answered with an error code */
	GX_MAIL_CAUSE_NETWORK,   /* the connection broke, or the server spoke no SMTP */
	GX_MAIL_CAUSE_LOCAL,     /* our side: out of memory, a setting libcurl refused */
	GX_MAIL_CAUSE_MESSAGE,   /* the notification could not be made into a message */
};

/** A send's result. Holds no address and no server text, so it may be logged whole. */
struct gx_mail_result {
	enum gx_mail_outcome outcome;
	enum gx_mail_cause cause;
	enum gx_smtp_phase phase;   /* the command the last reply (or the first error) answered */
	unsigned smtp_code;         /* that reply's code when it is the cause (or 250), else 0 */
	unsigned status[3];         /* its enhanced status code, when has_status */
	bool has_status;
	long long retry_after_ms;   /* transient: the backoff before the next attempt */
};

/** The outcome of an attempt that ended with cause, the last reply being
 *  code (0 when none) to a command of phase. */
enum gx_mail_outcome gx_mail_classify(enum gx_mail_cause cause, enum gx_smtp_phase phase, unsigned code);

const char *gx_mail_outcome_name(enum gx_mail_outcome o);   /* "delivered", "transient", "permanent" */
const char *gx_mail_cause_name(enum gx_mail_cause c);       /* "connect", "reply", … */

#endif
