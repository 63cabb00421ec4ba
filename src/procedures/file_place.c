/* A file field's place in the data, from the form name the page or the API
 * gives, checked against the definition's steps and groups. */

#include "procedures/file_place.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "procedures/field_kind.h"

static bool is_index(const char *s, size_t n)
{
	if (n == 0 || n > 2 || (n > 1 && s[0] == '0'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static const json_t *field_named(const json_t *fields, const char *id, size_t n)
{
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		const char *fid = json_string_value(json_object_get(f, "id"));
		if (fid != NULL && strlen(fid) == n && memcmp(fid, id, n) == 0)
			return f;
	}
	return NULL;
}

/* Appends "<sep><s[0..n)>" to out at *len; false when it does not fit. */
static bool append(char *out, size_t outlen, size_t *len, char sep, const char *s, size_t n)
{
	if (*len + 1 + n + 1 > outlen)
		return false;
	if (sep != '\0')
		out[(*len)++] = sep;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
	return true;
}

int gx_file_place_resolve(const json_t *definition, const char *place, struct gx_file_place *out)
{
	memset(out, 0, sizeof(*out));
	if (place == NULL || *place == '\0')
		return -1;
	/* The first id is a step field: find its step. */
	size_t n = strcspn(place, ".");
	const json_t *field = NULL, *fields = NULL;
	size_t i;
	json_t *step;
	json_array_foreach(json_object_get(definition, "steps"), i, step) {
		field = field_named(json_object_get(step, "fields"), place, n);
		if (field != NULL) {
			out->step = (int)i;
			break;
		}
	}
	size_t plen = 0, ptrlen = 0;
	const char *seg = place;
	for (;;) {
		if (field == NULL || !append(out->path, sizeof(out->path), &plen, plen > 0 ? '.' : '\0', seg, n) ||
		    !append(out->pointer, sizeof(out->pointer), &ptrlen, '/', seg, n))
			return -1;
		const char *rest = seg + n;
		if (*rest == '\0')
			break;
		/* Only a group goes on, with an item number, then one of its fields. */
		if (gx_field_kind_of(field) != GX_FIELD_GROUP)
			return -1;
		const char *index = rest + 1;
		size_t in = strcspn(index, ".");
		if (!is_index(index, in) || index[in] != '.' ||
		    !append(out->pointer, sizeof(out->pointer), &ptrlen, '/', index, in))
			return -1;
		fields = json_object_get(field, "fields");
		seg = index + in + 1;
		n = strcspn(seg, ".");
		field = field_named(fields, seg, n);
	}
	if (gx_field_kind_of(field) != GX_FIELD_FILE)
		return -1;
	out->field = field;
	return 0;
}

void gx_file_path_of_pointer(const char *pointer, char *out, size_t outlen)
{
	if (outlen == 0)
		return;
	out[0] = '\0';
	size_t len = 0;
	const char *p = pointer;
	while (p != NULL && *p == '/') {
		const char *seg = p + 1;
		size_t n = strcspn(seg, "/");
		bool digits = n > 0;
		for (size_t i = 0; i < n; i++)
			digits &= seg[i] >= '0' && seg[i] <= '9';
		if (!digits) {
			size_t room = outlen - 1 - len;
			size_t need = n + (len > 0);
			if (need > room)
				return;
			if (len > 0)
				out[len++] = '.';
			memcpy(out + len, seg, n);
			len += n;
			out[len] = '\0';
		}
		p = seg + n;
	}
}

/* The ids in the file fields of one level (fields, answered by obj) into ids. */
static int ids_of_level(const json_t *fields, const json_t *obj, const char *pointer, int depth, json_t *ids)
{
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		const json_t *v = id != NULL ? json_object_get(obj, id) : NULL;
		if (!json_is_array(v))
			continue;
		char p[GX_FILE_POINTER_MAX];
		int n = snprintf(p, sizeof(p), "%s/%s", pointer, id);
		if (n < 0 || (size_t)n >= sizeof(p))
			continue; /* no such place in a checked definition */
		size_t j;
		json_t *x;
		enum gx_field_kind kind = gx_field_kind_of(f);
		if (kind == GX_FIELD_FILE) {
			json_array_foreach(v, j, x) {
				if (!json_is_string(x) || json_object_get(ids, json_string_value(x)) != NULL)
					continue;
				if (json_object_set_new(ids, json_string_value(x), json_string(p)) != 0)
					return -1;
			}
		} else if (kind == GX_FIELD_GROUP && depth < 4) {
			json_array_foreach(v, j, x) {
				char item[GX_FILE_POINTER_MAX];
				n = snprintf(item, sizeof(item), "%s/%zu", p, j);
				if (n > 0 && (size_t)n < sizeof(item) &&
				    ids_of_level(json_object_get(f, "fields"), x, item, depth + 1, ids) != 0)
					return -1;
			}
		}
	}
	return 0;
}

json_t *gx_file_ids(const json_t *definition, const json_t *data)
{
	json_t *ids = json_object();
	if (ids == NULL)
		return NULL;
	size_t i;
	json_t *step;
	json_array_foreach(json_object_get(definition, "steps"), i, step) {
		if (ids_of_level(json_object_get(step, "fields"), data, "", 0, ids) != 0) {
			json_decref(ids);
			return NULL;
		}
	}
	return ids;
}
