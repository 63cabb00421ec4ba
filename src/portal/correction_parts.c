#include "portal/correction_parts.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/domain.h"
#include "http/multipart.h"
#include "http/request.h"
#include "util/local_time.h"

size_t gx_correction_uploads(struct gx_req *r, struct gx_correction_upload files[GX_CORRECTION_UPLOADS_MAX])
{
	const struct gx_multipart *m = r->multipart;
	size_t n = 0;
	for (size_t i = 0; m != NULL && i < m->nparts && n < GX_CORRECTION_UPLOADS_MAX; i++) {
		const struct gx_multipart_part *p = &m->parts[i];
		if (p->filename == NULL || p->name_len != 8 || memcmp(p->name, "evidence", 8) != 0)
			continue;
		if (p->filename_len == 0 && p->len == 0)
			continue; /* the file input left empty */
		files[n++] = (struct gx_correction_upload){p->filename, p->filename_len, p->data, p->len};
	}
	return n;
}

static void utc(long long us, char out[24])
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

json_t *gx_correction_api_view(const json_t *row)
{
	long long id = json_integer_value(json_object_get(row, "id"));
	char filed[24];
	utc(json_integer_value(json_object_get(row, "created_at_us")), filed);
	json_t *evidence = json_array(), *timeline = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(row, "evidence"), i, x) {
		char href[96];
		snprintf(href, sizeof(href), "/api/v1/corrections/%lld/evidence/%lld", id,
			 (long long)json_integer_value(json_object_get(x, "seq")));
		json_t *e = json_deep_copy(x);
		json_object_set_new(e, "href", json_string(href));
		json_array_append_new(evidence, e);
	}
	json_array_foreach(json_object_get(row, "events"), i, x) {
		char at[24];
		utc(json_integer_value(json_object_get(x, "at_us")), at);
		json_array_append_new(timeline, json_pack("{s:s, s:O, s:O}", "at", at, "kind", json_object_get(x, "kind"),
							  "detail", json_object_get(x, "detail")));
	}
	char *receipt = json_dumps(json_object_get(row, "receipt"), JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_t *v = json_pack("{s:I, s:O, s:O, s:O, s:O, s:O, s:O, s:{s:O, s:O}, s:O, s:O, s:O, s:s, s:o, s:o,"
			      " s:{s:s?, s:O, s:s}}",
			      "id", (json_int_t)id, "reference", json_object_get(row, "reference"), "register",
			      json_object_get(row, "register"), "attribute", json_object_get(row, "attribute"), "status",
			      json_object_get(row, "status"), "overdue", json_object_get(row, "overdue"), "due",
			      json_object_get(row, "due"), "current", "value", json_object_get(row, "current_value"),
			      "version", json_object_get(row, "current_version"), "proposed",
			      json_object_get(row, "proposed"), "explanation", json_object_get(row, "explanation"),
			      "decision", json_object_get(row, "decision"), "filed_at", filed, "evidence", evidence,
			      "timeline", timeline, "receipt", "text", receipt, "signature",
			      json_object_get(row, "signature"), "key", "/api/v1/receipts/key");
	free(receipt);
	return v;
}

void gx_correction_mark_values(json_t *view, const char *register_name, const json_t *marks)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(view, "values"), i, v) {
		const char *attribute = json_string_value(json_object_get(v, "attribute"));
		json_object_set_new(v, "correctable",
				    json_boolean(gx_correction_rules(&gx_domain, register_name, attribute) != NULL));
		char key[GX_REGISTER_NAME_MAX + GX_REGISTER_ATTRIBUTE_MAX + 2];
		snprintf(key, sizeof(key), "%s/%s", register_name, attribute != NULL ? attribute : "");
		const json_t *m = json_object_get(marks, key);
		if (m == NULL)
			continue;
		char since[11];
		gx_local_date(json_integer_value(json_object_get(m, "created_at_us")), since);
		json_object_set_new(v, "correction",
				    json_pack("{s:O, s:O, s:O, s:O, s:s, s:O}", "id", json_object_get(m, "id"), "reference",
					      json_object_get(m, "reference"), "status", json_object_get(m, "status"), "open",
					      json_object_get(m, "open"), "since", since, "decision",
					      json_object_get(m, "decision")));
	}
}
