#include "core/access_record.h"

#include <string.h>

#include "translog/entry.h"

static int set_text(json_t *o, const char *key, const char *value)
{
	return value == NULL ? 0 : json_object_set_new(o, key, json_string(value));
}

json_t *gx_access_record_json(const struct gx_access_row *r)
{
	json_error_t jerr;
	json_t *attrs = json_loads(r->attributes_json != NULL ? r->attributes_json : "", JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_array(attrs))
		goto bad;
	for (size_t i = 0; i < json_array_size(attrs); i++)
		if (!json_is_string(json_array_get(attrs, i)))
			goto bad;
	json_t *o = json_object();
	if (o == NULL)
		goto bad;
	int rc = json_object_set_new(o, "at_us", json_integer(r->at_us)) | set_text(o, "subject", r->subject) |
		 set_text(o, "actor_kind", r->actor_kind) | set_text(o, "actor_id", r->actor_id) |
		 set_text(o, "actor_role", r->actor_role) | set_text(o, "on_behalf_of", r->on_behalf_of) |
		 set_text(o, "source", r->source) | json_object_set_new(o, "attributes", attrs) |
		 set_text(o, "purpose", r->purpose) | set_text(o, "legal_basis", r->legal_basis) |
		 set_text(o, "request_id", r->request_id);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
bad:
	json_decref(attrs);
	return NULL;
}

int gx_access_record_leaf(const struct gx_access_row *r, const unsigned char salt[32], struct gx_tlog_hash *leaf)
{
	json_t *rec = gx_access_record_json(r);
	if (rec == NULL)
		return -1;
	char err[160];
	int rc = gx_tlog_record_leaf(salt, rec, leaf, err, sizeof(err));
	json_decref(rec);
	return rc;
}
