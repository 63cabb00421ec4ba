#include "core/self_declared.h"

#include <stdlib.h>
#include <string.h>

#include "procedures/self_values.h"
#include "util/local_time.h"

json_t *gx_self_declared_load(struct gx_store_conn *db, struct gx_person_id person)
{
	char *text = NULL;
	if (gx_store_self_declared_all(db, person.v, &text) < 0 || text == NULL) {
		free(text);
		return NULL;
	}
	json_error_t err;
	json_t *values = json_loads(text, 0, &err);
	free(text);
	if (!json_is_object(values)) {
		json_decref(values);
		return NULL;
	}
	return values;
}

json_t *gx_self_declared_values(const json_t *stored)
{
	json_t *out = json_object();
	const char *attr;
	json_t *v;
	json_object_foreach((json_t *)stored, attr, v) {
		const char *value = json_string_value(json_object_get(v, "value"));
		long long at = (long long)json_integer_value(json_object_get(v, "updated_at_us"));
		if (value == NULL)
			continue;
		char day[11] = "";
		if (at > 0)
			gx_local_date(at, day);
		json_object_set_new(out, attr, json_pack("{s:s, s:s}", "value", value, "as_of", day));
	}
	return out;
}

const char *gx_self_declared_check(const char *attribute, const char **value, size_t *len)
{
	if (!gx_self_attribute_known(attribute))
		return "not a self-declared attribute";
	*value = gx_self_value_trim(*value, len);
	return gx_self_value_check(attribute, *value, *len);
}

struct self_write {
	long long person_id;
	const char *attribute;
	const char *value; /* NULL deletes */
	long long at_us;
	gx_durable_done_fn done;
	void *arg;
};

static enum gx_db_status write_value(struct gx_store_conn *w, void *arg)
{
	struct self_write *s = arg;
	return gx_store_self_declared_set(w, s->person_id, s->attribute, s->value, s->at_us);
}

static void on_written(void *arg, enum gx_db_status result)
{
	struct self_write *s = arg;
	s->done(s->arg, result);
}

void gx_self_declared_write(const struct gx_core_ctx *c, const char *attribute, const char *value, size_t len,
			    gx_durable_done_fn done, void *arg)
{
	struct self_write *s = gx_core_alloc(c, sizeof(*s));
	*s = (struct self_write){.person_id = c->person.v, .attribute = gx_core_strndup(c, attribute, strlen(attribute)),
				 .value = value != NULL ? gx_core_strndup(c, value, len) : NULL, .at_us = c->now_us,
				 .done = done, .arg = arg};
	gx_durable_submit(c->durable, write_value, s, on_written);
}
