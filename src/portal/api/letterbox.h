#ifndef GX_PORTAL_API_LETTERBOX_H
#define GX_PORTAL_API_LETTERBOX_H

/** The letter box and the e-mail address over the citizen API (letterbox.c). */

#include "http/handler.h"

#include "json/spec.h"

enum gx_outcome gx_api_lb_list(struct gx_req *r);
enum gx_outcome gx_api_lb_get(struct gx_req *r);
enum gx_outcome gx_api_lb_file(struct gx_req *r);
enum gx_outcome gx_api_lb_confirm(struct gx_req *r);
enum gx_outcome gx_api_lb_archive(struct gx_req *r);
enum gx_outcome gx_api_lb_settings(struct gx_req *r);
enum gx_outcome gx_api_lb_settings_put(struct gx_req *r);
enum gx_outcome gx_api_email_code(struct gx_req *r);
enum gx_outcome gx_api_email_verify(struct gx_req *r);

extern const struct gx_json_field gx_api_lb_archive_spec[];
extern const struct gx_json_field gx_api_lb_settings_spec[];
extern const struct gx_json_field gx_api_email_verify_spec[];

#endif
