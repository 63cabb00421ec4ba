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

#define GX_EVIDENCE_TYPES_MAX 4                    /* application/pdf, image/jpeg, image/png, image/tiff */
#define GX_EVIDENCE_FILES_MAX 5                    /* as Digimelding's reports: up to 5 attachments */
#define GX_EVIDENCE_BYTES_MAX (10 * 1024 * 1024)

/** The files a correction request of an attribute carries as evidence.
 *  max_files 0: none are taken. */
struct gx_register_evidence {
	const char *types[GX_EVIDENCE_TYPES_MAX];  /* the accepted types, read from the files' bytes */
	size_t ntypes;
	size_t max_bytes;                          /* each file */
	size_t max_files;
	bool required;                             /* at least one file */
};

struct gx_register_attribute {
	const char *name;                          /* points into json */
	const char *titles[GX_REGISTER_LANGS];
	bool correctable;                          /* a person may ask the register to correct it */
	/* correctable only: how a proposed value is checked, as a procedure
	 * field's kind and bounds ({"kind": "text", "max_length": 100}; points
	 * into json; {"kind": "text", "max_length": 200} when the description
	 * says nothing), and the evidence asked for (correction.c) */
	const json_t *correction_field;
	struct gx_register_evidence evidence;
};

struct gx_register_description {
	const char *name;
	const char *titles[GX_REGISTER_LANGS];
	const char **keys;
	size_t nkeys;
	struct gx_register_attribute *attributes;  /* sorted by name */
	size_t nattributes;
	int correction_days;                       /* working days to take a correction up (default 5) */
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

/** Parses an attribute's "correction" member (c, NULL when absent) into a:
 *  its field and evidence, or the defaults for a correctable attribute; a
 *  member on an attribute that is not correctable is refused. The default
 *  field is added to attr (the attribute's JSON object). where names the
 *  attribute in messages ("/attributes/address.street"). 0, or -1 with err. */
int gx_register_correction_parse(json_t *attr, struct gx_register_attribute *a, const char *where, char *err,
				 size_t err_size);

/** True when type (a file's, read from its bytes) is one of e's types. */
bool gx_register_evidence_type_ok(const struct gx_register_evidence *e, const char *type);

/** True when key_type is one of d's keys. */
bool gx_register_has_key(const struct gx_register_description *d, const char *key_type);

#endif
