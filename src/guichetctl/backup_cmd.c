/* guichetctl backup --to FILE [--config FILE]
 * guichetctl restore --from FILE [--replace] [--config FILE]
 *
 * backup writes a consistent copy of the platform's SQLite store while
 * guichetd serves it (SQLite's online backup API, one read transaction:
 * the copy holds every write committed before it began, and writers are
 * not stopped). restore puts such a copy in place of the store; guichetd
 * must be stopped, and --replace is needed when the store holds data.
 * The store is found as guichetd finds it (--config, then GUICHET_*
 * variables). A PostgreSQL store is backed up with pg_basebackup (see
 * docs/operations.md): both commands say so and exit 1.
 *
 * Exit 0 done, 1 failed (the reason on stderr), 2 usage error. */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "guichetctl/commands.h"
#include "store/backup.h"

static int load(const char *config_file, struct gx_config *c, struct gx_store_config *sc)
{
	struct gx_config_error cerr;
	gx_config_defaults(c);
	if ((config_file != NULL && gx_config_load_file(c, config_file, &cerr) != 0) ||
	    gx_config_apply_env(c, &cerr) != 0 || gx_config_validate(c, &cerr) != 0) {
		fprintf(stderr, "guichetctl: configuration: %s: %s\n", cerr.where, cerr.message);
		return -1;
	}
	gx_store_config_from(sc, c, GX_STORE_SCHEMA_PLATFORM);
	return 0;
}

/* Parses "--FLAG VALUE" pairs into the slots named; bool flags without value. */
static int parse(int argc, char **argv, const char *value_flag, const char **value, const char **config_file,
		 bool *replace)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], value_flag) == 0 && i + 1 < argc)
			*value = argv[++i];
		else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			*config_file = argv[++i];
		else if (replace != NULL && strcmp(argv[i], "--replace") == 0)
			*replace = true;
		else
			return -1;
	}
	return *value != NULL && **value != '\0' ? 0 : -1;
}

static void utc(long long us, char *out, size_t size)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int gx_ctl_backup(int argc, char **argv)
{
	const char *to = NULL, *config_file = NULL;
	if (parse(argc, argv, "--to", &to, &config_file, NULL) != 0) {
		fprintf(stderr, "usage: guichetctl backup --to FILE [--config FILE]\n"
				"  a consistent copy of the SQLite store while guichetd serves it\n");
		return 2;
	}
	struct gx_config c;
	struct gx_store_config sc;
	if (load(config_file, &c, &sc) != 0)
		return 2;
	struct gx_store_copy_info info;
	char err[512], when[32];
	int rc = gx_store_backup(&sc, to, &info, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "guichetctl backup: %s\n", err);
		return 1;
	}
	utc(info.as_of_us, when, sizeof(when));
	printf("backup: %s: %lld pages, %lld bytes, schema %04d, every write committed before %s\n", to, info.pages,
	       info.bytes, info.schema_version, when);
	return 0;
}

int gx_ctl_restore(int argc, char **argv)
{
	const char *from = NULL, *config_file = NULL;
	bool replace = false;
	if (parse(argc, argv, "--from", &from, &config_file, &replace) != 0) {
		fprintf(stderr, "usage: guichetctl restore --from FILE [--replace] [--config FILE]\n"
				"  puts a backup in place of the SQLite store; guichetd must be stopped\n");
		return 2;
	}
	struct gx_config c;
	struct gx_store_config sc;
	if (load(config_file, &c, &sc) != 0)
		return 2;
	struct gx_store_copy_info info;
	char err[512];
	int rc = gx_store_restore(&sc, from, replace, &info, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "guichetctl restore: %s\n", err);
		return 1;
	}
	printf("restore: %s: %lld pages, schema %04d, now the store (%lld bytes); start guichetd\n", from, info.pages,
	       info.schema_version, info.bytes);
	return 0;
}
