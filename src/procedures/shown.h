#ifndef GX_PROCEDURES_SHOWN_H
#define GX_PROCEDURES_SHOWN_H

/**
 * Which fields are shown given the answers (show_if), and what a condition
 * (show_if, required_if) reads: one reading shared by the validator
 * (validate.c) and the pages (forms/form.c), so that a step the
 * pages skip is a step the validator does not check.
 *
 * A field is shown when it has no show_if, or when the field its condition
 * names is itself shown, answered, and equals the condition's value (a
 * multichoice: one of the chosen options; without "equals": answered and not
 * false). Conditions chain: if C is shown when B is, and B when A is, C is
 * hidden whenever A hides B, whatever B's answer was before. A field named
 * is looked up in the level of the field that names it (a group item), then
 * in the enclosing levels up to the steps' fields. Chains are followed
 * GX_SHOWN_DEPTH deep (a checked definition names only earlier fields, so
 * has no cycle; an unchecked one is cut there, as hidden).
 *
 * Pure: only reads the definition and the answers, touches no reference
 * count, so one definition may be shared by threads.
 */

#include <stdbool.h>

#include <jansson.h>

#define GX_SHOWN_DEPTH 8

/** One level of a definition with its answers: the steps' fields and the
 *  draft's data, or a group's fields and one of its items. */
struct gx_show_level {
	const json_t *steps;    /* the top level: the definition's "steps", whose fields are searched; else NULL */
	const json_t *fields;   /* a group's level: the group's "fields" (ignored when steps is set) */
	const json_t *data;     /* this level's answers, an object (anything else: nothing answered) */
	const json_t *computed; /* this level's computed values (sum, age), an object or NULL */
	const struct gx_show_level *parent; /* the enclosing level; NULL at the top */
};

/** True when field (a definition of level l) is shown given the answers. */
bool gx_field_shown(const struct gx_show_level *l, const json_t *field);

/** True when a condition {"field", "equals"} holds as seen from level l:
 *  the field it names is shown, answered and equal to the value. */
bool gx_condition_holds(const struct gx_show_level *l, const json_t *cond);

/** The answer of field id as seen from level l (this level, then the
 *  enclosing ones): NULL when no such field, hidden, or not answered. A
 *  computed field's value is read from the level's computed values. */
const json_t *gx_field_answer(const struct gx_show_level *l, const char *id);

/** True when v counts as not answered: absent, null, a blank string, an
 *  empty array or object. */
bool gx_answer_empty(const json_t *v);

#endif
