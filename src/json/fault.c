#include "json/spec.h"

const char *gx_json_fault_name(enum gx_json_fault f)
{
	switch (f) {
	case GX_JSON_OK: return "ok";
	case GX_JSON_MALFORMED: return "malformed";
	case GX_JSON_TOO_DEEP: return "too_deep";
	case GX_JSON_NOT_OBJECT: return "not_object";
	case GX_JSON_UNKNOWN_FIELD: return "unknown_field";
	case GX_JSON_MISSING_FIELD: return "missing_field";
	case GX_JSON_WRONG_TYPE: return "wrong_type";
	case GX_JSON_TOO_LONG: return "too_long";
	case GX_JSON_TOO_SHORT: return "too_short";
	case GX_JSON_OUT_OF_RANGE: return "out_of_range";
	case GX_JSON_BAD_UTF8: return "bad_utf8";
	case GX_JSON_TOO_MANY_ITEMS: return "too_many_items";
	case GX_JSON_DUPLICATE_FIELD: return "duplicate_field";
	case GX_JSON_NO_MEMORY: return "no_memory";
	}
	return "unknown";
}

json_t *gx_json_error_pack(const struct gx_json_error *err)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "fault", gx_json_fault_name(err->fault),
			      "pointer", err->pointer, "detail", err->detail);

	if (o == NULL || err->line <= 0)
		return o;
	if (json_object_set_new(o, "line", json_integer(err->line)) < 0 ||
	    json_object_set_new(o, "column", json_integer(err->column)) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}
