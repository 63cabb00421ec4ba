#ifndef GX_CORE_ORG_EVENTS_H
#define GX_CORE_ORG_EVENTS_H

/** An organisation's event feed, for its case system: new submissions,
 *  answers to requests, revoked consents …, numbered in commit order, so
 *  that a reader who asks for what follows the last number it saw never
 *  misses or sees twice an event, across restarts. */

#include <jansson.h>

#include "core/ctx.h"

#define GX_ORG_EVENTS_PAGE_MAX 200

/** Up to limit (at most GX_ORG_EVENTS_PAGE_MAX) events of org after the
 *  number after: [{seq, at_us, kind, submission, data}] (new reference;
 *  NULL on a store error); *last the number to ask after next time. */
json_t *gx_org_events_read(struct gx_store_conn *db, const char *org, long long after, size_t limit, long long *last);

/** Parses a feed cursor (the number of the last event seen, decimal, at
 *  most 18 digits; "" or NULL is 0): 0 and *out, or -1. */
int gx_org_events_cursor(const char *s, long long *out);

#endif
