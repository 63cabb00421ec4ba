/** Loads every definition of a folder into an immutable catalog, sorted by
 *  id for lookups. */

#include "procedures/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gx_procedure_catalog {
	struct gx_procedure_env env;
	struct gx_procedure **procs; /* sorted by id */
	size_t n;
};

static int by_id(const void *a, const void *b)
{
	return strcmp(gx_procedure_id(*(struct gx_procedure *const *)a), gx_procedure_id(*(struct gx_procedure *const *)b));
}

int gx_procedure_catalog_load(const char *dir, const char *registers_dir, struct gx_procedure_catalog **out,
			      char *err, size_t errlen)
{
	struct gx_procedure_catalog *cat = calloc(1, sizeof(*cat));
	char **names = NULL;
	long n = 0;
	char path[4096], why[512];
	*out = NULL;
	if (cat == NULL) {
		snprintf(err, errlen, "%s: out of memory", dir);
		return -1;
	}
	if (gx_procedure_env_load(dir, registers_dir, &cat->env, err, errlen) != 0)
		goto fail;
	n = gx_procedure_list_files(dir, &names, err, errlen);
	if (n < 0)
		goto fail;
	cat->procs = calloc(n > 0 ? (size_t)n : 1, sizeof(*cat->procs));
	if (cat->procs == NULL) {
		snprintf(err, errlen, "%s: out of memory", dir);
		goto fail;
	}
	for (long i = 0; i < n; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= sizeof(path)) {
			snprintf(err, errlen, "%s: path too long", names[i]);
			goto fail;
		}
		cat->procs[cat->n] = gx_procedure_load(path, &cat->env.ctx, why, sizeof(why));
		if (cat->procs[cat->n] == NULL) {
			snprintf(err, errlen, "%s: %s", path, why);
			goto fail;
		}
		cat->n++;
	}
	/* ids are unique: each equals its file name */
	qsort(cat->procs, cat->n, sizeof(*cat->procs), by_id);
	for (long i = 0; i < n; i++)
		free(names[i]);
	free(names);
	*out = cat;
	return 0;
fail:
	for (long i = 0; i < n && names != NULL; i++)
		free(names[i]);
	free(names);
	gx_procedure_catalog_free(cat);
	return -1;
}

const struct gx_procedure *gx_procedure_catalog_find(const struct gx_procedure_catalog *cat, const char *id)
{
	size_t lo = 0, hi = cat->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, gx_procedure_id(cat->procs[mid]));
		if (c == 0)
			return cat->procs[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

size_t gx_procedure_catalog_count(const struct gx_procedure_catalog *cat)
{
	return cat->n;
}

const struct gx_procedure *gx_procedure_catalog_at(const struct gx_procedure_catalog *cat, size_t i)
{
	return i < cat->n ? cat->procs[i] : NULL;
}

const struct gx_register_description *gx_procedure_catalog_register(const struct gx_procedure_catalog *cat,
								    const char *name)
{
	for (size_t i = 0; name != NULL && i < cat->env.nregisters; i++)
		if (strcmp(cat->env.registers[i]->name, name) == 0)
			return cat->env.registers[i];
	return NULL;
}

const json_t *gx_procedure_catalog_themes(const struct gx_procedure_catalog *cat)
{
	return json_object_get(cat->env.themes, "themes");
}

const json_t *gx_procedure_catalog_life_events(const struct gx_procedure_catalog *cat)
{
	return json_object_get(cat->env.themes, "life_events");
}

static const json_t *topic(const json_t *list, const char *id)
{
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t) {
		if (id != NULL && strcmp(json_string_value(json_object_get(t, "id")), id) == 0)
			return t;
	}
	return NULL;
}

const json_t *gx_procedure_catalog_theme(const struct gx_procedure_catalog *cat, const char *id)
{
	return topic(gx_procedure_catalog_themes(cat), id);
}

const json_t *gx_procedure_catalog_life_event(const struct gx_procedure_catalog *cat, const char *id)
{
	return topic(gx_procedure_catalog_life_events(cat), id);
}

const json_t *gx_procedure_catalog_organisations(const struct gx_procedure_catalog *cat)
{
	return json_object_get(cat->env.organisations, "organisations");
}

const json_t *gx_procedure_catalog_organisation(const struct gx_procedure_catalog *cat, const char *id)
{
	json_t *list = json_object_get(cat->env.organisations, "organisations");
	for (size_t i = 0; id != NULL && i < json_array_size(list); i++) {
		json_t *o = json_array_get(list, i);
		if (strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
			return json_object_get(o, "titles");
	}
	return NULL;
}

void gx_procedure_catalog_free(struct gx_procedure_catalog *cat)
{
	if (cat == NULL)
		return;
	for (size_t i = 0; i < cat->n; i++)
		gx_procedure_free(cat->procs[i]);
	free(cat->procs);
	gx_procedure_env_clear(&cat->env);
	free(cat);
}
