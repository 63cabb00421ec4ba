#include "portal/app.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/choices.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "procedures/catalog.h"
#include "procedures/hints.h"
#include "procedures/statuses.h"
#include "session/session.h"
#include "site/document.h"
#include "site/site.h"
#include "util/clock.h"

struct gx_app gx_app;

const struct gx_procedure *gx_app_procedure(const char *id)
{
	return id != NULL && gx_domain.procedures != NULL ? gx_procedure_catalog_find(gx_domain.procedures, id)
								: NULL;
}

bool gx_app_active_access(struct gx_req *r, struct gx_access *out)
{
	return r->actor.kind == GX_ACTOR_PERSON &&
	       gx_access_decide(gx_req_store(r), GX_ID(gx_space_id, r->actor.session.space_id),
				GX_ID(gx_person_id, r->actor.session.person_id), gx_now_us(), out) == GX_DB_ONE_RESULT &&
	       out->via != GX_VIA_NONE;
}

const struct gx_core_ctx *gx_app_ctx(struct gx_req *r)
{
	struct gx_core_ctx *c = gx_req_alloc(r, sizeof(*c));
	*c = (struct gx_core_ctx){.domain = &gx_domain, .db = gx_req_store(r), .durable = gx_req_durable_port(r),
				  .httpc = gx_req_httpc(r), .pool = &r->h2o->pool, .request_id = r->id,
				  .now_us = gx_now_us(), .person = GX_ID(gx_person_id, r->actor.session.person_id),
				  .access = r->def->space_param != NULL ? &r->actor.access : NULL,
				  .own_declined = r->actor.kind == GX_ACTOR_PERSON ? &r->actor.session.declined : NULL};
	return c;
}

/* A choice is stored: the person's sessions here keep their No's as they now are, before the answer. */
struct choice_set {
	struct gx_declined_names now;
	long long person_id;
	gx_durable_done_fn done;
	void *arg;
};

static void on_choice_stored(void *arg, enum gx_db_status result)
{
	struct choice_set *cs = arg;
	if (result >= 0)
		gx_session_choices_changed(cs->person_id, &cs->now);
	cs->done(cs->arg, result);
}

void gx_app_choice_set(struct gx_req *r, const struct gx_register *reg, bool allowed, gx_durable_done_fn done,
		       void *arg)
{
	const struct gx_core_ctx *c = gx_app_ctx(r);
	struct choice_set *cs = gx_req_alloc(r, sizeof(*cs));
	*cs = (struct choice_set){.person_id = c->person.v, .done = done, .arg = arg};
	gx_choice_set(c, reg, allowed, &cs->now, on_choice_stored, cs);
}

static const char *status_label_missing(const char *status, void *i18n)
{
	char key[96];
	snprintf(key, sizeof(key), "proc.status.%s", status);
	return gx_i18n_missing(i18n, key);
}

static const char *format_hint(enum gx_field_kind kind, const char *lang, void *i18n)
{
	const char *key = gx_field_kind_hint_key(kind);
	enum gx_lang l;
	if (key == NULL || gx_lang_from_code(lang, strlen(lang), &l) != 0)
		return NULL;
	return gx_i18n_get(i18n, l, key);
}

/* The pages name every status of every procedure (proc.status.<status>),
 * and no help text repeats its label or format hint (hints.h):
 * a status without a label in some language stops the start, as a
 * template's missing key does. */
static int check_status_labels(const char *dir, char *err, size_t errlen)
{
	const struct gx_procedure_catalog *cat = gx_domain.procedures;
	char why[256];
	for (size_t i = 0; i < gx_procedure_catalog_count(cat); i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
		if (gx_status_labels_check(gx_procedure_statuses(p), status_label_missing, gx_site.i18n, "proc.status", why,
					   sizeof(why)) != 0 ||
		    gx_procedure_hints_check(p, format_hint, gx_site.i18n, why, sizeof(why)) != 0) {
			snprintf(err, errlen, "%s/%s.json: %s", dir, gx_procedure_id(p), why);
			return -1;
		}
	}
	return 0;
}

int gx_app_load(const struct gx_config *c, char *err, size_t errlen)
{
	struct gx_transparency_files translog = {.key_file = c->translog_key_file, .origin = c->translog_origin,
						 .witnesses = c->translog_witnesses,
						 .quorum = c->translog_witness_quorum,
						 .interval_ms = c->translog_checkpoint_interval_ms, .create = true};
	struct gx_domain_files files = {.registers = c->registers_file, .procedures_dir = c->procedures_dir,
					.descriptions_dir = c->register_descriptions_dir,
					.receipt_key = c->receipt_key_file, .translog = &translog,
					.letterbox_types = c->letterbox.types_file[0] != '\0' ? c->letterbox.types_file : NULL};
	if (gx_site_load(c, err, errlen) != 0 || gx_domain_load(&gx_domain, &files, err, errlen) != 0 ||
	    check_status_labels(c->procedures_dir, err, errlen) != 0 ||
	    gx_document_load(c->openapi_file, &gx_app.openapi, err, errlen) != 0 ||
	    gx_document_load(c->transparency_openapi_file, &gx_app.transparency_openapi, err, errlen) != 0) {
		gx_app_free();
		return -1;
	}
	gx_domain.guest_per_address_hour = c->guest_per_address_hour;
	gx_domain.guest_per_mailbox_day = c->guest_per_mailbox_day;
	return 0;
}

void gx_app_free(void)
{
	gx_site_free();
	gx_domain_free(&gx_domain);
	gx_document_free(&gx_app.openapi);
	gx_document_free(&gx_app.transparency_openapi);
	gx_app = (struct gx_app){0};
}
