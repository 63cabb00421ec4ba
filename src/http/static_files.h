#ifndef GX_HTTP_STATIC_FILES_H
#define GX_HTTP_STATIC_FILES_H

/** Static assets (the compiled design system) loaded into memory once at
 *  start and served under content-hashed names, so that browsers may cache
 *  them for a year: a change of content is a change of URL.
 *
 *  "guichet.css" becomes "/static/guichet.<hash>.css", "img/x.svg" becomes
 *  "/static/img/x.<hash>.svg"; <hash> is 32 hex digits of BLAKE2b (libsodium
 *  crypto_generichash, 128-bit output) of the content, also the strong ETag.
 *
 *  The set has one owner (whoever called gx_static_load) and is read-only
 *  after loading, so worker threads share it without locks. */

#include <stdbool.h>
#include <stddef.h>

#define GX_STATIC_MAX_FILE_BYTES (4u * 1024u * 1024u)
#define GX_STATIC_MAX_FILES 1000u
#define GX_STATIC_MAX_TOTAL_BYTES (64u * 1024u * 1024u)
#define GX_STATIC_MAX_NAME 200u
#define GX_STATIC_MAX_DEPTH 8u
#define GX_STATIC_HASH_HEX 32u
#define GX_STATIC_URL_PREFIX "/static/"

struct gx_static;

struct gx_static_file {
	const char *name;          /* relative to the directory: "guichet.css" */
	const char *url;           /* "/static/guichet.<hash>.css" */
	const char *hashed_name;   /* the url without its prefix */
	size_t hashed_len;
	const char *content_type;  /* by extension */
	const char *etag;          /* "\"<hash>\"", quotes included */
	const char *data;
	size_t len;
};

/** Loads every regular file under dir, recursively. Names are checked:
 *  only [A-Za-z0-9._-] in each segment, no "..", at most GX_STATIC_MAX_NAME
 *  bytes; entries whose name starts with "." (editor and OS droppings) and
 *  entries that are neither regular files nor directories (symbolic links,
 *  sockets) are skipped. A file over GX_STATIC_MAX_FILE_BYTES, more than
 *  GX_STATIC_MAX_FILES files, more than GX_STATIC_MAX_TOTAL_BYTES in all, or
 *  a bad name fails the load with a message naming the file. */
int gx_static_load(const char *dir, struct gx_static **out, char *err, size_t errlen);
void gx_static_free(struct gx_static *s);

size_t gx_static_count(const struct gx_static *s);

/** The hashed URL of a file by its plain name ("guichet.css"), or NULL when
 *  there is no such file. Valid as long as s. */
const char *gx_static_url(const struct gx_static *s, const char *name);

/** The file whose hashed name ("guichet.<hash>.css", the URL without
 *  "/static/") is exactly these len bytes, or NULL: a stale hash, a plain
 *  name or any other spelling is not found. */
const struct gx_static_file *gx_static_find(const struct gx_static *s, const char *hashed_name, size_t len);

/** The media type for a name, by its extension (application/octet-stream
 *  when unknown). */
const char *gx_static_content_type(const char *name);

/** Whether an If-None-Match header value (a list of entity tags, or "*")
 *  matches the file's ETag, by the weak comparison RFC 9110 prescribes for
 *  If-None-Match. */
bool gx_static_etag_matches(const struct gx_static_file *f, const char *header, size_t len);

#endif
