#ifndef GX_PORTAL_API_TRANSPARENCY_H
#define GX_PORTAL_API_TRANSPARENCY_H

/** The transparency log's public endpoints (transparency.c,
 *  docs/transparency.md): for witnesses, monitors and anyone checking a
 *  person's proofs. No personal data: sizes, hashes and signatures. */

#include "http/handler.h"

enum gx_outcome gx_api_tlog_checkpoint(struct gx_req *r);        /* GET /transparency/v1/checkpoint */
enum gx_outcome gx_api_tlog_checkpoint_at(struct gx_req *r);     /* GET /transparency/v1/checkpoints/{size} */
enum gx_outcome gx_api_tlog_consistency(struct gx_req *r);       /* GET /transparency/v1/consistency */
enum gx_outcome gx_api_tlog_inclusion(struct gx_req *r);         /* GET /transparency/v1/inclusion */
enum gx_outcome gx_api_tlog_cosignature(struct gx_req *r);       /* POST /transparency/v1/cosignature */
enum gx_outcome gx_api_tlog_keys(struct gx_req *r);              /* GET /transparency/v1/keys */
enum gx_outcome gx_api_tlog_openapi(struct gx_req *r);           /* GET /transparency/v1/openapi.json */

#endif
