#ifndef GX_CORE_SPACE_OPS_H
#define GX_CORE_SPACE_OPS_H

/* What the writes of spaces.h share (core only): one operation's state from
 * the request's pool, its durable write, its one completion, and the
 * checks of their inputs. */

#include <jansson.h>

#include "core/spaces.h"

struct space_op {
	const struct gx_core_ctx *c;
	struct gx_space_result res;
	gx_space_done_fn done;
	void *arg;
	/* what the write needs; each operation uses its own */
	long long space_id, id, person_id;
	char national_id[14];
	char role[16];
	char procedures[GX_SCOPE_JSON_MAX];   /* "" for every one */
	char detail[GX_SCOPE_JSON_MAX + 256]; /* the event's detail (JSON object) */
	bool flag;
	struct gx_invitation inv;
	struct gx_mandate mandate;
	void *more;                           /* an operation's own state */
};

/** A new operation in c's pool. */
struct space_op *gx_space_op_new(const struct gx_core_ctx *c, gx_space_done_fn done, void *arg);
/** Ends op now with status (field and reason when INVALID or CONFLICT). */
void gx_space_op_end(struct space_op *op, enum gx_core_status status, const char *field, const char *reason);
/** Queues write on the group commit; op ends when it is durable: OK when
 *  the write returned >= 0 (or the status the write left in op->res.status
 *  when it set one), CONFLICT for GX_DB_CONFLICT, else UNAVAILABLE. */
void gx_space_op_write(struct space_op *op, enum gx_db_status (*write)(struct gx_store_conn *w, void *arg));

/** Checks a member's role and procedures for a space of kind ("professional"
 *  or "private") into op->role and op->procedures (a JSON array text or "");
 *  -1 after ending op INVALID naming the field. */
int gx_space_member_input(struct space_op *op, const char *kind, const struct gx_member_input *in);
/** Checks procedure ids (1 to 20, each loaded and fit for a space of kind)
 *  into out (a JSON array text); NULL, or the reason one is refused. */
const char *gx_space_procedures_json(const struct gx_core_ctx *c, const char *kind, const char *const *ids, size_t n,
				     char out[GX_SCOPE_JSON_MAX]);

/** The acting person's national id into out; -1 when they cannot be read. */
int gx_space_my_national_id(const struct gx_core_ctx *c, char out[14]);

#endif
