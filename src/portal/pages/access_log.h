#ifndef GX_PORTAL_PAGES_ACCESS_LOG_H
#define GX_PORTAL_PAGES_ACCESS_LOG_H

/** "Who accessed my data" as a page (access_log.c): the person's access
 *  records, newest first, filtered and paged without JavaScript, each
 *  marked with whether its proof in the transparency log verified; the
 *  log's latest witnessed checkpoint; downloads (CSV, JSON, the proofs). */

#include "http/handler.h"

enum gx_outcome gx_page_access_log(struct gx_req *r);   /* GET /access-log */

#endif
