#ifndef GX_JSON_SPEC_INT_H
#define GX_JSON_SPEC_INT_H

/** Private to src/json: JSON Pointer building and the raw-text scanner. */

#include <stdbool.h>
#include <stddef.h>

/** An RFC 6901 pointer built one segment at a time; lives on the stack. */
struct gx_json_ptr {
	char buf[256];
	size_t len;
	bool cut; /* a segment did not fit: deeper segments are dropped too */
};

/** Appends "/" and seg (len bytes of UTF-8) escaped; returns the length to pop back to. */
size_t gx_json_ptr_push(struct gx_json_ptr *p, const char *seg, size_t len);
/** Appends "/" and a decimal array index; returns the length to pop back to. */
size_t gx_json_ptr_push_index(struct gx_json_ptr *p, size_t index);
/** Restores the pointer to a length returned by a push. */
void gx_json_ptr_pop(struct gx_json_ptr *p, size_t len);

/**
 * Scans raw text for nesting deeper than max_depth without parsing it, so a
 * hostile body cannot exhaust jansson's recursion. Returns 0 if within bound,
 * else -1 with the 1-based line and column of the bracket that went too deep.
 */
int gx_json_depth_check(const char *s, size_t len, int max_depth, int *line, int *column);

/**
 * Rebuilds the pointer of the member or item being read at byte offset at,
 * for errors jansson reports by position (duplicate key, number overflow,
 * bad UTF-8). The text before at must be well-formed JSON as far as it goes
 * and no deeper than max_depth. With in_value, at must fall inside a string
 * value (not a member name). Returns 0, or -1 (p left empty) if that cannot
 * be done.
 */
int gx_json_pointer_at(const char *s, size_t len, size_t at, int max_depth, bool in_value,
		       struct gx_json_ptr *p);

#endif
