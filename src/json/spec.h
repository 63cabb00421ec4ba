#ifndef GX_JSON_SPEC_H
#define GX_JSON_SPEC_H

/**
 * Declarative parsing of JSON request bodies (DESIGN.md §3).
 *
 * A handler declares the members it accepts as a static, NULL-terminated
 * array of struct gx_json_field and calls gx_json_parse. The body is
 * accepted only if it is a single JSON object whose members all appear in
 * the spec, with the declared types and sizes; anything else is refused
 * with a struct gx_json_error naming the fault and the offending field as
 * an RFC 6901 JSON Pointer. The error never echoes submitted values.
 * See docs/json-input.md.
 */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/** Default caps used when a field leaves max_len at 0. */
#define GX_JSON_STRING_CAP 4096
#define GX_JSON_ARRAY_CAP 1000
/** Nesting bound used when gx_json_parse gets max_depth <= 0. */
#define GX_JSON_DEFAULT_DEPTH 32
/** Hard ceiling on max_depth (jansson's own parser limit). */
#define GX_JSON_MAX_DEPTH 2048

enum gx_json_kind {
	GX_JSON_STRING,
	GX_JSON_INTEGER, /* a JSON integer literal; 1.0 and 1e3 are not integers */
	GX_JSON_NUMBER,  /* an integer or a real */
	GX_JSON_BOOLEAN,
	GX_JSON_OBJECT,
	GX_JSON_ARRAY,
	GX_JSON_FREE_OBJECT, /* any object: its members are checked elsewhere (a procedure's data
	                        by its definition); the depth bound still applies */
};

/** One accepted member (or, via items, the shape of every array item). */
struct gx_json_field {
	const char *name;   /* NULL terminates a field list */
	enum gx_json_kind kind;
	bool required;      /* must be present and not null */
	bool nullable;      /* null accepted and treated as absent: the member is
	                       removed from the returned tree (array items stay) */
	size_t min_len;     /* strings: bytes of UTF-8; arrays: item count */
	size_t max_len;     /* as min_len; 0 = GX_JSON_STRING_CAP / GX_JSON_ARRAY_CAP */
	long long min, max; /* integers, inclusive; both 0 = no range check */
	const struct gx_json_field *fields; /* objects: allowed members (NULL = none) */
	const struct gx_json_field *items;  /* arrays: every item's spec, name ignored
	                                       (NULL = the array must be empty) */
};

enum gx_json_fault {
	GX_JSON_OK,
	GX_JSON_MALFORMED,      /* not JSON, or trailing data, or \u0000 in a string */
	GX_JSON_TOO_DEEP,       /* nesting beyond max_depth */
	GX_JSON_NOT_OBJECT,     /* the top-level value is not an object */
	GX_JSON_UNKNOWN_FIELD,
	GX_JSON_MISSING_FIELD,
	GX_JSON_WRONG_TYPE,
	GX_JSON_TOO_LONG,       /* string longer than max_len bytes */
	GX_JSON_TOO_SHORT,      /* string or array below min_len */
	GX_JSON_OUT_OF_RANGE,   /* integer outside [min, max], or a number jansson cannot hold */
	GX_JSON_BAD_UTF8,
	GX_JSON_TOO_MANY_ITEMS, /* array longer than max_len items */
	GX_JSON_DUPLICATE_FIELD,
	GX_JSON_NO_MEMORY,      /* server fault, not the client's: answer 500 */
};

/** What went wrong, for a 400 problem body. Only fixed English text and member names. */
struct gx_json_error {
	enum gx_json_fault fault;
	/* RFC 6901 pointer of the offending field, e.g. "/address/street" or
	   "/children/2/name"; "" for the whole body. Cut at a character
	   boundary if longer than 255 bytes. */
	char pointer[256];
	char detail[200];   /* e.g. "expected a string, got a number" */
	/* Where the text was refused (1-based; column counts characters) for
	   faults found while reading the text: MALFORMED, TOO_DEEP, BAD_UTF8,
	   DUPLICATE_FIELD and number overflow. 0 for faults found by the spec check. */
	int line, column;
};

/**
 * Parses body (len bytes, need not be NUL-terminated) as a JSON object and
 * checks it against the NULL-terminated list fields.
 *
 * Nesting is checked on the raw text before jansson sees it: the top-level
 * object is depth 1, and every nested object or array adds one. max_depth <= 0
 * means GX_JSON_DEFAULT_DEPTH; values above GX_JSON_MAX_DEPTH are clamped.
 *
 * Members are checked in document order, each value depth first; missing
 * required members are then reported in spec order. The first fault wins.
 *
 * On success returns 0 and, if out is not NULL, *out is a new reference owned
 * by the caller. On failure returns -1, *out is NULL and *err (if not NULL)
 * says what and where.
 */
int gx_json_parse(const char *body, size_t len, const struct gx_json_field *fields, int max_depth,
		  json_t **out, struct gx_json_error *err);

/** Stable machine name of a fault, e.g. "unknown_field"; "unknown" for an invalid value. */
const char *gx_json_fault_name(enum gx_json_fault f);

/** True when the raw text nests no deeper than max_depth (checked without
 *  parsing: for JSON that is not checked against a spec, e.g. an answer
 *  from another service, before handing it to jansson). */
bool gx_json_depth_ok(const char *s, size_t len, int max_depth);

/**
 * Packs err as the extension members of an RFC 9457 problem body:
 * {"fault", "pointer", "detail"} plus "line" and "column" when set.
 * Returns a new reference, or NULL when out of memory.
 */
json_t *gx_json_error_pack(const struct gx_json_error *err);

#endif
