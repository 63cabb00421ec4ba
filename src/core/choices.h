#ifndef GX_CORE_CHOICES_H
#define GX_CORE_CHOICES_H

/** The person's Yes/No to prefilling from each register that offers the
 *  choice: a No means the register is never asked for them, by any
 *  procedure or by My data. */

#include <stdbool.h>
#include <stddef.h>

#include "core/ctx.h"
#include "sources/registers.h"

/** Which of the n registers the person said No to: declined[i] for regs[i]
 *  (false for a register that offers no choice). Every choice is read, so
 *  none can be missed. */
enum gx_db_status gx_choices_declined(const struct gx_core_ctx *c, const struct gx_register *const *regs, size_t n,
				      bool *declined);

/** The same for another person's choices (the person a space is prefilled
 *  for: its owner, not the mandatary or the parent who acts). */
enum gx_db_status gx_choices_declined_of(const struct gx_core_ctx *c, struct gx_person_id person,
					 const struct gx_register *const *regs, size_t n, bool *declined);

/** The same for the acting person, whose choices are at version (their
 *  gx_person.choices_version, just read): from c->own_declined, what their
 *  session keeps, when it is complete and of that version; else from the
 *  store. A change made anywhere moves the version, so a No is never
 *  missed for a session's older copy. */
enum gx_db_status gx_choices_declined_mine(const struct gx_core_ctx *c, long long version,
					   const struct gx_register *const *regs, size_t n, bool *declined);

/** The configured register called name that offers the choice, or NULL. */
const struct gx_register *gx_choice_register(const struct gx_core_ctx *c, const char *name);

/** Records the person's choice for reg (from gx_choice_register): a consent
 *  decision, so durable before done(arg, result) runs (exactly once). When
 *  now is not NULL and the choice was stored, it holds the person's No's as
 *  that transaction left them (with their new version): what their
 *  sessions should keep. */
void gx_choice_set(const struct gx_core_ctx *c, const struct gx_register *reg, bool allowed,
		   struct gx_declined_names *now, gx_durable_done_fn done, void *arg);

#endif
