/* Persons and the spaces they act in (spaces.h): what is read. The writes
 * are in members.c, mandates.c and space_registers.c. */

#include "core/spaces.h"

#include <string.h>

#include "core/space_ops.h"

enum gx_db_status gx_person_read(struct gx_store_conn *db, struct gx_person_id person, struct gx_person *out)
{
	return gx_store_person_get(db, person.v, out);
}

enum gx_db_status gx_spaces_read(const struct gx_core_ctx *c, char **out)
{
	return gx_store_spaces_of(c->db, c->person, c->now_us, out);
}

enum gx_db_status gx_invitations_for_me(const struct gx_core_ctx *c, char **out)
{
	char mine[14];
	*out = NULL;
	if (gx_space_my_national_id(c, mine) != 0)
		return GX_DB_HARD_ERROR;
	return gx_store_invitations_for(c->db, mine, c->now_us, out);
}

enum gx_db_status gx_mandates_for_me(const struct gx_core_ctx *c, char **out)
{
	char mine[14];
	*out = NULL;
	if (gx_space_my_national_id(c, mine) != 0)
		return GX_DB_HARD_ERROR;
	return gx_store_mandates_for(c->db, mine, out);
}

enum gx_db_status gx_space_members_read(struct gx_store_conn *db, struct gx_space_id space, char **out)
{
	return gx_store_members_list(db, space, out);
}

enum gx_db_status gx_space_invitations_read(const struct gx_core_ctx *c, struct gx_space_id space, char **out)
{
	return gx_store_invitations_of_space(c->db, space, c->now_us, out);
}

enum gx_db_status gx_space_mandates_read(struct gx_store_conn *db, struct gx_space_id space, char **out)
{
	return gx_store_mandates_of_space(db, space, out);
}

enum gx_db_status gx_space_history_read(struct gx_store_conn *db, struct gx_space_id space, size_t limit, char **out)
{
	return gx_store_space_events(db, space, limit, out);
}

enum gx_db_status gx_space_acts_read(struct gx_store_conn *db, struct gx_space_id space, size_t limit, char **out)
{
	return gx_store_space_acts(db, space, limit, out);
}

/* --- the active space ------------------------------------------------------------------------- */

struct activation {
	struct space_op *op;
	unsigned char id_hash[GX_SESSION_HASH_BYTES];
};

static enum gx_db_status write_active(struct gx_store_conn *w, void *arg)
{
	struct space_op *op = arg;
	struct activation *a = op->more;
	enum gx_db_status s = gx_store_session_space_set(w, a->id_hash, GX_ID(gx_space_id, op->space_id));
	if (s == GX_DB_NO_RESULTS)
		op->res.status = GX_CORE_NOT_FOUND; /* the session ended meanwhile */
	return s;
}

void gx_space_activate(const struct gx_core_ctx *c, struct gx_space_id space,
		       const unsigned char id_hash[GX_SESSION_HASH_BYTES], gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_space_op_new(c, done, arg);
	if (c->access == NULL || c->access->via == GX_VIA_NONE || c->access->space.id != space.v) {
		gx_space_op_end(op, GX_CORE_NOT_FOUND, NULL, NULL);
		return;
	}
	struct activation *a = gx_core_alloc(c, sizeof(*a));
	a->op = op;
	memcpy(a->id_hash, id_hash, GX_SESSION_HASH_BYTES);
	op->more = a;
	op->space_id = space.v;
	op->res.id = space.v;
	gx_space_op_write(op, write_active);
}
