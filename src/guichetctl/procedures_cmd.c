/* guichetctl procedures check [--registers DIR] [--i18n DIR] [DIR]: checks
 * every procedure definition of DIR (default procedures/) against its
 * organisations.json, the register descriptions (default registers/) and
 * the pages' catalogs (default i18n/: every status needs a label
 * proc.status.<status> in every language, and no help text may repeat its
 * field's label or the format hint printed under its kind, as guichetd
 * checks at start), and what the catalogue needs of every procedure: a
 * theme and a public page (help and about).
 * One line per file, then a count, then how many organisations the valid
 * ones come from (the catalogue's breadth, which tests hold to a minimum);
 * exit 0 when all are valid, 1 otherwise,
 * 2 on a usage error. */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "guichetctl/commands.h"
#include "i18n/i18n.h"
#include "procedures/catalog.h"
#include "procedures/hints.h"

static int usage(void)
{
	fprintf(stderr, "usage: guichetctl procedures check [--registers DIR] [--i18n DIR] [DIR]\n"
			"  DIR defaults to procedures, --registers to registers, --i18n to i18n\n");
	return 2;
}

/* The first language of the catalogs i without a label for status. */
static const char *label_missing(const char *status, void *i)
{
	char key[96];
	snprintf(key, sizeof(key), "proc.status.%s", status);
	return gx_i18n_missing(i, key);
}

/* The format hint the pages print under a field of kind, in lang. */
static const char *format_hint(enum gx_field_kind kind, const char *lang, void *i)
{
	const char *key = gx_field_kind_hint_key(kind);
	enum gx_lang l;
	if (key == NULL || gx_lang_from_code(lang, strlen(lang), &l) != 0)
		return NULL;
	return gx_i18n_get(i, l, key);
}

static int check(const char *dir, const char *registers, const char *i18n_dir)
{
	struct gx_procedure_env env;
	struct gx_i18n *i18n = NULL;
	char **names = NULL;
	char err[1024], path[4096];
	long n;
	size_t ok = 0, bad = 0, norgs = 0;
	json_t *orgs; /* the valid definitions' organisations, as a set */

	if (gx_i18n_load(i18n_dir, &i18n, err, sizeof(err)) != 0) {
		printf("%s\n", err);
		return 1;
	}
	if (gx_procedure_env_load(dir, registers, &env, err, sizeof(err)) != 0) {
		printf("%s\n", err);
		gx_procedure_env_clear(&env);
		gx_i18n_free(i18n);
		return 1;
	}
	n = gx_procedure_list_files(dir, &names, err, sizeof(err));
	if (n < 0) {
		printf("%s\n", err);
		gx_procedure_env_clear(&env);
		gx_i18n_free(i18n);
		return 1;
	}
	orgs = json_object();
	for (long i = 0; i < n; i++) {
		struct gx_procedure *p = NULL;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= sizeof(path))
			snprintf(err, sizeof(err), ": path too long");
		else
			p = gx_procedure_load(path, &env.ctx, err, sizeof(err));
		if (p != NULL && gx_status_labels_check(gx_procedure_statuses(p), label_missing, i18n, "proc.status", err,
							sizeof(err)) != 0) {
			gx_procedure_free(p);
			p = NULL;
		}
		if (p != NULL && gx_procedure_hints_check(p, format_hint, i18n, err, sizeof(err)) != 0) {
			gx_procedure_free(p);
			p = NULL;
		}
		if (p != NULL && gx_procedure_catalogue_check(p, err, sizeof(err)) != 0) {
			gx_procedure_free(p);
			p = NULL;
		}
		if (p != NULL) {
			printf("ok  %s\n", path);
			ok++;
			if (orgs != NULL)
				json_object_set_new(orgs, gx_procedure_organisation(p), json_true());
		} else {
			printf("%s: %s\n", path, err);
			bad++;
		}
		gx_procedure_free(p);
		free(names[i]);
	}
	free(names);
	gx_procedure_env_clear(&env);
	gx_i18n_free(i18n);
	printf("%zu valid, %zu invalid\n", ok, bad);
	if (orgs == NULL) {
		printf("out of memory counting the organisations\n");
		return 1;
	}
	norgs = json_object_size(orgs);
	json_decref(orgs);
	printf("from %zu organisation%s\n", norgs, norgs == 1 ? "" : "s");
	return bad == 0 ? 0 : 1;
}

int gx_ctl_procedures(int argc, char **argv)
{
	const char *dir = "procedures", *registers = "registers", *i18n = "i18n";
	bool have_dir = false;
	if (argc < 2 || strcmp(argv[1], "check") != 0)
		return usage();
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--registers") == 0 && i + 1 < argc) {
			registers = argv[++i];
		} else if (strcmp(argv[i], "--i18n") == 0 && i + 1 < argc) {
			i18n = argv[++i];
		} else if (argv[i][0] == '-' || have_dir) {
			return usage();
		} else {
			dir = argv[i];
			have_dir = true;
		}
	}
	return check(dir, registers, i18n);
}
