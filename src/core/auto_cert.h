#ifndef GX_CORE_AUTO_CERT_H
#define GX_CORE_AUTO_CERT_H

/**
 * Certificates issued automatically: a procedure whose definition declares
 * an automatic issuer ("automatic", procedures/check_automatic.c) is decided
 * by the platform as soon as it is submitted. The person's data is read
 * from the population register for this submission (an access record per
 * person read, before any value is used: the person, and for a household
 * their partner and children, on the person's behalf); the facts are
 * checked (certificates/data.h), the PDF built with a new verification
 * code and signed (certificates/issue.h); then one durable write stores the
 * certificate's record (what /verify reads), delivers the PDF to the
 * letter box with its notification, and moves the case to its final status
 * in the person's timeline. Anything that refuses (a register down, a
 * value a certificate cannot print, the household too large) leaves the
 * submission with the organisation as an ordinary case.
 */

#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"

struct gx_procedure;

/** Set at start (settings certificates.*, site.url). */
struct gx_cert_settings {
	const char *platform;       /* the platform's name on the PDF */
	const char *site_url;       /* where /verify is */
	const char *fonts_dir;      /* NULL: Debian's DejaVu */
};
extern struct gx_cert_settings gx_cert_settings;

/** Whether submission answers (normalised) of procedure p are issued
 *  automatically: its definition declares it, and the type field's value
 *  is one of its types (and "when" holds). */
bool gx_auto_cert_wanted(const struct gx_procedure *p, const json_t *answers);

/** How it ended: issued (OK), or left to the organisation (why, a constant
 *  naming the reason for the operational log: never a value). */
struct gx_auto_cert_done {
	enum gx_core_status status;
	const char *why;
	long long document_id;
	char code[20];
};
typedef void (*gx_auto_cert_fn)(void *arg, const struct gx_auto_cert_done *r);

/** Issues the certificate of submission s (just committed, of procedure p,
 *  by c->person); done runs exactly once, on the loop. */
void gx_auto_cert_issue(const struct gx_core_ctx *c, const struct gx_procedure *p, const struct gx_submission *s,
			long long submission_id, gx_auto_cert_fn done, void *arg);

#endif
