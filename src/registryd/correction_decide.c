/* Moves of a correction request at the register (correction_decide.h). */

#include "registryd/correction_decide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/corrections.h"
#include "util/calendar.h"
#include "util/local_time.h"
#include "util/workdays.h"

static const char *const action_names[] = {"take_up", "accept", "reject", "reroute", "withdraw"};
static const char *const action_status[] = {"in_review", "accepted", "rejected", "rerouted", "withdrawn"};

const char *gx_correction_action_name(enum gx_correction_action a)
{
	return (unsigned)a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a] : "unknown";
}

int gx_correction_action_from(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(action_names) / sizeof(action_names[0]); i++)
		if (strcmp(action_names[i], name) == 0)
			return (int)i;
	return -1;
}

bool gx_correction_overdue(const char *status, const char *due, const char *today)
{
	return status != NULL && due != NULL && today != NULL && strcmp(status, "open") == 0 && strcmp(today, due) > 0;
}

void gx_correction_due(long long received_us, int days, char out[11])
{
	char day[11];
	gx_local_date(received_us, day);
	int y = 0, m = 0, d = 0;
	sscanf(day, "%d-%d-%d", &y, &m, &d);
	gx_cal_date_format(gx_lu_add_working_days(gx_cal_days_from_civil(y, m, d), days), out);
}

/* Sets attribute name of a record's data to value: the member of that
 * name when the record has it, else its nested place when the record keeps
 * the family as an object (address → street, as guichetctl seed writes),
 * else a new member of that name. */
static int set_value(json_t *data, const char *name, const char *value)
{
	if (json_object_get(data, name) != NULL || strchr(name, '.') == NULL)
		return json_object_set_new(data, name, json_string(value));
	json_t *v = data;
	const char *seg = name;
	for (;;) {
		const char *dot = strchr(seg, '.');
		if (dot == NULL)
			return json_object_set_new(v, seg, json_string(value));
		json_t *next = json_object_getn(v, seg, (size_t)(dot - seg));
		if (!json_is_object(next))
			return json_object_set_new(data, name, json_string(value));
		v = next;
		seg = dot + 1;
	}
}

/* The record gets the proposed value, version + 1, as of today. */
static enum gx_db_status change_record(struct gx_store_conn *conn, struct gx_correction_move *m, const char *type,
				       const char *subject, const char *attribute, const char *proposed)
{
	struct gx_registry_record rec = {0};
	enum gx_db_status st = gx_store_registry_get(conn, type, subject, &rec);
	if (st <= 0) {
		if (st == GX_DB_NO_RESULTS)
			m->result = GX_CORRECTION_NO_RECORD;
		return st;
	}
	json_error_t e;
	json_t *data = json_loads(rec.data_json, 0, &e);
	free(rec.data_json);
	char *text = NULL;
	if (!json_is_object(data) || set_value(data, attribute, proposed) != 0 ||
	    (text = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL) {
		json_decref(data);
		return GX_DB_HARD_ERROR;
	}
	json_decref(data);
	gx_local_date(m->at_us, m->as_of);
	m->version = rec.version + 1;
	st = gx_store_registry_put(conn, type, subject, text, m->as_of, m->version);
	free(text);
	return st;
}

enum gx_db_status gx_correction_move_tx(struct gx_store_conn *conn, void *arg)
{
	struct gx_correction_move *m = arg;
	m->result = GX_CORRECTION_DONE;
	m->status[0] = '\0';
	m->version = 0;
	m->as_of[0] = '\0';
	if ((m->action == GX_CORRECTION_REJECT && (m->reason == NULL || m->reason[0] == '\0' || strlen(m->reason) > 2000)) ||
	    (m->action == GX_CORRECTION_REROUTE &&
	     (m->reroute_to == NULL || m->reroute_to[0] == '\0' || strlen(m->reroute_to) > GX_REGISTER_NAME_MAX ||
	      strspn(m->reroute_to, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(m->reroute_to) ||
	      strcmp(m->reroute_to, m->d->name) == 0))) {
		m->result = GX_CORRECTION_BAD_INPUT;
		return GX_DB_NO_RESULTS;
	}
	char *text = NULL;
	enum gx_db_status st = gx_store_registry_correction_get(conn, m->id, m->client, &text);
	if (st <= 0) {
		if (st == GX_DB_NO_RESULTS)
			m->result = GX_CORRECTION_UNKNOWN;
		return st;
	}
	json_error_t e;
	json_t *row = json_loads(text, 0, &e);
	free(text);
	if (row == NULL)
		return GX_DB_HARD_ERROR;
	const char *status = json_string_value(json_object_get(row, "status"));
	snprintf(m->status, sizeof(m->status), "%s", status != NULL ? status : "");
	const char *client = json_string_value(json_object_get(row, "client"));
	const char *type = json_string_value(json_object_get(row, "subject_type"));
	const char *subject = json_string_value(json_object_get(row, "subject"));
	const char *attribute = json_string_value(json_object_get(row, "attribute"));
	const char *request_id = json_string_value(json_object_get(row, "request_id"));
	const json_t *request = json_object_get(row, "request");
	const char *proposed = json_string_value(json_object_get(request, "proposed"));
	const char *on_behalf_of = json_string_value(json_object_get(json_object_get(request, "requester"), "on_behalf_of"));
	const char *organisation = json_string_value(json_object_get(json_object_get(request, "requester"), "organisation"));
	const char *to = action_status[m->action];
	json_t *decision = NULL, *feed = NULL;
	char *decision_text = NULL, *feed_text = NULL, *attrs = NULL;
	bool undecided = status != NULL && (strcmp(status, "open") == 0 || strcmp(status, "in_review") == 0);
	if (!undecided || (m->action == GX_CORRECTION_TAKE_UP && strcmp(status, "open") != 0)) {
		m->result = GX_CORRECTION_DECIDED;
		st = GX_DB_NO_RESULTS;
		goto done;
	}
	if (client == NULL || type == NULL || subject == NULL || attribute == NULL || proposed == NULL) {
		st = GX_DB_HARD_ERROR;
		goto done;
	}
	if (m->action == GX_CORRECTION_ACCEPT && (st = change_record(conn, m, type, subject, attribute, proposed)) <= 0) {
		if (st == GX_DB_NO_RESULTS)
			m->result = GX_CORRECTION_NO_RECORD;
		goto done;
	}
	/* What the client reads on its feed, and what the register keeps. */
	feed = json_object();
	if (m->action == GX_CORRECTION_REJECT)
		json_object_set_new(feed, "reason", json_string(m->reason));
	if (m->action == GX_CORRECTION_REROUTE)
		json_object_set_new(feed, "rerouted_to", json_string(m->reroute_to));
	if (m->action == GX_CORRECTION_ACCEPT) {
		json_object_set_new(feed, "version", json_integer(m->version));
		json_object_set_new(feed, "as_of", json_string(m->as_of));
	}
	decision = json_deep_copy(feed);
	if (decision == NULL || json_object_set_new(decision, "by", json_string(m->by != NULL ? m->by : "")) != 0 ||
	    (decision_text = json_dumps(decision, JSON_COMPACT | JSON_SORT_KEYS)) == NULL ||
	    (feed_text = json_dumps(feed, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		st = GX_DB_HARD_ERROR;
		goto done;
	}
	if ((st = gx_store_registry_correction_set_status(conn, m->id, to, m->action == GX_CORRECTION_TAKE_UP ? NULL
													     : decision_text,
							  m->at_us)) <= 0) {
		if (st == GX_DB_NO_RESULTS) {
			/* Decided meanwhile: undo what was written (an accepted record). */
			m->result = GX_CORRECTION_DECIDED;
			st = GX_DB_CONFLICT;
		}
		goto done;
	}
	if ((st = gx_store_registry_correction_feed_append(conn, client, m->id, m->at_us, to, feed_text, NULL)) < 0)
		goto done;
	/* The register's access log: who wrote what of whose data, and why. */
	json_t *names = json_pack("[s]", attribute);
	attrs = names != NULL ? json_dumps(names, JSON_COMPACT) : NULL;
	json_decref(names);
	char who[96], procedure[48];
	bool by_operator = m->action != GX_CORRECTION_WITHDRAW;
	snprintf(who, sizeof(who), "%s%.80s", by_operator ? "operator:" : "", m->by != NULL ? m->by : "");
	snprintf(procedure, sizeof(procedure), "correction.%s", gx_correction_action_name(m->action));
	struct gx_registry_access a = {
		.at_us = m->at_us,
		.client = who,
		.organisation = by_operator ? m->d->name : (organisation != NULL ? organisation : client),
		.on_behalf_of = by_operator ? NULL : on_behalf_of,
		.subject_type = type,
		.subject = subject,
		.attributes_json = attrs,
		.procedure = procedure,
		.legal_basis = NULL,
		.request_id = request_id,
	};
	if (attrs == NULL || request_id == NULL) {
		st = GX_DB_HARD_ERROR;
		goto done;
	}
	if ((st = gx_store_registry_access_append(conn, &a)) < 0)
		goto done;
	snprintf(m->status, sizeof(m->status), "%s", to);
	st = GX_DB_ONE_RESULT;
done:
	free(attrs);
	free(decision_text);
	free(feed_text);
	json_decref(decision);
	json_decref(feed);
	json_decref(row);
	return st;
}
