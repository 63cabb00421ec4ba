#ifndef GX_CORE_LB_TYPES_H
#define GX_CORE_LB_TYPES_H

/** The document types organisations deliver to letter boxes, declared per
 *  organisation in configuration (letterbox.types, etc/letterbox.json):
 *  an id, titles in fr/de/en, how long a document is kept and when an
 *  unread one is recalled. Every organisation also has the type
 *  "decision" (decisions on procedures the person submitted online).
 *  Loaded once at start; read-only after. See docs/letterbox.md. */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct gx_procedure_catalog;

#define GX_LB_DECISION "decision"

struct gx_lb_type {
	const char *org;          /* the organisation's id; NULL for "decision" (every organisation's) */
	const char *id;           /* the type's id, unique within the organisation */
	const char *titles[3];    /* fr, de, en */
	unsigned retention_days;  /* a document is purged this long after delivery */
	unsigned reminder_days;   /* unread this long: a reminder (0: none) */
	bool decision;            /* the built-in "decision" type: always delivered for an online submission */
};

struct gx_lb_types {
	json_t *root;             /* owns the strings */
	struct gx_lb_type *items; /* the declared types, by organisation as in the file */
	size_t n;
	struct gx_lb_type decision;  /* every organisation's "decision" */
	const struct gx_procedure_catalog *cat;  /* the organisations (borrowed) */
};

/** Loads path (NULL: no declared type, only the decisions) checked
 *  against the organisations of cat (every organisation gets "decision").
 *  0, or -1 with err naming the file and the member at fault. */
int gx_lb_types_load(struct gx_lb_types *t, const char *path, const struct gx_procedure_catalog *cat, char *err,
		     size_t errlen);
void gx_lb_types_free(struct gx_lb_types *t);

/** The type id of org (for "decision": the shared one, when org is an
 *  organisation), or NULL. */
const struct gx_lb_type *gx_lb_type_find(const struct gx_lb_types *t, const char *org, const char *id);

/** The type's title in lang ("fr", "de", "en"; "lb" reads "de"). */
const char *gx_lb_type_title(const struct gx_lb_type *type, const char *lang);

#endif
