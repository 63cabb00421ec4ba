#ifndef GX_PROCEDURES_PREFILL_MERGE_H
#define GX_PROCEDURES_PREFILL_MERGE_H

/**
 * Which value prefills a field whose definition names a register attribute,
 * a self-declared attribute, or both ({"source", "attribute", "self"}), and
 * the provenance that says where it came from (docs/procedures.md, "Filling
 * in and submitting").
 *
 * The register's value wins over the person's own unless the field says
 * "prefer": "self". When the register gave no value — it holds none, the
 * person said No to it, it could not be reached, did not answer in time,
 * refused or answered garbage — the self-declared value fills the field, and
 * its provenance says so and why: {"source": "self", "attribute", "as_of",
 * "register": {"source", "attribute", "outcome"}}, so that a page can tell
 * the person the authentic value was not used. outcome is the register's
 * status ("no_value", "declined", "unavailable", "timeout", "refused",
 * "bad_answer"), or "not_preferred" when the register had a value and the
 * definition prefers the person's.
 *
 * A group prefilled from a register's list gets one item per element
 * (prefill_items.h); an empty list, or a value that is not a list, leaves
 * it empty. When the list names related subjects (children) and reg's
 * related answers them, items take their values too, and the group's
 * provenance gets "items": one object per item, field id -> that value's
 * provenance ({"source", "attribute", "of", "as_of", "version"}). A value
 * read from a related subject (reg->of) says so in its provenance ("of").
 *
 * Pure: no store, no network; the values are the caller's.
 */

#include <jansson.h>

#include "procedures/prefill_items.h"

/** How a field's register part ended once the registers have answered. */
struct gx_prefill_register_part {
	const char *source;     /* the register, as the definition names it */
	const char *attribute;
	const char *outcome;    /* "ok" (value set), "no_value", or the register's status */
	const json_t *value;    /* borrowed; with "ok" only, never JSON null */
	const char *as_of;      /* YYYY-MM-DD, with "ok" */
	long long version;      /* the record's, with "ok" */
	const char *of;         /* the value is a related subject's, the one this attribute of the person
				 * names ("partner"); NULL: the person's own */
	const struct gx_prefill_related *related; /* a group's list of keys: the subjects' own values; may be NULL */
};

/** The person's own value for a field's self part. */
struct gx_prefill_self_part {
	const char *attribute;
	const char *value;      /* NULL: nothing declared */
	const char *as_of;      /* YYYY-MM-DD it was declared */
};

/**
 * Decides one field's prefill. reg is NULL when the field's prefill names no
 * register, self NULL when it names no self-declared attribute. A
 * self-declared value that is not one of a choice field's options is not
 * used. Sets *value and *provenance to new references, or both to NULL when
 * the field stays empty. Returns 0, or -1 when out of memory (both NULL).
 */
int gx_prefill_merge(const json_t *field, const struct gx_prefill_register_part *reg,
		     const struct gx_prefill_self_part *self, json_t **value, json_t **provenance);

#endif
