/* What the writes of spaces.h share (space_ops.h). */

#include "core/space_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/catalog.h"
#include "procedures/definition.h"

#define PROCEDURES_MAX 20

struct space_op *gx_space_op_new(const struct gx_core_ctx *c, gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_core_alloc(c, sizeof(*op));
	op->c = c;
	op->done = done;
	op->arg = arg;
	op->res.status = GX_CORE_OK;
	return op;
}

void gx_space_op_end(struct space_op *op, enum gx_core_status status, const char *field, const char *reason)
{
	op->res.status = status;
	op->res.field = field;
	op->res.reason = reason;
	op->done(op->arg, &op->res);
}

struct written {
	struct space_op *op;
	enum gx_db_status (*write)(struct gx_store_conn *w, void *arg);
};

static enum gx_db_status run(struct gx_store_conn *w, void *arg)
{
	struct written *x = arg;
	x->op->res.status = GX_CORE_OK;
	return x->write(w, x->op);
}

static void on_written(void *arg, enum gx_db_status result)
{
	struct written *x = arg;
	struct space_op *op = x->op;
	if (result < 0)
		op->res.status = result == GX_DB_CONFLICT ? GX_CORE_CONFLICT : GX_CORE_UNAVAILABLE;
	op->done(op->arg, &op->res);
}

void gx_space_op_write(struct space_op *op, enum gx_db_status (*write)(struct gx_store_conn *w, void *arg))
{
	struct written *x = gx_core_alloc(op->c, sizeof(*x));
	x->op = op;
	x->write = write;
	gx_durable_submit(op->c->durable, run, x, on_written);
}

const char *gx_space_procedures_json(const struct gx_core_ctx *c, const char *kind, const char *const *ids, size_t n,
				     char out[GX_SCOPE_JSON_MAX])
{
	if (n == 0)
		return "name at least one procedure";
	if (n > PROCEDURES_MAX)
		return "at most 20 procedures";
	size_t used = 0;
	out[used++] = '[';
	for (size_t i = 0; i < n; i++) {
		const struct gx_procedure *p = gx_core_procedure(c, ids[i]);
		if (p == NULL)
			return "not a procedure of the catalogue";
		if (!gx_procedure_for_space(p, kind))
			return "this procedure is not for this kind of space";
		for (size_t k = 0; k < i; k++)
			if (strcmp(ids[k], ids[i]) == 0)
				return "a procedure named twice";
		/* ids are [a-z0-9-]: nothing to escape */
		int w = snprintf(out + used, GX_SCOPE_JSON_MAX - used, "%s\"%s\"", i > 0 ? "," : "", ids[i]);
		if (w < 0 || (size_t)w >= GX_SCOPE_JSON_MAX - used - 1)
			return "too many procedures";
		used += (size_t)w;
	}
	out[used++] = ']';
	out[used] = '\0';
	return NULL;
}

int gx_space_member_input(struct space_op *op, const char *kind, const struct gx_member_input *in)
{
	if (in->role == NULL || (strcmp(in->role, "administrator") != 0 && strcmp(in->role, "member") != 0)) {
		gx_space_op_end(op, GX_CORE_INVALID, "role", "administrator or member");
		return -1;
	}
	snprintf(op->role, sizeof(op->role), "%s", in->role);
	op->procedures[0] = '\0';
	if (in->nprocedures == 0)
		return 0;
	if (strcmp(in->role, "administrator") == 0) {
		gx_space_op_end(op, GX_CORE_INVALID, "procedures", "an administrator acts for every procedure");
		return -1;
	}
	const char *why = gx_space_procedures_json(op->c, kind, in->procedures, in->nprocedures, op->procedures);
	if (why != NULL) {
		gx_space_op_end(op, GX_CORE_INVALID, "procedures", why);
		return -1;
	}
	return 0;
}

int gx_space_my_national_id(const struct gx_core_ctx *c, char out[14])
{
	struct gx_person p;
	if (gx_store_person_get(c->db, c->person.v, &p) != GX_DB_ONE_RESULT)
		return -1;
	memcpy(out, p.national_id, 14);
	return 0;
}
