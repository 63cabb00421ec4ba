#ifndef GX_UTIL_BUF_H
#define GX_UTIL_BUF_H

/** A growable byte buffer owned by whoever declared it; free with gx_buf_free. */

#include <stdbool.h>
#include <stddef.h>

struct gx_buf {
	char *data;   /* always NUL-terminated when len > 0 or after gx_buf_cstr */
	size_t len;
	size_t cap;
	bool failed;  /* set once an allocation failed; later appends are no-ops */
};

#define GX_BUF_INIT {NULL, 0, 0, false}

/** Makes room for extra more bytes at once (a writer that knows roughly how
 *  much it will append saves the doublings); -1 and failed when it cannot. */
int gx_buf_reserve(struct gx_buf *b, size_t extra);
/** Appends len bytes; on allocation failure sets failed and returns -1. */
int gx_buf_append(struct gx_buf *b, const void *data, size_t len);
int gx_buf_append_str(struct gx_buf *b, const char *s);
int gx_buf_append_char(struct gx_buf *b, char c);
/** printf-style append. */
int gx_buf_appendf(struct gx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Appends tmpl with each {name} replaced by its value (pairs: name, value,
 *  …, NULL); a {name} not in pairs, or a '{' without its '}', is kept as written. */
int gx_buf_append_filled(struct gx_buf *b, const char *tmpl, const char *const *pairs);
/** Returns a NUL-terminated view of the contents ("" when empty). */
const char *gx_buf_cstr(struct gx_buf *b);
void gx_buf_reset(struct gx_buf *b);
void gx_buf_free(struct gx_buf *b);

#endif
