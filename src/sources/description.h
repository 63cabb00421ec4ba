#ifndef GX_SOURCES_DESCRIPTION_H
#define GX_SOURCES_DESCRIPTION_H

/** A register's description (registers/<name>.json): its name, titles, the key
 *  types that identify a subject, and the attributes it serves. Parsed and
 *  checked strictly; immutable after loading. registryd serves the register
 *  it describes; the platform checks procedures' prefill against the same
 *  files. Format: docs/registryd.md. */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#define GX_REGISTER_NAME_MAX 64        /* register names and key types: [a-z0-9_] */
#define GX_REGISTER_ATTRIBUTE_MAX 128  /* attribute names: [a-z0-9_] segments joined by '.' */
#define GX_REGISTER_TITLE_MAX 200      /* bytes */
#define GX_REGISTER_KEYS_MAX 8
#define GX_REGISTER_ATTRIBUTES_MAX 1000
#define GX_REGISTER_TEXT_MAX (1024 * 1024)

/** The languages every title has, in this order. */
enum gx_register_lang { GX_REGISTER_FR, GX_REGISTER_DE, GX_REGISTER_EN, GX_REGISTER_LANGS };

struct gx_register_attribute {
	const char *name;                          /* points into json */
	const char *titles[GX_REGISTER_LANGS];
	bool correctable;                          /* a person may ask the register to correct it */
};

struct gx_register_description {
	const char *name;
	const char *titles[GX_REGISTER_LANGS];
	const char **keys;
	size_t nkeys;
	struct gx_register_attribute *attributes;  /* sorted by name */
	size_t nattributes;
	json_t *json;                              /* the checked description; owns the strings above */
};

/** Parses text (len bytes). Returns 0 and a new description in *out, or -1 with
 *  a message naming the faulty member (a JSON Pointer) in err. */
int gx_register_description_parse(const char *text, size_t len, struct gx_register_description **out, char *err,
				  size_t err_size);

/** Reads and parses the file at path. */
int gx_register_description_load(const char *path, struct gx_register_description **out, char *err, size_t err_size);

void gx_register_description_free(struct gx_register_description *d);

/** The attribute's index in d->attributes, or -1 when d does not serve it. */
long gx_register_attribute_index(const struct gx_register_description *d, const char *name);

/** True when key_type is one of d's keys. */
bool gx_register_has_key(const struct gx_register_description *d, const char *key_type);

#endif
