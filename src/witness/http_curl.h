#ifndef GX_WITNESS_HTTP_CURL_H
#define GX_WITNESS_HTTP_CURL_H

/** The witness's transport over libcurl: one blocking easy handle, reused
 *  for every request (keep-alive), with a timeout per request. Part of the
 *  guichet-witness program only (the library does not link libcurl). */

#include "witness/round.h"

/** Sets up libcurl and t; 0, or -1. timeout_ms bounds each request. */
int gx_witness_curl_open(struct gx_witness_transport *t, long timeout_ms);
void gx_witness_curl_close(struct gx_witness_transport *t);

#endif
