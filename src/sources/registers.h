#ifndef GX_SOURCES_REGISTERS_H
#define GX_SOURCES_REGISTERS_H

/** The registers the platform reads, configured declaratively in one JSON
 *  file (etc/registers.json): where each is, the platform's key for it, the
 *  subject key it is asked by, which attributes "my data" shows, and whether
 *  the person may say No to prefilling from it. Adding a register is a new
 *  entry, no code. Loaded once at start; immutable afterwards. */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "sources/description.h"  /* GX_REGISTER_NAME_MAX: the names registers go by */

struct gx_register_stats;

struct gx_register {
	char *name;               /* "persons" */
	char *url;                /* base URL: http://127.0.0.1:9101 */
	char *key;                /* the platform's client key (secret) */
	char *subject_key;        /* "national_id" */
	char *company_key;        /* the key a company is asked by ("rcs_number"); NULL: it holds no companies */
	bool choice;              /* the person may say No to prefilling from it */
	size_t nmy_data;
	char **my_data;           /* attributes shown in "my data", in order */
	json_t *titles;           /* {"fr":…,"de":…,"en":…} */
	json_t *attribute_titles; /* attribute → {"fr":…,…} */
	struct gx_register_stats *stats; /* what was seen of it (register_stats.h): counters, the only mutable part */
};

struct gx_registers {
	size_t count;
	struct gx_register *items;
	unsigned deadline_ms;
};

/** Loads the file; every error names the file and the JSON path. */
int gx_registers_load(const char *path, struct gx_registers *out, char *err, size_t errlen);
/** Parses the same from text (fuzzed: fuzz/registers_config.c). */
int gx_registers_parse(const char *text, size_t len, const char *name, struct gx_registers *out, char *err,
		       size_t errlen);
void gx_registers_free(struct gx_registers *r);
const struct gx_register *gx_registers_find(const struct gx_registers *r, const char *name);

#endif
