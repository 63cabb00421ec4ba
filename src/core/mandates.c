/* Mandates (spaces.h): granted by a space's owner or administrator, for
 * every procedure, a list or one organisation's, between two dates (the end
 * required, at most five years after the start), accepted by the
 * mandatary, revoked by either side. */

#include "core/space_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/catalog.h"
#include "procedures/definition.h"
#include "util/calendar.h"
#include "util/local_time.h"
#include "util/national_id.h"

#define YEARS_MAX 5

static void detail(struct space_op *op, json_t *d)
{
	char *text = d != NULL ? json_dumps(d, JSON_COMPACT) : NULL;
	snprintf(op->detail, sizeof(op->detail), "%s", text != NULL && strlen(text) < sizeof(op->detail) ? text : "{}");
	free(text);
	json_decref(d);
}

/* "YYYY-MM-DD" into a day number; -1 when it is not a real date. */
static int day_of(const char *s)
{
	int y, m, d;
	char end;
	if (s == NULL || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || s[4] != '-' ||
	    s[7] != '-' || !gx_cal_date_valid(y, m, d))
		return -1;
	return gx_cal_days_from_civil(y, m, d);
}

/* Whether any loaded procedure of org fits a space of kind. */
static bool organisation_serves(const struct gx_core_ctx *c, const char *org, const char *kind)
{
	const struct gx_procedure_catalog *cat = c->domain->procedures;
	for (size_t i = 0; cat != NULL && i < gx_procedure_catalog_count(cat); i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
		if (strcmp(gx_procedure_organisation(p), org) == 0 && gx_procedure_for_space(p, kind))
			return true;
	}
	return false;
}

/* Checks in into op->mandate; -1 after ending op INVALID naming the field. */
static int mandate_input(struct space_op *op, const struct gx_mandate_input *in, const char *mine)
{
	const struct gx_core_ctx *c = op->c;
	struct gx_mandate *m = &op->mandate;
	const char *kind = c->access->space.kind;
	if (in->mandatary == NULL || !gx_national_id_valid(in->mandatary)) {
		gx_space_op_end(op, GX_CORE_INVALID, "mandatary", "a national identification number of 13 digits");
		return -1;
	}
	if (strcmp(in->mandatary, mine) == 0 || strcmp(in->mandatary, c->access->space.owner_national_id) == 0) {
		gx_space_op_end(op, GX_CORE_INVALID, "mandatary", "a mandate is for another person");
		return -1;
	}
	snprintf(m->mandatary_national_id, sizeof(m->mandatary_national_id), "%s", in->mandatary);
	if (in->scope == NULL || (strcmp(in->scope, "all") != 0 && strcmp(in->scope, "procedures") != 0 &&
				  strcmp(in->scope, "organisation") != 0)) {
		gx_space_op_end(op, GX_CORE_INVALID, "scope", "all, procedures or organisation");
		return -1;
	}
	snprintf(m->scope, sizeof(m->scope), "%s", in->scope);
	if (strcmp(in->scope, "procedures") == 0) {
		const char *why = gx_space_procedures_json(c, kind, in->procedures, in->nprocedures, m->procedures);
		if (why != NULL) {
			gx_space_op_end(op, GX_CORE_INVALID, "procedures", why);
			return -1;
		}
	} else if (in->nprocedures > 0) {
		gx_space_op_end(op, GX_CORE_INVALID, "procedures", "procedures go with the scope \"procedures\"");
		return -1;
	}
	if (strcmp(in->scope, "organisation") == 0) {
		if (in->organisation == NULL || strlen(in->organisation) >= sizeof(m->organisation) ||
		    !organisation_serves(c, in->organisation, kind)) {
			gx_space_op_end(op, GX_CORE_INVALID, "organisation", "an organisation with procedures for this space");
			return -1;
		}
		snprintf(m->organisation, sizeof(m->organisation), "%s", in->organisation);
	} else if (in->organisation != NULL && in->organisation[0] != '\0') {
		gx_space_op_end(op, GX_CORE_INVALID, "organisation", "an organisation goes with the scope \"organisation\"");
		return -1;
	}
	/* Dates are Luxembourg's days: from 00:00 of the first to 00:00 after the last. */
	char today_s[11];
	gx_local_date(c->now_us, today_s);
	int today = day_of(today_s);
	int from = in->valid_from == NULL || in->valid_from[0] == '\0' ? today : day_of(in->valid_from);
	if (from < 0) {
		gx_space_op_end(op, GX_CORE_INVALID, "valid_from", "a date YYYY-MM-DD");
		return -1;
	}
	if (from < today) {
		gx_space_op_end(op, GX_CORE_INVALID, "valid_from", "today or later");
		return -1;
	}
	int until = day_of(in->valid_until);
	if (in->valid_until == NULL || in->valid_until[0] == '\0') {
		gx_space_op_end(op, GX_CORE_INVALID, "valid_until", "a mandate needs an end date");
		return -1;
	}
	if (until < 0) {
		gx_space_op_end(op, GX_CORE_INVALID, "valid_until", "a date YYYY-MM-DD");
		return -1;
	}
	if (until < from) {
		gx_space_op_end(op, GX_CORE_INVALID, "valid_until", "on or after the first day");
		return -1;
	}
	int fy, fm, fd;
	gx_cal_civil_from_days(from, &fy, &fm, &fd);
	int limit = gx_cal_date_valid(fy + YEARS_MAX, fm, fd) ? gx_cal_days_from_civil(fy + YEARS_MAX, fm, fd)
							     : gx_cal_days_from_civil(fy + YEARS_MAX, 3, 1);
	if (until >= limit) {
		gx_space_op_end(op, GX_CORE_INVALID, "valid_until", "at most five years after the first day");
		return -1;
	}
	/* Granted today, it works from now (not from this morning's 00:00). */
	m->valid_from_us = from == today ? c->now_us : gx_local_midnight_us(from);
	m->valid_until_us = gx_local_midnight_us((long long)until + 1);
	m->letterbox = in->letterbox;
	return 0;
}

static enum gx_db_status write_grant(struct gx_store_conn *w, void *arg)
{
	struct space_op *op = arg;
	struct gx_space_id space = GX_ID(gx_space_id, op->mandate.space_id);
	bool open = false;
	enum gx_db_status s =
		gx_store_mandate_open_exists(w, space, op->mandate.mandatary_national_id, op->c->now_us, &open);
	if (s < 0)
		return s;
	if (open) {
		op->res.reason = "this person already holds a mandate for this space: revoke it first";
		return GX_DB_CONFLICT;
	}
	if ((s = gx_store_mandate_create(w, &op->mandate, &op->res.id)) < 0)
		return s;
	json_t *d = json_loads(op->detail, 0, NULL);
	json_object_set_new(d, "mandate", json_integer(op->res.id));
	char *text = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	s = gx_store_space_event_append(w, space, op->c->now_us, "mandate.granted", op->c->person,
					text != NULL ? text : op->detail);
	free(text);
	return s;
}

void gx_mandate_grant(const struct gx_core_ctx *c, struct gx_space_id space, const struct gx_mandate_input *in,
		      gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_space_op_new(c, done, arg);
	char mine[14];
	if (c->access == NULL || !c->access->admin || c->access->space.id != space.v) {
		gx_space_op_end(op, GX_CORE_FORBIDDEN, NULL, "only the owner or an administrator grants a mandate");
		return;
	}
	if (gx_space_my_national_id(c, mine) != 0) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, NULL);
		return;
	}
	op->mandate = (struct gx_mandate){.space_id = space.v, .granted_by = c->person.v, .created_at_us = c->now_us};
	op->res.space_id = space.v;
	if (mandate_input(op, in, mine) != 0)
		return;
	const struct gx_mandate *m = &op->mandate;
	detail(op, json_pack("{s:s, s:s, s:o, s:s?, s:b, s:I, s:I}", "mandatary", m->mandatary_national_id, "scope",
			     m->scope, "procedures",
			     m->procedures[0] != '\0' ? json_loads(m->procedures, 0, NULL) : json_null(), "organisation",
			     m->organisation[0] != '\0' ? m->organisation : NULL, "letterbox", m->letterbox, "valid_from_us",
			     (json_int_t)m->valid_from_us, "valid_until_us", (json_int_t)m->valid_until_us));
	gx_space_op_write(op, write_grant);
}

static enum gx_db_status write_settle(struct gx_store_conn *w, void *arg)
{
	struct space_op *op = arg;
	enum gx_db_status s = op->flag ? gx_store_mandate_accept(w, op->mandate.id, op->c->person, op->c->now_us)
				       : gx_store_mandate_revoke(w, op->mandate.id, op->c->person, op->c->now_us);
	if (s == GX_DB_NO_RESULTS) {
		op->res.reason = op->flag ? "answered or revoked meanwhile" : "already revoked";
		return GX_DB_CONFLICT;
	}
	if (s < 0)
		return s;
	return gx_store_space_event_append(w, GX_ID(gx_space_id, op->mandate.space_id), op->c->now_us,
					   op->flag ? "mandate.accepted" : "mandate.revoked", op->c->person, op->detail);
}

/* Reads mandate id and the acting person's national id; false after ending op. */
static bool read_mandate(struct space_op *op, long long id, char mine[14])
{
	enum gx_db_status s = id > 0 ? gx_store_mandate_get(op->c->db, id, &op->mandate) : GX_DB_NO_RESULTS;
	if (s < 0 || (s == GX_DB_ONE_RESULT && gx_space_my_national_id(op->c, mine) != 0)) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, NULL);
		return false;
	}
	if (s == GX_DB_NO_RESULTS) {
		gx_space_op_end(op, GX_CORE_NOT_FOUND, NULL, NULL);
		return false;
	}
	op->res.id = id;
	op->res.space_id = op->mandate.space_id;
	return true;
}

void gx_mandate_accept(const struct gx_core_ctx *c, long long id, gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_space_op_new(c, done, arg);
	char mine[14];
	if (!read_mandate(op, id, mine))
		return;
	const struct gx_mandate *m = &op->mandate;
	if (strcmp(m->mandatary_national_id, mine) != 0 || m->accepted_at_us != 0 || m->revoked_at_us != 0 ||
	    m->valid_until_us <= c->now_us) {
		gx_space_op_end(op, GX_CORE_NOT_FOUND, NULL, NULL);
		return;
	}
	op->flag = true;
	detail(op, json_pack("{s:I, s:s}", "mandate", (json_int_t)id, "mandatary", m->mandatary_national_id));
	gx_space_op_write(op, write_settle);
}

void gx_mandate_revoke(const struct gx_core_ctx *c, long long id, gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_space_op_new(c, done, arg);
	char mine[14];
	if (!read_mandate(op, id, mine))
		return;
	const struct gx_mandate *m = &op->mandate;
	bool mandatary = strcmp(m->mandatary_national_id, mine) == 0;
	bool grantor = false;
	if (!mandatary) {
		/* The grantor's side: whoever may change who acts in the space now. */
		struct gx_access a;
		enum gx_db_status s = gx_access_decide(c->db, GX_ID(gx_space_id, m->space_id), c->person, c->now_us, &a);
		if (s < 0) {
			gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, NULL);
			return;
		}
		grantor = s == GX_DB_ONE_RESULT && a.admin;
	}
	if (!mandatary && !grantor) {
		gx_space_op_end(op, GX_CORE_NOT_FOUND, NULL, NULL);
		return;
	}
	if (m->revoked_at_us != 0) {
		gx_space_op_end(op, GX_CORE_CONFLICT, NULL, "already revoked");
		return;
	}
	op->flag = false;
	detail(op, json_pack("{s:I, s:s, s:s}", "mandate", (json_int_t)id, "mandatary", m->mandatary_national_id, "by",
			     mandatary ? "mandatary" : "grantor"));
	gx_space_op_write(op, write_settle);
}
