#ifndef GX_CORE_EMAIL_H
#define GX_CORE_EMAIL_H

/**
 * The person's e-mail address for notifications: the address they
 * declared themselves (self-declared "email"), used only once they typed
 * back a one-time code mailed to it (mail/code.h). The code is never
 * stored: a salted hash keyed with the platform's secret (mail.code_key_file)
 * and bound to the person and the address; the code itself travels only
 * through the in-memory queue to the sender (a code lost in a crash is
 * asked for again). Changing the declared address voids the verification.
 * Limits: 15 minutes, 5 wrong guesses, a minute between codes, 5 a day.
 */

#include <stdbool.h>

#include "core/ctx.h"

struct gx_mail_memqueue;

/** Loads the code key from path (32 bytes, base64url), creating it (0600)
 *  when missing. 0, or -1 with err. */
int gx_email_init(const char *key_file, char *err, size_t errlen);
void gx_email_free(void);
/** Where codes are queued for the sender (guichetd's in-memory queue), and
 *  how the sender is woken; NULL: codes are made but not mailed (tests). */
void gx_email_set_queue(struct gx_mail_memqueue *q, void (*wake)(void *), void *arg);

/** Where the person's address stands. */
struct gx_email_state {
	char address[256];        /* the declared address; "" when none */
	bool verified;            /* this address was verified */
	bool code_pending;        /* a code for it was mailed and may still be typed */
};
enum gx_db_status gx_email_state(struct gx_store_conn *db, struct gx_person_id person, long long now_us,
				 struct gx_email_state *out);

/** What a code request or a check came to. */
struct gx_email_done {
	/* OK; INVALID (why: "no_address", "too_soon", "no_code", "wrong",
	 * "malformed", "expired", "locked": the catalog's mydata.email_<why>);
	 * UNAVAILABLE; FAULT */
	enum gx_core_status status;
	const char *why;
};
typedef void (*gx_email_done_fn)(void *arg, const struct gx_email_done *r);

/** Mails a new code to the acting person's declared address, in lang. */
void gx_email_send_code(const struct gx_core_ctx *c, const char *lang, gx_email_done_fn done, void *arg);
/** Checks the code the person typed; OK: the address is verified. */
void gx_email_verify(const struct gx_core_ctx *c, const char *typed, gx_email_done_fn done, void *arg);

#endif
