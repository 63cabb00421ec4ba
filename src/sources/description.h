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
#define GX_REGISTER_CODE_LISTS_MAX 64
#define GX_REGISTER_CODES_MAX 1000     /* codes per list */
#define GX_REGISTER_CODE_MAX 64        /* bytes of a code: [A-Za-z0-9_-] */

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
	const json_t *codes;         /* the value is a code, or a list of codes, of this list: {code: {"fr","de",
				      * "en","lb"}}; NULL when the value is not coded */
	const json_t *member_codes;  /* a list of objects: {member: its code list}; NULL when none is coded */
	const char *links;           /* the value (a key, or a list of keys) names other subjects of this register
				      * by this key type: a partner, children; NULL when it does not */
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

/** The words for a code of attribute (of its objects' member when member
 *  is not NULL) in lang ("fr", "de", "en" or "lb"; anything else reads
 *  fr); NULL when that value is not coded or code is not in its list. */
const char *gx_register_code_label(const struct gx_register_description *d, const char *attribute,
				   const char *member, const char *code, const char *lang);

/** The code list of attribute (or of its objects' member), {code: labels},
 *  in the description's order; NULL when it is not coded. Borrowed. */
const json_t *gx_register_codes_of(const struct gx_register_description *d, const char *attribute,
				   const char *member);

/** The key type by which attribute's value names other subjects of the
 *  register (related persons), or NULL when it names none. */
const char *gx_register_links(const struct gx_register_description *d, const char *attribute);
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
