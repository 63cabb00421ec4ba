#ifndef GX_CORE_GUEST_H
#define GX_CORE_GUEST_H

/**
 * Procedures submitted without logging in (a definition's
 * "without_login"; docs/procedures.md, "Without logging in"): nothing is
 * prefilled, nothing is kept for the person across visits, and the
 * submission reaches the organisation like any other. Checked on the
 * server against the definition; then, in one transaction: the form's
 * one-time token looked up (a repeated post is the same submission: its
 * reference comes back, nothing is written), the abuse limits counted (per
 * client address and hour, per receipt mailbox and day: beyond either,
 * nothing is written), a space of its own that nobody owns, the year's
 * reference, the signed receipt, the submission, its case, the token's
 * record. Then the receipt is mailed to the address the person gave
 * (mail_out.h); it holds the procedure's title, the organisation, the day
 * and the reference, nothing the person typed.
 */

#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"

struct gx_guest_in {
	const struct gx_procedure *p;
	const json_t *data;               /* the answers (borrowed) */
	const char *lang;                 /* "fr", "de", "en", "lb": messages and the mail */
	unsigned char token_hash[32];     /* SHA-256 of the form's one-time token */
	const char *address;              /* the client's network address, for its limit (never stored) */
	const char *mailbox;              /* where the receipt goes (a checked address) */
	const char *procedure_title;      /* the mail's texts, in lang */
	const char *organisation_title;
};

struct gx_guest_result {
	/* OK; INVALID (errors: every fault at once); CONFLICT (repeated: the
	 * token made a submission already, reference says which; or limited:
	 * a limit is reached, limit says which); UNAVAILABLE; FAULT */
	enum gx_core_status status;
	const json_t *errors;                       /* borrowed for the call */
	bool repeated;
	const char *limit;                          /* "address" or "mailbox" when limited */
	char reference[32];                         /* OK and repeated */
	const struct gx_submission *submission;     /* OK: what was stored, receipt and signature included */
	bool mailed;                                /* OK: the receipt was queued for the mailbox */
};
/** The longest receipt mailbox accepted, in bytes. */
#define GX_GUEST_MAILBOX_MAX 254

/** Whether s (NUL-terminated) is a mailbox the receipt can be mailed to:
 *  plain ASCII, one '@', a dotted host name (mail/address.h). */
bool gx_guest_mailbox_ok(const char *s);

typedef void (*gx_guest_done_fn)(void *arg, const struct gx_guest_result *r);

/** Submits in's answers; done runs exactly once. */
void gx_guest_submit(const struct gx_core_ctx *c, const struct gx_guest_in *in, gx_guest_done_fn done, void *arg);

#endif
