/** Loads what a folder's definitions refer to: its organisations.json, its
 *  themes.json (themes and life events) and the register descriptions;
 *  lists its definition files. */

#include "procedures/catalog.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/check_int.h"

#define ORGANISATIONS_MAX 1000
#define FILES_MAX 10000
#define THEMES_MAX 200

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* *.json in dir minus the excluded names, sorted. */
static long list_json(const char *dir, const char *const *exclude, char ***out, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	*out = NULL;
	if (d == NULL) {
		snprintf(err, errlen, "%s: cannot open the folder", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[0] == '.' ||
		    gx_pc_in_list(e->d_name, exclude))
			continue;
		if (n == FILES_MAX) {
			snprintf(err, errlen, "%s: more than %d files", dir, FILES_MAX);
			goto fail;
		}
		if (n == cap) {
			size_t ncap = cap == 0 ? 32 : cap * 2;
			char **nn = realloc(names, ncap * sizeof(*nn));
			if (nn == NULL)
				goto oom;
			names = nn;
			cap = ncap;
		}
		names[n] = strdup(e->d_name);
		if (names[n] == NULL)
			goto oom;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	*out = names;
	return (long)n;
oom:
	snprintf(err, errlen, "%s: out of memory", dir);
fail:
	closedir(d);
	free_names(names, n);
	return -1;
}

long gx_procedure_list_files(const char *dir, char ***names, char *err, size_t errlen)
{
	static const char *const exclude[] = {"schema.json", "organisations.json", "themes.json", NULL};
	return list_json(dir, exclude, names, err, errlen);
}

static int check_organisations(struct gx_pc *c, json_t *doc, const char ***ids, size_t *nids)
{
	static const char *const top[] = {"organisations", NULL};
	static const char *const members[] = {"id", "titles", NULL};
	if (!json_is_object(doc))
		return gx_pc_fail(c, "expected {\"organisations\": […]}");
	if (gx_pc_only_members(c, doc, top) != 0 || gx_pc_strings_bounded(c, doc) != 0)
		return -1;
	json_t *list = json_object_get(doc, "organisations");
	size_t n = json_array_size(list);
	if (!json_is_array(list) || n == 0 || n > ORGANISATIONS_MAX)
		return gx_pc_fail_at(c, "organisations", "expected an array of 1 to %d organisations", ORGANISATIONS_MAX);
	*ids = calloc(n, sizeof(**ids));
	if (*ids == NULL)
		return gx_pc_fail(c, "out of memory");
	gx_pc_push(c, "organisations");
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(list, i);
		gx_pc_push_index(c, i);
		if (!json_is_object(o))
			return gx_pc_fail(c, "expected an organisation object");
		if (gx_pc_only_members(c, o, members) != 0)
			return -1;
		const char *id = json_string_value(json_object_get(o, "id"));
		if (!gx_pc_procedure_id_ok(id))
			return gx_pc_fail_at(c, "id", "an organisation id is [a-z0-9-]{3,64}");
		for (size_t j = 0; j < i; j++)
			if (strcmp((*ids)[j], id) == 0)
				return gx_pc_fail_at(c, "id", "duplicate organisation id");
		if (gx_pc_texts(c, o, "titles", true) != 0)
			return -1;
		(*ids)[i] = id;
		*nids = i + 1;
		gx_pc_pop(c, strlen("/organisations"));
	}
	return 0;
}

/* texts in fr, de, en and lb (the catalogue's entry points are titled in Luxembourgish too) */
static int texts4(struct gx_pc *c, json_t *o, const char *member, bool required)
{
	if (gx_pc_texts(c, o, member, required) != 0)
		return -1;
	json_t *t = json_object_get(o, member);
	if (t != NULL && json_object_get(t, "lb") == NULL) {
		size_t mark = gx_pc_push(c, member);
		gx_pc_fail_at(c, "lb", "expected a text in this language");
		gx_pc_pop(c, mark);
		return -1;
	}
	return 0;
}

/* One list of themes.json ("themes" or "life_events"): {"id", "titles", "help"?}. */
static int check_topics(struct gx_pc *c, json_t *doc, const char *member, const char ***ids)
{
	static const char *const members[] = {"id", "titles", "help", NULL};
	json_t *list = json_object_get(doc, member);
	size_t n = json_array_size(list);
	if (!json_is_array(list) || n > THEMES_MAX)
		return gx_pc_fail_at(c, member, "expected an array of at most %d", THEMES_MAX);
	*ids = calloc(n + 1, sizeof(**ids));
	if (*ids == NULL)
		return gx_pc_fail(c, "out of memory");
	size_t m1 = gx_pc_push(c, member);
	for (size_t i = 0; i < n && !c->failed; i++) {
		json_t *o = json_array_get(list, i);
		size_t m2 = gx_pc_push_index(c, i);
		const char *id = json_string_value(json_object_get(o, "id"));
		if (!json_is_object(o))
			gx_pc_fail(c, "expected an object");
		else if (gx_pc_only_members(c, o, members) != 0)
			;
		else if (!gx_pc_procedure_id_ok(id))
			gx_pc_fail_at(c, "id", "an id is [a-z0-9-]{3,64}");
		else if (gx_pc_in_list(id, *ids))
			gx_pc_fail_at(c, "id", "duplicate id");
		else if (texts4(c, o, "titles", true) == 0 && texts4(c, o, "help", false) == 0)
			(*ids)[i] = id;
		gx_pc_pop(c, m2);
	}
	gx_pc_pop(c, m1);
	return c->failed ? -1 : 0;
}

/* dir/themes.json, or none: then no definition may name a theme or life event. */
static int load_themes(const char *dir, struct gx_procedure_env *env, char *err, size_t errlen)
{
	char path[4096], why[512] = "";
	json_error_t jerr;
	if ((size_t)snprintf(path, sizeof(path), "%s/themes.json", dir) >= sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		env->themes = json_pack("{s:[], s:[]}", "themes", "life_events");
	} else {
		env->themes = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
		fclose(f);
		if (env->themes == NULL) {
			snprintf(err, errlen, "%s: : not valid JSON (line %d: %s)", path, jerr.line, jerr.text);
			return -1;
		}
	}
	struct gx_pc c = {.err = why, .errlen = sizeof(why)};
	static const char *const top[] = {"themes", "life_events", NULL};
	if (env->themes == NULL || !json_is_object(env->themes)) {
		snprintf(err, errlen, "%s: : expected {\"themes\": […], \"life_events\": […]}", path);
		return -1;
	}
	if (gx_pc_only_members(&c, env->themes, top) != 0 || gx_pc_strings_bounded(&c, env->themes) != 0 ||
	    check_topics(&c, env->themes, "themes", &env->theme_ids) != 0 ||
	    check_topics(&c, env->themes, "life_events", &env->life_event_ids) != 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	env->ctx.themes = env->theme_ids;
	env->ctx.nthemes = json_array_size(json_object_get(env->themes, "themes"));
	env->ctx.life_events = env->life_event_ids;
	env->ctx.nlife_events = json_array_size(json_object_get(env->themes, "life_events"));
	return 0;
}

static int load_registers(const char *registers_dir, struct gx_procedure_env *env, char *err, size_t errlen)
{
	static const char *const exclude[] = {NULL};
	char **names = NULL;
	char path[4096], why[512];
	int rc = -1;
	long n = list_json(registers_dir, exclude, &names, err, errlen);
	if (n < 0)
		return -1;
	env->registers = calloc(n > 0 ? (size_t)n : 1, sizeof(*env->registers));
	if (env->registers == NULL) {
		snprintf(err, errlen, "%s: out of memory", registers_dir);
		goto done;
	}
	for (long i = 0; i < n; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", registers_dir, names[i]) >= sizeof(path)) {
			snprintf(err, errlen, "%s: path too long", registers_dir);
			goto done;
		}
		if (gx_register_description_load(path, &env->registers[env->nregisters], why, sizeof(why)) != 0) {
			snprintf(err, errlen, "%s: %s", path, why);
			goto done;
		}
		env->nregisters++;
	}
	env->ctx.registers = (const struct gx_register_description *const *)env->registers;
	env->ctx.nregisters = env->nregisters;
	rc = 0;
done:
	free_names(names, (size_t)n);
	return rc;
}

int gx_procedure_env_load(const char *dir, const char *registers_dir, struct gx_procedure_env *env, char *err,
			  size_t errlen)
{
	char path[4096], why[512] = "";
	json_error_t jerr;
	size_t nids = 0;
	memset(env, 0, sizeof(*env));
	if ((size_t)snprintf(path, sizeof(path), "%s/organisations.json", dir) >= sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	env->organisations = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (env->organisations == NULL) {
		snprintf(err, errlen, "%s: : cannot read or not valid JSON (line %d: %s)", path, jerr.line, jerr.text);
		return -1;
	}
	struct gx_pc c = {.err = why, .errlen = sizeof(why)};
	if (check_organisations(&c, env->organisations, &env->org_ids, &nids) != 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	env->ctx.organisations = env->org_ids;
	env->ctx.norganisations = nids;
	if (load_themes(dir, env, err, errlen) != 0)
		return -1;
	if (registers_dir != NULL && load_registers(registers_dir, env, err, errlen) != 0)
		return -1;
	return 0;
}

void gx_procedure_env_clear(struct gx_procedure_env *env)
{
	for (size_t i = 0; i < env->nregisters; i++)
		gx_register_description_free(env->registers[i]);
	free(env->registers);
	free(env->org_ids);
	free(env->theme_ids);
	free(env->life_event_ids);
	json_decref(env->organisations);
	json_decref(env->themes);
	memset(env, 0, sizeof(*env));
}
