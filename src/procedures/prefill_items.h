#ifndef GX_PROCEDURES_PREFILL_ITEMS_H
#define GX_PROCEDURES_PREFILL_ITEMS_H

/**
 * The items of a group prefilled from a register's list
 * ({"source", "attribute"} on the group, an attribute whose value is a list:
 * the person's children, vehicles, the companies they manage): one item per
 * element of the list, at most the group's max_items, in the register's
 * order. In each item, a field of the group takes
 *
 *   - with "prefill": {"source", "attribute": "<list>[]"}: the element itself
 *     (children: each child's national id);
 *   - with "<list>[].<member>": that member of the element;
 *   - without a prefill, when the element is an object: its member of the
 *     field's id (vehicles: plate, make, model, first_registration);
 *
 * and nothing else: members no field takes, and null values, are left out.
 * A group within the group takes its list the same way, its items filled
 * from objects' members of its fields' ids. The checker
 * (check_prefill.c) lets a field inside a group name only its group's
 * list, so every prefill a definition states is one this fills.
 *
 * Pure: the definition and the list are only read; the result is new.
 */

#include <jansson.h>

/** What the register said about the subjects a list names (related
 *  persons: a person's children are national ids of the same register). */
struct gx_prefill_related {
	/** The value of attribute in the register's record of the subject key,
	 *  borrowed, NULL when there is none (not asked, not answered, not held);
	 *  its as-of date and version. */
	const json_t *(*value)(void *ctx, const char *key, const char *attribute, const char **as_of,
			       long long *version);
	void *ctx;
	const char *source;       /* the register's name, for provenance */
};

/** The items (a new array, possibly empty) of group from list, the value of
 *  the group's register attribute list_attribute. NULL when list is not an
 *  array, or out of memory.
 *
 *  related (may be NULL): when an element is a key (a string) and a field
 *  names "<list>[].<attribute>", the field takes that attribute of the
 *  subject the key names (a child's given name), and *provenance (when not
 *  NULL) receives a new array, one object per item: field id -> {"source",
 *  "attribute", "of": list_attribute, "as_of", "version"} for each such
 *  value. */
json_t *gx_prefill_group_items(const json_t *group, const char *list_attribute, const json_t *list,
			       const struct gx_prefill_related *related, json_t **provenance);

#endif
