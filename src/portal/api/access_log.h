#ifndef GX_PORTAL_API_ACCESS_LOG_H
#define GX_PORTAL_API_ACCESS_LOG_H

/** "Who accessed my data" over the API (access_log.c): the logged-in
 *  person's access records, newest first, each with its place in the
 *  transparency log and whether its proof verified; the same as a JSON or
 *  CSV download; and the person's proof bundle for offline checking. */

#include "http/handler.h"

enum gx_outcome gx_api_access_log(struct gx_req *r);         /* GET /api/v1/access-log */
enum gx_outcome gx_api_access_log_export(struct gx_req *r);  /* GET /api/v1/access-log/export */
enum gx_outcome gx_api_access_log_proofs(struct gx_req *r);  /* GET /api/v1/access-log/proofs */

#endif
