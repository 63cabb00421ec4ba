#ifndef GX_PROCEDURES_CHECK_INT_H
#define GX_PROCEDURES_CHECK_INT_H

/** Private to src/procedures: the state of one definition check (the JSON
 *  Pointer being visited, the first error, the fields seen so far) and the
 *  checks shared by the files that check one part of a definition. */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "procedures/definition.h"
#include "procedures/field_kind.h"
#include "procedures/reuse.h"
#include "procedures/statuses.h"

/** A field seen so far, in document order. Scope: the index in the table of
 *  the group that holds it, or -1 for a step's field. */
struct gx_pc_field {
	const char *id;
	enum gx_field_kind kind;
	json_t *json;
	long scope;
	int depth;       /* 0 for a step's field, 1 inside a group, … */
};

struct gx_pc {
	char ptr[256];   /* RFC 6901 pointer of the value being checked */
	size_t len;
	bool cut;        /* a segment did not fit; the pointer names an ancestor */
	char *err;
	size_t errlen;
	bool failed;
	const struct gx_procedure_context *ctx;
	struct gx_pc_field *fields;
	size_t nfields, capfields;
};

/** Appends "/seg" (escaped); returns the length to pop back to. */
size_t gx_pc_push(struct gx_pc *c, const char *seg);
size_t gx_pc_push_index(struct gx_pc *c, size_t i);
void gx_pc_pop(struct gx_pc *c, size_t len);

/** Records "<pointer>: <reason>" unless an error is already recorded; returns -1. */
int gx_pc_fail(struct gx_pc *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** As gx_pc_fail, at the member name under the current pointer. */
int gx_pc_fail_at(struct gx_pc *c, const char *member, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** Refuses any member of o not in allowed (NULL-terminated). */
int gx_pc_only_members(struct gx_pc *c, json_t *o, const char *const *allowed);
/** Checks o[member] is a {"fr","de","en"} object of non-empty strings; required or optional. */
int gx_pc_texts(struct gx_pc *c, json_t *o, const char *member, bool required);
/** Checks every string in v (recursively) is valid within GX_PROCEDURE_TEXT_MAX bytes. */
int gx_pc_strings_bounded(struct gx_pc *c, json_t *v);

/** [a-z][a-z0-9_]{0,63} */
bool gx_pc_field_id_ok(const char *s);
/** [a-z0-9-]{3,64} */
bool gx_pc_procedure_id_ok(const char *s);
/** True when s is in the NULL-terminated list. */
bool gx_pc_in_list(const char *s, const char *const *list);

/** A date bound: "YYYY-MM-DD" (a real date), "today" or "today±N[ymd]".
 *  Sets *relative and *value (days since 1970-01-01, or signed offset in days
 *  with years as 365 and months as 30: used only to compare two bounds). */
bool gx_pc_date_bound(const char *s, bool *relative, long *value);

/** Checks one step's (or group's) fields array; depth is 0 for a step. */
int gx_pc_fields(struct gx_pc *c, json_t *fields, long scope, int depth);
/** Checks one field's kind-specific members. */
int gx_pc_field_kind(struct gx_pc *c, json_t *f, enum gx_field_kind kind, long self, int depth);
/** Checks prefill and prefer of a field; scope: the index in the table of
 *  the group that holds it, or -1 for a step's field. */
int gx_pc_prefill(struct gx_pc *c, json_t *f, enum gx_field_kind kind, long scope);
/** Checks show_if, required_if and compute of the field at index self, against earlier fields. */
int gx_pc_field_refs(struct gx_pc *c, json_t *f, size_t self);
/** Checks the definition's rules against its step fields. */
int gx_pc_rules(struct gx_pc *c, json_t *rules);
/** Checks the catalogue's members of a definition: themes, life_events, about, keywords, without_login. */
int gx_pc_catalogue(struct gx_pc *c, json_t *d);
/** Checks the definition's automatic issuer (NULL: none) against its step
 *  fields and statuses (check_automatic.c). */
int gx_pc_automatic(struct gx_pc *c, json_t *automatic, const struct gx_status_table *statuses);
/** Checks the definition's reuse (NULL: none) against its step fields. */
int gx_pc_reuse(struct gx_pc *c, json_t *reuse);
/** The parsed view of a checked reuse, in one block to free(); NULL when out of memory. */
struct gx_reuse *gx_reuse_compile(const json_t *reuse);
/** [a-z0-9_] words joined by single dots, at most GX_REGISTER_ATTRIBUTE_MAX bytes. */
bool gx_pc_attribute_name_ok(const char *s);
/** Checks a statuses table (at the current pointer) and compiles it into t,
 *  whose ids point into table. */
int gx_pc_statuses(struct gx_pc *c, json_t *table, struct gx_status_table *t);

/** The field visible from a field in scope named id, among the first `before`
 *  fields: same scope first, then the enclosing ones. NULL when none. */
const struct gx_pc_field *gx_pc_lookup(const struct gx_pc *c, const char *id, long scope, size_t before);

#endif
