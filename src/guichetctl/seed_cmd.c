/* guichetctl seed: generates the synthetic population deterministically from
 * a seed and writes the registers (one store each: SQLite files under --out,
 * or with store.backend = postgresql the databases --db-prefix + register),
 * the featured demo persons, and optionally the identity provider's
 * population file. Output: counts only (docs/population.md). */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "guichetctl/commands.h"
#include "population/idp_export.h"
#include "population/population.h"
#include "population/registers.h"
#include "util/clock.h"

#define MAX_PERSONS 2000000   /* plates and sequences stay unique below this */

static void usage(void)
{
	fprintf(stderr, "usage: guichetctl seed --persons N --seed S --out DIR [--idp-population FILE]\n"
			"                       [--db-prefix PREFIX] [--config FILE]\n"
			"With store.backend = postgresql (--config FILE, GUICHET_* variables) register R goes to the\n"
			"existing database PREFIX + R (persons, companies, ...), PREFIX + R being a database's name or a\n"
			"connection string overriding store.postgresql.conninfo's; --out keeps the JSON files.\n");
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

/** The output directory, created when missing; refuses one holding registers already. */
static int prepare_dir(const char *dir)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "seed: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int r = 0; r < GX_REG_COUNT; r++) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s.db", dir, gx_register_name((enum gx_register)r));
		if (stat(path, &st) == 0) {
			fprintf(stderr, "seed: %s already exists; remove it first\n", path);
			return -1;
		}
	}
	return 0;
}

int gx_ctl_seed(int argc, char **argv)
{
	uint64_t persons = 0, seed = 0;
	const char *dir = NULL, *idp_path = NULL, *db_prefix = NULL, *config_file = NULL;
	int have_persons = 0, have_seed = 0;
	for (int i = 1; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--persons") == 0 && parse_u64(v, MAX_PERSONS, &persons) == 0 && persons > 0)
			have_persons = 1;
		else if (strcmp(argv[i], "--seed") == 0 && parse_u64(v, UINT64_MAX, &seed) == 0)
			have_seed = 1;
		else if (strcmp(argv[i], "--out") == 0 && v != NULL)
			dir = v;
		else if (strcmp(argv[i], "--idp-population") == 0 && v != NULL)
			idp_path = v;
		else if (strcmp(argv[i], "--db-prefix") == 0 && v != NULL)
			db_prefix = v;
		else if (strcmp(argv[i], "--config") == 0 && v != NULL)
			config_file = v;
		else {
			fprintf(stderr, "seed: bad or unknown argument %s\n", argv[i]);
			usage();
			return 2;
		}
	}
	if (!have_persons || !have_seed || dir == NULL) {
		usage();
		return 2;
	}
	/* Which store: the settings guichetd would read (docs/configuration.md). */
	struct gx_config c;
	struct gx_config_error cerr;
	gx_config_defaults(&c);
	if ((config_file != NULL && gx_config_load_file(&c, config_file, &cerr) != 0) ||
	    gx_config_apply_env(&c, &cerr) != 0 || gx_config_validate(&c, &cerr) != 0) {
		fprintf(stderr, "seed: configuration: %s: %s\n", cerr.where, cerr.message);
		return 2;
	}
	struct gx_store_config base;
	gx_store_config_from(&base, &c, GX_STORE_SCHEMA_REGISTRY);
	bool pg = strcmp(base.backend, "postgresql") == 0;
	if (pg && db_prefix == NULL) {
		fprintf(stderr, "seed: store.backend = postgresql: --db-prefix names the registers' databases\n");
		usage();
		return 2;
	}
	if (prepare_dir(dir) != 0)
		return 1;
	struct gx_registers_target target = {.base = &base, .dir = dir, .db_prefix = db_prefix};

	int ret = 1;
	double t0 = (double)gx_mono_ns() / 1e9;
	struct gx_population pop;
	if (gx_pop_generate(&pop, seed, (size_t)persons) != 0) {
		fprintf(stderr, "seed: out of memory\n");
		return 1;
	}
	double t1 = (double)gx_mono_ns() / 1e9;
	fprintf(stderr, "seed: %zu persons in %zu households, %zu companies drawn in %.1f s\n", pop.person_count,
		pop.household_count, pop.company_count, t1 - t0);

	struct gx_seed_progress *progress = malloc(sizeof(*progress));
	if (progress == NULL)
		goto cleanup;
	gx_progress_init(progress, stderr, isatty(STDERR_FILENO) == 1);
	size_t written[GX_REG_COUNT];
	char err[256];
	if (gx_registers_write(&pop, &target, progress, written, err, sizeof(err)) != 0) {
		fprintf(stderr, "seed: %s\n", err);
		goto cleanup;
	}

	struct gx_featured featured;
	gx_featured_pick(&pop, &featured);
	char path[4096];
	snprintf(path, sizeof(path), "%s/demo-persons.json", dir);
	if (gx_idp_write_demo_persons(&pop, &featured, path) != 0) {
		fprintf(stderr, "seed: cannot write %s\n", path);
		goto cleanup;
	}
	size_t idp_count = 0;
	if (idp_path != NULL && gx_idp_write_population(&pop, &featured, idp_path, &idp_count) != 0) {
		fprintf(stderr, "seed: cannot write %s\n", idp_path);
		goto cleanup;
	}

	printf("seed %" PRIu64 ": %zu persons, %zu households, %zu companies in %.1f s\n", seed, pop.person_count,
	       pop.household_count, pop.company_count, (double)gx_mono_ns() / 1e9 - t0);
	for (int r = 0; r < GX_REG_COUNT; r++)
		printf("  %-17s %zu records\n", gx_register_name((enum gx_register)r), written[r]);
	if (idp_path != NULL)
		printf("  identity provider %zu adults\n", idp_count);
	ret = 0;
cleanup:
	free(progress);
	gx_pop_free(&pop);
	return ret;
}
