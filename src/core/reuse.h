#ifndef GX_CORE_REUSE_H
#define GX_CORE_REUSE_H

/**
 * Back-office once-only: an organisation fetches a person's data from the
 * registers itself, for a submission whose person consented to it inside
 * the procedure. Each fetch is checked against the consent (the registers
 * and attributes it names, not expired, not revoked: else FORBIDDEN and no
 * register is asked), is asked of the registers as that organisation on
 * behalf of the person, writes its access records before any value is
 * returned, and appears in the person's timeline as a use of their consent.
 */

#include "core/cases.h"
#include "core/ctx.h"
#include "sources/prefill.h"

/** What a fetch asks of one register: attributes within the consent. */
struct gx_reuse_ask {
	const char *source;
	const char *const *attributes;
	size_t nattributes;
};

struct gx_reuse_result {
	/* OK; NOT_FOUND (no such case of the organisation); FORBIDDEN (no
	 * consent in force: refused, expired, revoked, or never asked); INVALID
	 * (asks a register or attribute beyond the consent: why says which);
	 * WITHHELD (the access records could not be written: no value);
	 * UNAVAILABLE; FAULT */
	enum gx_core_status status;
	const char *why;
	struct gx_prefill *pf;    /* OK: every register's status and values */
};
typedef void (*gx_reuse_done_fn)(void *arg, const struct gx_reuse_result *r);

/** Fetches for case submission_id of who's organisation what asks names
 *  (n of them), or everything the consent names when n is 0; done runs
 *  exactly once. */
void gx_reuse_fetch(const struct gx_core_ctx *c, const struct gx_org_actor *who, long long submission_id,
		    const struct gx_reuse_ask *asks, size_t n, gx_reuse_done_fn done, void *arg);

#endif
