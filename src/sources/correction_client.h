#ifndef GX_SOURCES_CORRECTION_CLIENT_H
#define GX_SOURCES_CORRECTION_CLIENT_H

/** The platform's side of the source protocol's corrections
 *  (docs/source-protocol.md, "Corrections"): the filing it sends, and the
 *  register's answers it reads (a filing's or a request's state, and a
 *  page of the feed of decisions). A register is trusted for its decisions,
 *  not for its bytes: an answer out of shape is refused whole. Pure
 *  (fuzzed: fuzz/correction_answer.c). */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#define GX_CORRECTION_ANSWER_MAX_BYTES (256 * 1024)
#define GX_CORRECTION_FEED_PAGE 100

/** A file of a filing: its name and bytes (borrowed). */
struct gx_correction_out_file {
	const char *name;
	const void *data;
	size_t size;
};

/** What the platform files for a person. Strings borrowed. */
struct gx_correction_out {
	const char *request_id;
	const char *subject_type, *subject;
	const char *attribute;
	const char *current_value;   /* NULL: there was none */
	long long current_version;
	const char *proposed, *explanation;
	const char *organisation, *on_behalf_of;
	const struct gx_correction_out_file *files;
	size_t nfiles;
};

/** The body of POST /v1/corrections (malloc'ed JSON text, files in
 *  base64), or NULL when out of memory. */
char *gx_correction_filing_body(const struct gx_correction_out *f);

/** What a register answered about one request (201 to a filing, 200 to GET
 *  or to a withdrawal). */
struct gx_correction_state {
	long long id;           /* the register's number for it */
	char status[16];        /* open, in_review, accepted, rejected, rerouted, withdrawn */
	char due[11];           /* YYYY-MM-DD */
	bool overdue;
};
/** 0, or -1 with a short reason (no data quoted) in why. */
int gx_correction_state_parse(const char *body, size_t len, struct gx_correction_state *out, char *why, size_t whylen);

/** One move on the feed of decisions. Strings point into the feed's root. */
struct gx_correction_decision {
	long long seq;
	long long id;
	const char *request_id;
	const char *status;       /* in_review, accepted, rejected, rerouted, withdrawn */
	const char *reason;       /* rejected: the register's reason; else NULL */
	const char *rerouted_to;  /* rerouted: the register that holds the data; else NULL */
	long long version;        /* accepted: the record's new version; else 0 */
	const char *as_of;        /* accepted: YYYY-MM-DD; else NULL */
};

struct gx_correction_feed {
	json_t *root;             /* owns the strings */
	long long last;
	size_t n;
	struct gx_correction_decision items[GX_CORRECTION_FEED_PAGE];
};
/** Parses a page of GET /v1/corrections/decisions?after=after: every
 *  number above after, ascending, last the highest. 0, or -1 with why. */
int gx_correction_feed_parse(const char *body, size_t len, long long after, struct gx_correction_feed *out, char *why,
			     size_t whylen);
void gx_correction_feed_free(struct gx_correction_feed *f);

#endif
