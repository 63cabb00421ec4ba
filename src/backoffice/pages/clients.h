#ifndef GX_BACKOFFICE_PAGES_CLIENTS_H
#define GX_BACKOFFICE_PAGES_CLIENTS_H

/** An organisation's machine clients, for its administrators (clients.c). */

#include "http/handler.h"

enum gx_outcome gx_bo_clients(struct gx_req *r);         /* GET  /backoffice/orgs/{org}/clients */
enum gx_outcome gx_bo_clients_add(struct gx_req *r);     /* POST /backoffice/orgs/{org}/clients */
enum gx_outcome gx_bo_clients_remove(struct gx_req *r);  /* POST /backoffice/orgs/{org}/clients/{client}/remove */

#endif
