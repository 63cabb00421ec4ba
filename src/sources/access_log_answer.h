#ifndef GX_SOURCES_ACCESS_LOG_ANSWER_H
#define GX_SOURCES_ACCESS_LOG_ANSWER_H

/** Reading a register's answer to GET /v1/access-log (docs/source-protocol.md):
 *  the register's own reads of one subject, to show the person beside the
 *  platform's records (the double entry, matched by request id). The
 *  register is not trusted for its bytes: the answer must be exactly
 *
 *      {"register": NAME, "subject_type": TYPE, "reads": [READ, ...], "more": BOOL}
 *      READ = {"at_us": N, "client": S, "organisation": S, "on_behalf_of": S|null,
 *              "attributes": [S, ...], "procedure": S|null, "legal_basis": S|null,
 *              "request_id": S}
 *
 *  of bounded size, the register named as asked; anything else is refused
 *  whole, with the reason (no data quoted). */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define GX_ACCESS_LOG_ANSWER_MAX_BYTES (1024 * 1024)
#define GX_ACCESS_LOG_ANSWER_MAX_READS 1000

struct gx_register_read {
	long long at_us;
	const char *client, *organisation, *on_behalf_of, *procedure, *legal_basis, *request_id; /* borrowed */
	const json_t *attributes;  /* an array of strings, borrowed */
};

struct gx_register_reads {
	json_t *root;              /* owns everything */
	struct gx_register_read *v;
	size_t n;
	bool more;                 /* the register has older reads than these */
};

/** Parses body, the answer of register reg: 0 and out filled, or -1 with
 *  the reason in why (out empty). */
int gx_register_reads_parse(const char *body, size_t len, const char *reg, struct gx_register_reads *out, char *why,
			    size_t whylen);
void gx_register_reads_free(struct gx_register_reads *r);

#endif
