/** What a send came to (outcome.h). */

#include "mail/outcome.h"

enum gx_mail_outcome gx_mail_classify(enum gx_mail_cause cause, enum gx_smtp_phase phase, unsigned code)
{
	if (cause == GX_MAIL_CAUSE_NONE)
		return GX_MAIL_DELIVERED;
	if (cause == GX_MAIL_CAUSE_MESSAGE)
		return GX_MAIL_PERMANENT;
	if (cause == GX_MAIL_CAUSE_REPLY && code >= 500 && code <= 599 &&
	    (phase == GX_SMTP_RCPT || phase == GX_SMTP_DATA))
		return GX_MAIL_PERMANENT;
	return GX_MAIL_TRANSIENT;
}

const char *gx_mail_outcome_name(enum gx_mail_outcome o)
{
	switch (o) {
	case GX_MAIL_DELIVERED: return "delivered";
	case GX_MAIL_TRANSIENT: return "transient";
	case GX_MAIL_PERMANENT: return "permanent";
	}
	return "invalid";
}

const char *gx_mail_cause_name(enum gx_mail_cause c)
{
	switch (c) {
	case GX_MAIL_CAUSE_NONE: return "none";
	case GX_MAIL_CAUSE_CONNECT: return "connect";
	case GX_MAIL_CAUSE_TIMEOUT: return "timeout";
	case GX_MAIL_CAUSE_TLS: return "tls";
	case GX_MAIL_CAUSE_AUTH: return "auth";
	case GX_MAIL_CAUSE_REPLY: return "reply";
	case GX_MAIL_CAUSE_NETWORK: return "network";
	case GX_MAIL_CAUSE_LOCAL: return "local";
	case GX_MAIL_CAUSE_MESSAGE: return "message";
	}
	return "invalid";
}
