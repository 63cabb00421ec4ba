/** A group's items from a register's list (prefill_items.h). */

#include "procedures/prefill_items.h"

#include <stdbool.h>
#include <string.h>

#include "procedures/field_kind.h"

#define ITEMS_MAX 100 /* a group's max_items is at most this (the checker's bound) */
#define DEPTH_MAX 3   /* groups within groups followed; a checked definition has 2 */

/* What a field takes from each element: "" the element itself ("<list>[]"),
 * a member's name ("<list>[].<member>"), or NULL when its prefill names none
 * of list; *named says whether it has a prefill at all. */
static const char *member_of(const json_t *field, const char *list, bool *named)
{
	const char *attr = json_string_value(json_object_get(json_object_get(field, "prefill"), "attribute"));
	*named = json_object_get(field, "prefill") != NULL;
	size_t n = list != NULL ? strlen(list) : 0;
	if (attr == NULL || list == NULL || strncmp(attr, list, n) != 0 || strncmp(attr + n, "[]", 2) != 0)
		return NULL;
	const char *rest = attr + n + 2;
	if (*rest == '\0')
		return "";
	return rest[0] == '.' && rest[1] != '\0' ? rest + 1 : NULL;
}

static bool is_group(const json_t *field)
{
	return gx_field_kind_of(field) == GX_FIELD_GROUP;
}

static json_t *items_of(const json_t *group, const char *list_attribute, const json_t *list, int depth);

/* The related subject's value of attribute, with its provenance into prov. */
static const json_t *related_value(const struct gx_prefill_related *rel, const char *list_attribute,
				   const char *key, const char *attribute, const char *id, json_t *prov)
{
	const char *as_of = NULL;
	long long version = 0;
	const json_t *v = rel->value(rel->ctx, key, attribute, &as_of, &version);
	if (v == NULL || json_is_null(v) || prov == NULL)
		return v;
	json_object_set_new(prov, id, json_pack("{s:s, s:s, s:s, s:s, s:I}", "source", rel->source, "attribute",
						attribute, "of", list_attribute, "as_of", as_of != NULL ? as_of : "",
						"version", (json_int_t)version));
	return v;
}

/* The item made from one element; prov (may be NULL) gets its related values' provenance. */
static json_t *item_of(const json_t *group, const char *list_attribute, const json_t *element, int depth,
		       const struct gx_prefill_related *rel, json_t *prov)
{
	json_t *item = json_object();
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(group, "fields"), i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		if (id == NULL || item == NULL)
			continue;
		bool named;
		const char *member = member_of(f, list_attribute, &named);
		const json_t *v = NULL;
		if (member != NULL && member[0] != '\0' && json_is_string(element) && rel != NULL)
			v = related_value(rel, list_attribute, json_string_value(element), member, id, prov);
		else if (member != NULL)
			v = member[0] == '\0' ? element : json_object_get(element, member);
		else if (!named)
			v = json_object_get(element, id); /* NULL unless element is an object */
		if (v == NULL || json_is_null(v))
			continue;
		json_t *copy = is_group(f) ? items_of(f, NULL, v, depth + 1) : json_deep_copy(v);
		if (copy == NULL && !is_group(f)) {
			json_decref(item);
			return NULL;
		}
		if (copy != NULL && json_object_set_new(item, id, copy) != 0) {
			json_decref(item);
			return NULL;
		}
	}
	return item;
}

static json_t *items_with(const json_t *group, const char *list_attribute, const json_t *list, int depth,
			  const struct gx_prefill_related *rel, json_t *provs)
{
	if (!json_is_array(list) || depth > DEPTH_MAX)
		return NULL;
	const json_t *max = json_object_get(group, "max_items");
	size_t limit = json_is_integer(max) && json_integer_value(max) >= 0 && json_integer_value(max) < ITEMS_MAX
			       ? (size_t)json_integer_value(max)
			       : ITEMS_MAX;
	json_t *items = json_array();
	for (size_t i = 0; items != NULL && i < json_array_size(list) && json_array_size(items) < limit; i++) {
		json_t *prov = provs != NULL ? json_object() : NULL;
		json_t *item = item_of(group, list_attribute, json_array_get(list, i), depth, rel, prov);
		bool ok = item != NULL && (provs == NULL || prov != NULL);
		if (!ok || json_array_append_new(items, item) != 0 || (provs != NULL && json_array_append_new(provs, prov) != 0)) {
			if (!ok) {
				json_decref(item);
				json_decref(prov);
			}
			json_decref(items);
			return NULL;
		}
	}
	return items;
}

static json_t *items_of(const json_t *group, const char *list_attribute, const json_t *list, int depth)
{
	return items_with(group, list_attribute, list, depth, NULL, NULL);
}

json_t *gx_prefill_group_items(const json_t *group, const char *list_attribute, const json_t *list,
			       const struct gx_prefill_related *related, json_t **provenance)
{
	json_t *provs = provenance != NULL ? json_array() : NULL;
	json_t *items = items_with(group, list_attribute, list, 0, related, provs);
	if (provenance != NULL) {
		if (items == NULL) {
			json_decref(provs);
			provs = NULL;
		}
		*provenance = provs;
	}
	return items;
}
