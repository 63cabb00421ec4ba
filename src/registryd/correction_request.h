#ifndef GX_REGISTRYD_CORRECTION_REQUEST_H
#define GX_REGISTRYD_CORRECTION_REQUEST_H

/** The body of POST /v1/corrections (docs/source-protocol.md), parsed and
 *  checked against the register's description: a request to correct one
 *  attribute of one subject, with the doubted and the proposed value, an
 *  explanation and evidence files (base64), each typed by its bytes.
 *  Pure: no store, no network (fuzzed: fuzz/correction_request.c). */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "http/problem.h"
#include "sources/description.h"

#define GX_CORRECTION_EXPLANATION_MAX 2000
#define GX_CORRECTION_PROPOSED_MAX 16384

struct gx_correction_file {
	char name[256];
	const char *type;          /* read from the bytes: one of the attribute's evidence types */
	unsigned char *data;       /* malloc'ed */
	size_t size;
	char sha256[65];
};

struct gx_correction_filing {
	json_t *json;              /* the parsed body: owns the strings below */
	const char *request_id, *subject_type, *subject, *attribute, *proposed, *explanation;
	const char *organisation, *on_behalf_of;   /* on_behalf_of may be NULL */
	const char *current_value;                 /* the doubted value; NULL: the register held none */
	long long current_version;
	const struct gx_register_attribute *attr;
	size_t nfiles;
	struct gx_correction_file files[GX_EVIDENCE_FILES_MAX];
	char request_hash[65];     /* SHA-256 of the body, hex: a retry must send the same */
	char *request_json;        /* what the register keeps: the body without the files' bytes (malloc'ed) */
};

/** Why a body was refused: the problem to answer, the field at fault (a
 *  JSON Pointer, "" for none) and a sentence that repeats no value. */
struct gx_correction_fault {
	enum gx_err err;
	char pointer[64];
	char detail[200];
};

/** Parses body (len bytes) for register d into f. 0, or -1 with fault set
 *  (f then holds nothing to free); on 0 free f with gx_correction_filing_clear. */
int gx_correction_filing_parse(const char *body, size_t len, const struct gx_register_description *d,
			       struct gx_correction_filing *f, struct gx_correction_fault *fault);

void gx_correction_filing_clear(struct gx_correction_filing *f);

#endif
