/* A company's space: invitations, and its members' roles (spaces.h). */

#include "core/space_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/national_id.h"

#define INVITATION_DAYS 30

/* The event's detail, a JSON object text, into op->detail ("{}" when it does not fit). */
static void detail(struct space_op *op, json_t *d)
{
	char *text = d != NULL ? json_dumps(d, JSON_COMPACT) : NULL;
	if (text == NULL || strlen(text) >= sizeof(op->detail))
		snprintf(op->detail, sizeof(op->detail), "{}");
	else
		snprintf(op->detail, sizeof(op->detail), "%s", text);
	free(text);
	json_decref(d);
}

/* The procedures of op as a JSON value for a detail: the array, or null. */
static json_t *procedures_value(const struct space_op *op)
{
	return op->procedures[0] != '\0' ? json_loads(op->procedures, 0, NULL) : json_null();
}

static bool is_admin(const struct gx_core_ctx *c, struct gx_space_id space)
{
	return c->access != NULL && c->access->admin && c->access->space.id == space.v;
}

/* --- invitations ----------------------------------------------------------------------------- */

static enum gx_db_status write_invitation(struct gx_store_conn *w, void *arg)
{
	struct space_op *op = arg;
	enum gx_db_status s = gx_store_invitation_create(w, &op->inv, &op->res.id);
	if (s < 0)
		return s;
	return gx_store_space_event_append(w, GX_ID(gx_space_id, op->space_id), op->c->now_us, "member.invited",
					   op->c->person, op->detail);
}

void gx_invitation_create(const struct gx_core_ctx *c, struct gx_space_id space, const char *national_id,
			  const struct gx_member_input *in, gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_space_op_new(c, done, arg);
	if (!is_admin(c, space)) {
		gx_space_op_end(op, GX_CORE_FORBIDDEN, NULL, "only an administrator invites");
		return;
	}
	if (strcmp(c->access->space.kind, "professional") != 0) {
		gx_space_op_end(op, GX_CORE_CONFLICT, NULL, "a private space has no members: grant a mandate instead");
		return;
	}
	if (national_id == NULL || !gx_national_id_valid(national_id)) {
		gx_space_op_end(op, GX_CORE_INVALID, "national_id", "a national identification number of 13 digits");
		return;
	}
	if (gx_space_member_input(op, "professional", in) != 0)
		return;
	op->space_id = space.v;
	op->inv = (struct gx_invitation){.space_id = space.v, .invited_by = c->person.v, .created_at_us = c->now_us,
					 .expires_at_us = c->now_us + (long long)INVITATION_DAYS * 86400 * 1000000};
	snprintf(op->inv.national_id, sizeof(op->inv.national_id), "%s", national_id);
	snprintf(op->inv.role, sizeof(op->inv.role), "%s", op->role);
	snprintf(op->inv.procedures, sizeof(op->inv.procedures), "%s", op->procedures);
	detail(op, json_pack("{s:s, s:s, s:o}", "national_id", national_id, "role", op->role, "procedures",
			     procedures_value(op)));
	gx_space_op_write(op, write_invitation);
}

static enum gx_db_status write_answer(struct gx_store_conn *w, void *arg)
{
	struct space_op *op = arg;
	const char *state = op->flag ? "accepted" : "declined";
	enum gx_db_status s = gx_store_invitation_settle(w, op->inv.id, state, op->c->now_us);
	if (s == GX_DB_NO_RESULTS)
		return GX_DB_CONFLICT; /* answered or withdrawn meanwhile */
	if (s < 0)
		return s;
	struct gx_space_id space = GX_ID(gx_space_id, op->inv.space_id);
	/* A member already keeps their role: an administrator changes it, with
	 * its own checks (the last administrator stays one). */
	char role[16];
	if (op->flag && (s = gx_store_member_role(w, space, op->c->person, role)) < 0)
		return s;
	if (op->flag && s == GX_DB_NO_RESULTS &&
	    (s = gx_store_member_put(w, space, op->c->person, op->inv.role,
				     op->inv.procedures[0] != '\0' ? op->inv.procedures : NULL, op->c->now_us)) < 0)
		return s;
	return gx_store_space_event_append(w, space, op->c->now_us, op->flag ? "member.joined" : "invitation.declined",
					   op->c->person, op->detail);
}

void gx_invitation_answer(const struct gx_core_ctx *c, long long id, bool accept, gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_space_op_new(c, done, arg);
	char mine[14];
	enum gx_db_status s = id > 0 ? gx_store_invitation_get(c->db, id, &op->inv) : GX_DB_NO_RESULTS;
	if (s < 0 || (s == GX_DB_ONE_RESULT && gx_space_my_national_id(c, mine) != 0)) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, NULL);
		return;
	}
	/* Someone else's, answered, withdrawn or expired: as if it did not exist. */
	if (s == GX_DB_NO_RESULTS || strcmp(op->inv.national_id, mine) != 0 || strcmp(op->inv.state, "pending") != 0 ||
	    op->inv.expires_at_us <= c->now_us) {
		gx_space_op_end(op, GX_CORE_NOT_FOUND, NULL, NULL);
		return;
	}
	op->flag = accept;
	op->res.id = op->inv.space_id;
	json_t *procs = op->inv.procedures[0] != '\0' ? json_loads(op->inv.procedures, 0, NULL) : json_null();
	detail(op, json_pack("{s:I, s:s, s:o}", "invitation", (json_int_t)id, "role", op->inv.role, "procedures", procs));
	gx_space_op_write(op, write_answer);
}

static enum gx_db_status write_withdrawal(struct gx_store_conn *w, void *arg)
{
	struct space_op *op = arg;
	enum gx_db_status s = gx_store_invitation_settle(w, op->inv.id, "withdrawn", op->c->now_us);
	if (s == GX_DB_NO_RESULTS)
		return GX_DB_CONFLICT;
	if (s < 0)
		return s;
	return gx_store_space_event_append(w, GX_ID(gx_space_id, op->inv.space_id), op->c->now_us,
					   "invitation.withdrawn", op->c->person, op->detail);
}

void gx_invitation_withdraw(const struct gx_core_ctx *c, struct gx_space_id space, long long id,
			    gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_space_op_new(c, done, arg);
	if (!is_admin(c, space)) {
		gx_space_op_end(op, GX_CORE_FORBIDDEN, NULL, "only an administrator withdraws an invitation");
		return;
	}
	enum gx_db_status s = id > 0 ? gx_store_invitation_get(c->db, id, &op->inv) : GX_DB_NO_RESULTS;
	if (s < 0) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, NULL);
		return;
	}
	if (s == GX_DB_NO_RESULTS || op->inv.space_id != space.v || strcmp(op->inv.state, "pending") != 0) {
		gx_space_op_end(op, GX_CORE_NOT_FOUND, NULL, NULL);
		return;
	}
	op->res.id = id;
	detail(op, json_pack("{s:I, s:s}", "invitation", (json_int_t)id, "national_id", op->inv.national_id));
	gx_space_op_write(op, write_withdrawal);
}

/* --- members ------------------------------------------------------------------------------- */

static enum gx_db_status write_member(struct gx_store_conn *w, void *arg)
{
	struct space_op *op = arg;
	struct gx_space_id space = GX_ID(gx_space_id, op->space_id);
	struct gx_person_id member = GX_ID(gx_person_id, op->person_id);
	char role[16];
	enum gx_db_status s = gx_store_member_role(w, space, member, role);
	if (s < 0)
		return s;
	if (s == GX_DB_NO_RESULTS) {
		op->res.status = GX_CORE_NOT_FOUND; /* removed meanwhile */
		return GX_DB_NO_RESULTS;
	}
	/* The last administrator stays one: somebody must be able to invite. */
	bool leaves_admin = strcmp(role, "administrator") == 0 && (!op->flag || strcmp(op->role, "administrator") != 0);
	if (leaves_admin) {
		long long admins = 0;
		if ((s = gx_store_space_admins(w, space, &admins)) < 0)
			return s;
		if (admins <= 1) {
			op->res.reason = "the space's last administrator stays one: make another member administrator first";
			return GX_DB_CONFLICT;
		}
	}
	s = op->flag ? gx_store_member_put(w, space, member, op->role, op->procedures[0] != '\0' ? op->procedures : NULL,
					   op->c->now_us)
		     : gx_store_member_remove(w, space, member);
	if (s < 0)
		return s;
	return gx_store_space_event_append(w, space, op->c->now_us, op->flag ? "member.changed" : "member.removed",
					   op->c->person, op->detail);
}

void gx_member_change(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_person_id member,
		      const struct gx_member_input *in, gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_space_op_new(c, done, arg);
	if (!is_admin(c, space)) {
		gx_space_op_end(op, GX_CORE_FORBIDDEN, NULL, "only an administrator changes members");
		return;
	}
	char role[16];
	enum gx_db_status s = member.v > 0 ? gx_store_member_role(c->db, space, member, role) : GX_DB_NO_RESULTS;
	if (s < 0) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, NULL);
		return;
	}
	if (s == GX_DB_NO_RESULTS) {
		gx_space_op_end(op, GX_CORE_NOT_FOUND, NULL, NULL);
		return;
	}
	if (strcmp(role, "owner") == 0) {
		gx_space_op_end(op, GX_CORE_CONFLICT, NULL, "the owner of a private space stays its owner");
		return;
	}
	op->flag = in != NULL;
	if (in != NULL && gx_space_member_input(op, c->access->space.kind, in) != 0)
		return;
	op->space_id = space.v;
	op->person_id = member.v;
	op->res.id = member.v;
	detail(op, in != NULL ? json_pack("{s:I, s:s, s:s, s:o}", "person", (json_int_t)member.v, "from", role, "role",
					  op->role, "procedures", procedures_value(op))
			      : json_pack("{s:I, s:s}", "person", (json_int_t)member.v, "role", role));
	gx_space_op_write(op, write_member);
}
