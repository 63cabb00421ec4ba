#ifndef GX_HTTP_OPERATOR_H
#define GX_HTTP_OPERATOR_H

/** Endpoints for the people who run guichetd: liveness, readiness, metrics,
 *  and the hello route benchmarks compare against bare libh2o. */

#include "http/handler.h"

enum gx_outcome gx_operator_healthz(struct gx_req *r);
enum gx_outcome gx_operator_readyz(struct gx_req *r);
enum gx_outcome gx_operator_metrics(struct gx_req *r);
enum gx_outcome gx_operator_hello(struct gx_req *r);

#endif
