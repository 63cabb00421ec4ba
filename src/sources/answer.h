#ifndef GX_SOURCES_ANSWER_H
#define GX_SOURCES_ANSWER_H

/** Reading a register's answer to a lookup (docs/source-protocol.md). A
 *  register is trusted for its data, not for its bytes: the answer must be a
 *  JSON object of bounded size and depth, name only attributes that were
 *  asked for, and give each value an as-of date and a version. Anything else
 *  makes the whole answer "bad", and none of it is used. */

#include <jansson.h>
#include <stddef.h>

#define GX_ANSWER_MAX_BYTES (256 * 1024)

struct gx_answer_value {
	const char *attribute;
	json_t *value;       /* borrowed from the answer */
	char as_of[11];      /* YYYY-MM-DD */
	long long version;
};

struct gx_answer {
	json_t *root;                      /* owns everything below */
	size_t nvalues;
	struct gx_answer_value *values;    /* in the order asked */
	size_t nerrors;                    /* attributes the register could not give */
};

/** Parses body, the answer to a lookup for the attributes asked. Returns 0 and
 *  fills out, or -1 with a short reason (no data quoted) in why. */
int gx_answer_parse(const char *body, size_t len, const char *const *asked, size_t nasked, struct gx_answer *out,
		    char *why, size_t whylen);
void gx_answer_free(struct gx_answer *a);

#endif
