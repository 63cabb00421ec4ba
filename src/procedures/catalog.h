#ifndef GX_PROCEDURES_CATALOG_H
#define GX_PROCEDURES_CATALOG_H

/**
 * The platform's procedures: every definition in a folder (every *.json but
 * schema.json and organisations.json), checked against the folder's
 * organisations.json and the register descriptions the *.json of registers_dir.
 * Loaded once at start; immutable afterwards, so threads may share it.
 *
 * The context pieces are public too, for `guichetctl procedures check`,
 * which reports every file rather than stopping at the first fault.
 */

#include <stddef.h>

#include "procedures/definition.h"

struct gx_procedure_catalog;

/** The organisations and registers a folder's definitions refer to. Owns
 *  what ctx points to. */
struct gx_procedure_env {
	struct gx_procedure_context ctx;
	json_t *organisations;                      /* the parsed organisations.json */
	json_t *themes;                             /* the parsed themes.json ({"themes": [], "life_events": []} without one) */
	const char **theme_ids, **life_event_ids;
	struct gx_register_description **registers; /* the *.json of registers_dir */
	size_t nregisters;
	const char **org_ids;
};

/**
 * Loads dir/organisations.json, dir/themes.json when there is one (the
 * themes and life events definitions may name) and, when registers_dir is
 * not NULL, every *.json of registers_dir. On error returns -1 with err "<file>: <pointer>: <reason>".
 * Free with gx_procedure_env_clear even on error.
 */
int gx_procedure_env_load(const char *dir, const char *registers_dir, struct gx_procedure_env *env, char *err,
			  size_t errlen);
void gx_procedure_env_clear(struct gx_procedure_env *env);

/**
 * The definition file names of dir (sorted; "*.json" but schema.json and
 * organisations.json). Returns the count, or -1 with err set; free each name
 * and the array.
 */
long gx_procedure_list_files(const char *dir, char ***names, char *err, size_t errlen);

/**
 * Loads every definition in dir (see above). On the first fault returns -1
 * with err "<file>: <JSON Pointer>: <reason>" and *out NULL.
 */
int gx_procedure_catalog_load(const char *dir, const char *registers_dir, struct gx_procedure_catalog **out,
			      char *err, size_t errlen);

/** The definition with this id, or NULL. */
const struct gx_procedure *gx_procedure_catalog_find(const struct gx_procedure_catalog *cat, const char *id);
size_t gx_procedure_catalog_count(const struct gx_procedure_catalog *cat);
/** The i-th definition, in id order. */
const struct gx_procedure *gx_procedure_catalog_at(const struct gx_procedure_catalog *cat, size_t i);
/** The description of register name (registers/<name>.json) the
 *  definitions were checked against, or NULL: its titles and its
 *  attributes' titles name what a definition's reuse may fetch. */
const struct gx_register_description *gx_procedure_catalog_register(const struct gx_procedure_catalog *cat,
								    const char *name);
/** The themes and the life events (themes.json): arrays of {"id", "titles"
 *  (fr, de, en, lb)[, "help"]}, in the file's order. Borrowed. */
const json_t *gx_procedure_catalog_themes(const struct gx_procedure_catalog *cat);
const json_t *gx_procedure_catalog_life_events(const struct gx_procedure_catalog *cat);
/** The theme or life event with this id, or NULL. */
const json_t *gx_procedure_catalog_theme(const struct gx_procedure_catalog *cat, const char *id);
const json_t *gx_procedure_catalog_life_event(const struct gx_procedure_catalog *cat, const char *id);

/** Every organisation: the array of organisations.json ({id, titles}), borrowed. */
const json_t *gx_procedure_catalog_organisations(const struct gx_procedure_catalog *cat);
/** An organisation's titles object {"fr","de","en"}, or NULL when unknown. */
const json_t *gx_procedure_catalog_organisation(const struct gx_procedure_catalog *cat, const char *id);

void gx_procedure_catalog_free(struct gx_procedure_catalog *cat);

#endif
