/** registryd --seed-json: records from a file into the register's store. */

#include "registryd/seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sources/description.h"
#include "store/store.h"


struct seed {
	json_t *records;
	const struct gx_register_description *d;
	char *err;
	size_t err_size;
};

static int check_record(const struct gx_register_description *d, json_t *rec, size_t i, char *err, size_t err_size)
{
	const char *type = json_string_value(json_object_get(rec, "key_type"));
	const char *key = json_string_value(json_object_get(rec, "key"));
	const char *as_of = json_string_value(json_object_get(rec, "as_of"));
	json_t *data = json_object_get(rec, "data");
	if (type == NULL || !gx_register_has_key(d, type) || key == NULL || key[0] == '\0' || as_of == NULL ||
	    strlen(as_of) != 10 || !json_is_object(data) || !json_is_integer(json_object_get(rec, "version"))) {
		snprintf(err, err_size, "record %zu: expected key_type (one of the register's keys), key, data (object), "
					"as_of (YYYY-MM-DD) and version (integer)", i);
		return -1;
	}
	const char *name;
	json_t *v;
	json_object_foreach(data, name, v) {
		/* a served attribute, or an object holding some ("address": {"street": …}) */
		if (gx_register_attribute_index(d, name) < 0 && !json_is_object(v)) {
			snprintf(err, err_size, "record %zu: \"%.128s\" is not an attribute of the register", i, name);
			return -1;
		}
	}
	return 0;
}

static enum gx_db_status put_all(struct gx_store_conn *conn, void *arg)
{
	struct seed *s = arg;
	for (size_t i = 0; i < json_array_size(s->records); i++) {
		json_t *rec = json_array_get(s->records, i);
		char *data = json_dumps(json_object_get(rec, "data"), JSON_COMPACT);
		if (data == NULL)
			return GX_DB_HARD_ERROR;
		enum gx_db_status st = gx_store_registry_put(
			conn, json_string_value(json_object_get(rec, "key_type")), json_string_value(json_object_get(rec, "key")),
			data, json_string_value(json_object_get(rec, "as_of")),
			(long long)json_integer_value(json_object_get(rec, "version")));
		free(data);
		if (st < 0) {
			snprintf(s->err, s->err_size, "record %zu could not be stored", i);
			return st;
		}
	}
	return GX_DB_ONE_RESULT;
}

int gx_registryd_seed_file(struct gx_store_conn *conn, const struct gx_register_description *d, const char *path,
			   size_t *count, char *err, size_t err_size)
{
	json_error_t jerr;
	int rc = -1;
	json_t *records = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);

	*count = 0;
	if (records == NULL) {
		snprintf(err, err_size, "%s: not valid JSON (line %d, column %d)", path, jerr.line, jerr.column);
		return -1;
	}
	if (!json_is_array(records)) {
		snprintf(err, err_size, "%s: expected an array of records", path);
		goto done;
	}
	for (size_t i = 0; i < json_array_size(records); i++)
		if (check_record(d, json_array_get(records, i), i, err, err_size) != 0)
			goto done;
	struct seed s = {records, d, err, err_size};
	snprintf(err, err_size, "the records could not be stored");
	if (gx_store_run_tx(conn, true, put_all, &s) < 0)
		goto done;
	*count = json_array_size(records);
	err[0] = '\0';
	rc = 0;
done:
	json_decref(records);
	return rc;
}
