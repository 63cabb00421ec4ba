/* Reading a person's correction requests (corrections.h): one with its
 * timeline and files, the list, and the marks My data and the prefill
 * show on each value. */

#include "core/corrections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/local_time.h"

static json_t *parse(char *text)
{
	json_error_t e;
	json_t *j = text != NULL ? json_loads(text, 0, &e) : NULL;
	free(text);
	return j;
}

bool gx_correction_open(const char *status)
{
	return status != NULL &&
	       (strcmp(status, "pending") == 0 || strcmp(status, "open") == 0 || strcmp(status, "in_review") == 0);
}

/* Not taken up by its due date (the register's; today in Luxembourg). */
static void set_overdue(json_t *row, const char *today)
{
	const char *status = json_string_value(json_object_get(row, "status"));
	const char *due = json_string_value(json_object_get(row, "due"));
	bool overdue = status != NULL && due != NULL && strcmp(status, "open") == 0 && strcmp(today, due) > 0;
	json_object_set_new(row, "overdue", json_boolean(overdue));
}

json_t *gx_correction_read(struct gx_store_conn *db, struct gx_person_id person, long long id, enum gx_db_status *st)
{
	char *text = NULL;
	*st = id > 0 ? gx_store_correction_get(db, person.v, id, &text) : GX_DB_NO_RESULTS;
	if (*st != GX_DB_ONE_RESULT)
		return NULL;
	json_t *row = parse(text);
	char *events = NULL, *files = NULL;
	if (row == NULL || gx_store_correction_events(db, id, &events) < 0 ||
	    gx_store_correction_evidence_list(db, id, &files) < 0) {
		free(events);
		free(files);
		json_decref(row);
		*st = GX_DB_HARD_ERROR;
		return NULL;
	}
	json_object_set_new(row, "events", parse(events));
	json_object_set_new(row, "evidence", parse(files));
	char today[11];
	gx_local_today(today);
	set_overdue(row, today);
	return row;
}

json_t *gx_corrections_list(struct gx_store_conn *db, struct gx_person_id person)
{
	char *text = NULL;
	if (gx_store_corrections_of(db, person.v, 500, &text) < 0)
		return NULL;
	json_t *list = parse(text);
	char today[11];
	gx_local_today(today);
	size_t i;
	json_t *row;
	json_array_foreach(list, i, row) set_overdue(row, today);
	return list;
}

json_t *gx_corrections_marks(struct gx_store_conn *db, struct gx_person_id person)
{
	char *text = NULL;
	if (gx_store_corrections_of(db, person.v, 500, &text) < 0)
		return NULL;
	json_t *list = parse(text), *marks = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(list, i, row) {
		char key[GX_REGISTER_NAME_MAX + GX_REGISTER_ATTRIBUTE_MAX + 2];
		snprintf(key, sizeof(key), "%s/%s", json_string_value(json_object_get(row, "register")),
			 json_string_value(json_object_get(row, "attribute")));
		const json_t *seen = json_object_get(marks, key);
		bool open = gx_correction_open(json_string_value(json_object_get(row, "status")));
		/* Newest first: the first of a value is its latest, but an open one wins over a later decided one. */
		if (seen != NULL && (json_is_true(json_object_get(seen, "open")) || !open))
			continue;
		json_t *m = json_deep_copy(row);
		json_object_set_new(m, "open", json_boolean(open));
		json_object_set_new(marks, key, m);
	}
	json_decref(list);
	return marks;
}

enum gx_db_status gx_correction_evidence(struct gx_store_conn *db, struct gx_person_id person, long long id, int seq,
					 struct gx_store_evidence *out)
{
	char *text = NULL;
	memset(out, 0, sizeof(*out));
	enum gx_db_status st = id > 0 ? gx_store_correction_get(db, person.v, id, &text) : GX_DB_NO_RESULTS;
	free(text);
	if (st != GX_DB_ONE_RESULT)
		return st;
	return gx_store_correction_evidence_get(db, id, seq, out);
}
