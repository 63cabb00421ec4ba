/* guichetctl procedures check [--registers DIR] [DIR]: checks every procedure
 * definition of DIR (default procedures/) against its organisations.json and
 * the register descriptions (default registers/). One line per file, then a
 * count; exit 0 when all are valid, 1 otherwise, 2 on a usage error. */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichetctl/commands.h"
#include "procedures/catalog.h"

static int usage(void)
{
	fprintf(stderr, "usage: guichetctl procedures check [--registers DIR] [DIR]\n"
			"  DIR defaults to procedures, --registers to registers\n");
	return 2;
}

static int check(const char *dir, const char *registers)
{
	struct gx_procedure_env env;
	char **names = NULL;
	char err[1024], path[4096];
	long n;
	size_t ok = 0, bad = 0;

	if (gx_procedure_env_load(dir, registers, &env, err, sizeof(err)) != 0) {
		printf("%s\n", err);
		gx_procedure_env_clear(&env);
		return 1;
	}
	n = gx_procedure_list_files(dir, &names, err, sizeof(err));
	if (n < 0) {
		printf("%s\n", err);
		gx_procedure_env_clear(&env);
		return 1;
	}
	for (long i = 0; i < n; i++) {
		struct gx_procedure *p = NULL;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= sizeof(path))
			snprintf(err, sizeof(err), ": path too long");
		else
			p = gx_procedure_load(path, &env.ctx, err, sizeof(err));
		if (p != NULL) {
			printf("ok  %s\n", path);
			ok++;
		} else {
			printf("%s: %s\n", path, err);
			bad++;
		}
		gx_procedure_free(p);
		free(names[i]);
	}
	free(names);
	gx_procedure_env_clear(&env);
	printf("%zu valid, %zu invalid\n", ok, bad);
	return bad == 0 ? 0 : 1;
}

int gx_ctl_procedures(int argc, char **argv)
{
	const char *dir = "procedures", *registers = "registers";
	bool have_dir = false;
	if (argc < 2 || strcmp(argv[1], "check") != 0)
		return usage();
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--registers") == 0 && i + 1 < argc) {
			registers = argv[++i];
		} else if (argv[i][0] == '-' || have_dir) {
			return usage();
		} else {
			dir = argv[i];
			have_dir = true;
		}
	}
	return check(dir, registers);
}
