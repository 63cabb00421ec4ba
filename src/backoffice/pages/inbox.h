#ifndef GX_BACKOFFICE_PAGES_INBOX_H
#define GX_BACKOFFICE_PAGES_INBOX_H

/** The back office's start and an organisation's inbox, as pages (inbox.c). */

#include "http/handler.h"

enum gx_outcome gx_bo_home(struct gx_req *r);   /* GET /backoffice */
enum gx_outcome gx_bo_inbox(struct gx_req *r);  /* GET /backoffice/orgs/{org} */

#endif
