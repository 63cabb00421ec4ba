/* guichetctl: the operator's tool. One subcommand per concern. */

#include <stdio.h>
#include <string.h>

#include "guichetctl/commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"template", gx_ctl_template, "render a Mustache template: template render --template F --data F.json [--partials DIR]"},
	{"seed", gx_ctl_seed, "generate the synthetic population's registers: seed --persons N --seed S --out DIR [--idp-population FILE]"},
	{"procedures", gx_ctl_procedures, "check procedure definitions: procedures check [--registers DIR] [--i18n DIR] [DIR]"},
	{"routes", gx_ctl_routes, "list guichetd's routes and their authorization actions as JSON"},
	{"org", gx_ctl_org, "an organisation's agents and API clients: org agents|clients|client-assertion ..."},
	{"mail", gx_ctl_mail, "send a test notification through the mail settings: mail test --to ADDRESS [--config F]"},
	{"translog", gx_ctl_translog, "the transparency log: translog verify|check-proof BUNDLE|key|erase SUBJECT (docs/transparency.md)"},
	{"backup", gx_ctl_backup, "a consistent copy of the SQLite store while guichetd serves: backup --to FILE"},
	{"restore", gx_ctl_restore, "put a backup in place of the store, guichetd stopped: restore --from FILE [--replace]"},
	{"certificates", gx_ctl_certificates, "render, find and check certificates: certificates render|code|verify ... (docs/certificates.md)"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: guichetctl COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "guichetctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
