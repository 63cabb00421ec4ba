#ifndef GX_UTIL_FILE_TYPE_H
#define GX_UTIL_FILE_TYPE_H

/** The type of a file read from its first bytes, never from what a client
 *  says: the platform's uploads and a register's correction evidence are
 *  typed alike. */

#include <stddef.h>

/** application/pdf, image/png, image/jpeg, image/tiff, or NULL when none of these. */
const char *gx_file_type_sniff(const unsigned char *data, size_t len);

#endif
