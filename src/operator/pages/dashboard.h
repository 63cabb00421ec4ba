#ifndef GX_OPERATOR_PAGES_DASHBOARD_H
#define GX_OPERATOR_PAGES_DASHBOARD_H

/** GET /operator[?window=1h|48h|30d]: the platform operators' dashboard
 *  (docs/dashboard.md). Charts drawn on the server as SVG (no JavaScript),
 *  each with its figures as a table. */

#include "http/handler.h"

enum gx_outcome gx_dashboard_page(struct gx_req *r);

#endif
