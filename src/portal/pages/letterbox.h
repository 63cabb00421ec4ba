#ifndef GX_PORTAL_PAGES_LETTERBOX_H
#define GX_PORTAL_PAGES_LETTERBOX_H

/** The letter box's pages (letterbox.c) and its settings (letterbox_settings.c). */

#include "http/handler.h"

enum gx_outcome gx_page_lb_list(struct gx_req *r);
enum gx_outcome gx_page_lb_document(struct gx_req *r);
enum gx_outcome gx_page_lb_file(struct gx_req *r);
enum gx_outcome gx_page_lb_confirm(struct gx_req *r);
enum gx_outcome gx_page_lb_archive(struct gx_req *r);
enum gx_outcome gx_page_lb_settings(struct gx_req *r);
enum gx_outcome gx_page_lb_settings_save(struct gx_req *r);

#endif
