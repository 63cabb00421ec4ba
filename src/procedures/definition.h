#ifndef GX_PROCEDURES_DEFINITION_H
#define GX_PROCEDURES_DEFINITION_H

/**
 * A procedure definition (procedures/<id>.json, format: docs/procedures.md,
 * for editors: procedures/schema.json). gx_procedure_parse checks the whole
 * file, beyond what the schema says: ids and their uniqueness, each kind's
 * own members, fr/de/en texts, that conditions, computations and rules name
 * existing fields of a fitting kind, that prefill names a register attribute
 * or a self-declared one that fits the field (or both, the only case where
 * prefer may choose) — inside a group, only its group's list's elements or
 * their members —, that the statuses table is a workable graph
 * (statuses.h), that a reuse declaration names registers, attributes and
 * fields that exist (reuse.h), and size limits that refuse absurd files. The
 * first fault is reported as "<JSON Pointer>: <reason>" ("" is the whole
 * document).
 *
 * A checked definition owns its json_t tree, is immutable and may be shared
 * by threads (jansson's reference counts are not touched by the accessors).
 * Each field of the tree carries its kind compiled at load, read with
 * gx_field_kind_of (field_kind.h); the statuses and the reuse declaration
 * are compiled at load too (gx_procedure_statuses, gx_procedure_reuse).
 */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "procedures/reuse.h"
#include "procedures/statuses.h"
#include "sources/description.h"

/* Limits: anything beyond is refused. */
#define GX_PROCEDURE_FILE_MAX (1024 * 1024)   /* bytes per definition file */
#define GX_PROCEDURE_TEXT_MAX (16 * 1024)     /* bytes per string */
#define GX_PROCEDURE_STEPS_MAX 20
#define GX_PROCEDURE_FIELDS_MAX 100           /* per step, and per group */
#define GX_PROCEDURE_GROUP_DEPTH 2            /* a group may hold a group, no deeper */
#define GX_PROCEDURE_OPTIONS_MAX 200
#define GX_PROCEDURE_RULES_MAX 100
#define GX_PROCEDURE_ID_MAX 64
#define GX_PROCEDURE_FILE_BYTES_MAX (10 * 1024 * 1024) /* file.max_bytes */
#define GX_PROCEDURE_ERR_MIN 320              /* an err buffer this large never cuts a pointer */

/** What the references in a definition are checked against. A NULL member
 *  skips that check (a NULL context skips both). Borrowed, not copied. */
struct gx_procedure_context {
	const struct gx_register_description *const *registers; /* prefill sources */
	size_t nregisters;
	const char *const *organisations;                       /* organisation ids */
	size_t norganisations;
	const char *const *themes;                              /* theme ids (themes.json); NULL: not checked */
	size_t nthemes;
	const char *const *life_events;                         /* life event ids (themes.json) */
	size_t nlife_events;
};

struct gx_procedure;

/**
 * Parses and checks one definition (text: len bytes, need not be
 * NUL-terminated). Returns a new definition, or NULL with err set to
 * "<JSON Pointer>: <reason>" (or "out of memory").
 */
struct gx_procedure *gx_procedure_parse(const char *text, size_t len, const struct gx_procedure_context *ctx,
					char *err, size_t errlen);

/**
 * Reads the file at path and parses it; also checks that its base name is
 * "<id>.json" (a fault reported at "/id"). err as for gx_procedure_parse,
 * without the file name.
 */
struct gx_procedure *gx_procedure_load(const char *path, const struct gx_procedure_context *ctx, char *err,
				       size_t errlen);

const char *gx_procedure_id(const struct gx_procedure *p);
int gx_procedure_version(const struct gx_procedure *p);
const char *gx_procedure_organisation(const struct gx_procedure *p);

/** Who a procedure is for ("audience": private spaces, professional ones or
 *  both; private only when the definition does not say): a bit each. */
#define GX_AUDIENCE_PRIVATE 1u
#define GX_AUDIENCE_PROFESSIONAL 2u
unsigned gx_procedure_audience(const struct gx_procedure *p);
/** Whether p may be started in a space of kind ("private" or "professional"). */
bool gx_procedure_for_space(const struct gx_procedure *p, const char *space_kind);
/** The title in lang ("fr", "de" or "en"); NULL for another language. */
const char *gx_procedure_title(const struct gx_procedure *p, const char *lang);
/** What the catalogue and the public page say of it (docs/procedures.md,
 *  "Finding a procedure"): the theme ids (NULL-terminated; empty when it
 *  names none), its place in a life event (0 when not in it), the about
 *  texts ({"who", "needs", "duration", "cost"}, NULL when it has none) and
 *  the search keywords ({"fr": [...], …}, NULL when none). Borrowed. */
const char *const *gx_procedure_themes(const struct gx_procedure *p);
int gx_procedure_life_event_rank(const struct gx_procedure *p, const char *life_event);
const json_t *gx_procedure_about(const struct gx_procedure *p);
const json_t *gx_procedure_keywords(const struct gx_procedure *p);

/** What a catalogue of the platform asks of every definition, beyond the
 *  format (guichetctl procedures check): at least one theme, and the texts
 *  of its public page (about). Returns 0, or -1 with err "<pointer>: <reason>". */
int gx_procedure_catalogue_check(const struct gx_procedure *p, char *err, size_t errlen);

/** The whole checked definition, for templates and the submission validator. Borrowed. */
const json_t *gx_procedure_json(const struct gx_procedure *p);
/** Whether any field, in a group or not, is a file field. */
bool gx_procedure_has_files(const struct gx_procedure *p);
/** The statuses a case of the procedure goes through, compiled at load
 *  (statuses.h: the initial one, final ones, turns, transitions). Borrowed. */
const struct gx_status_table *gx_procedure_statuses(const struct gx_procedure *p);
/** What the organisation may later fetch itself if the person consents
 *  (reuse.h), or NULL when the definition offers no reuse. Borrowed. */
const struct gx_reuse *gx_procedure_reuse(const struct gx_procedure *p);

void gx_procedure_free(struct gx_procedure *p);

/** The self-declared attributes a field may be prefilled from ({"self": …}). */
extern const char *const gx_procedure_self_attributes[];
/** The content types a file field may accept. */
extern const char *const gx_procedure_file_types[];

#endif
