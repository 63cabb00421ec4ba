#ifndef GX_CORE_DRAFTS_H
#define GX_CORE_DRAFTS_H

/** Drafts: a procedure opened in a space, prefilled from the registers and
 *  the person's declared data, saved step by step, until it is submitted
 *  (submissions.h) or deleted. Every operation acts in one space, which the
 *  authorization layer has decided the person may act in; a draft of
 *  another space is "not found", as if it did not exist. */

#include <jansson.h>

#include "core/ctx.h"

struct gx_procedure;

/** Reads draft id if it lives in space and the acting person may act for
 *  its procedure there (c->access): GX_DB_ONE_RESULT (clear out with
 *  gx_draft_clear), GX_DB_NO_RESULTS (none, another space's, or a procedure
 *  outside their scope) or an error. */
enum gx_db_status gx_draft_load(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_draft_id id,
				struct gx_draft *out);

/** A newly opened draft, for its one completion. */
struct gx_draft_opened {
	enum gx_core_status status;    /* OK, FORBIDDEN (not for this person here), CONFLICT (not for this kind
					* of space), WITHHELD, UNAVAILABLE or FAULT */
	struct gx_draft_id id;
	const struct gx_procedure *procedure;
	const json_t *data;            /* field id -> first value; borrowed for the call */
	const json_t *provenance;      /* field id -> where it came from */
	const json_t *sources;         /* [{register, status}] of every register asked (or not: declined) */
};
typedef void (*gx_draft_opened_fn)(void *arg, const struct gx_draft_opened *o);

/** Opens procedure p in space for the acting person, if the decision
 *  (c->access) lets them act for p there and p is for that kind of space:
 *  asks the registers for the space's person or company (and the acting
 *  person's own record for a representative's fields), stores the
 *  prefilled draft with who started it (group commit) and, when acting for
 *  someone else, the act; then done runs exactly once. */
void gx_draft_open(const struct gx_core_ctx *c, struct gx_space_id space, const struct gx_procedure *p,
		   gx_draft_opened_fn done, void *arg);

/** done(arg, status) of a save or delete: OK, NOT_FOUND (gone meanwhile) or UNAVAILABLE. */
typedef void (*gx_draft_saved_fn)(void *arg, enum gx_core_status status);

/** Saves the answers data (a JSON object text, copied) and the step to
 *  resume at, into draft d (which the caller loaded with gx_draft_load). */
void gx_draft_save(const struct gx_core_ctx *c, const struct gx_draft *d, const char *data_json, int step,
		   gx_draft_saved_fn done, void *arg);

/** Deletes draft d (loaded with gx_draft_load) and its files. */
void gx_draft_delete(const struct gx_core_ctx *c, const struct gx_draft *d, gx_draft_saved_fn done, void *arg);

#endif
