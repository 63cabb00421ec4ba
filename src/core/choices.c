#include "core/choices.h"

#include <string.h>

enum gx_db_status gx_choices_declined(const struct gx_core_ctx *c, const struct gx_register *const *regs, size_t n,
				      bool *declined)
{
	return gx_choices_declined_of(c, c->person, regs, n, declined);
}

enum gx_db_status gx_choices_declined_of(const struct gx_core_ctx *c, struct gx_person_id person,
					 const struct gx_register *const *regs, size_t n, bool *declined)
{
	const char **names = gx_core_alloc(c, (n > 0 ? n : 1) * sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = regs[i]->name;
	enum gx_db_status st = gx_store_prefill_declined(c->db, person.v, names, n, declined);
	if (st < 0)
		return st;
	/* A No kept from when the register offered a choice no longer counts. */
	for (size_t i = 0; i < n; i++)
		declined[i] = declined[i] && regs[i]->choice;
	return st;
}

enum gx_db_status gx_choices_declined_mine(const struct gx_core_ctx *c, long long version,
					   const struct gx_register *const *regs, size_t n, bool *declined)
{
	const struct gx_declined_names *kept = c->own_declined;
	if (kept == NULL || !kept->complete || kept->version != version)
		return gx_choices_declined_of(c, c->person, regs, n, declined);
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		declined[i] = false;
		for (size_t k = 0; regs[i]->choice && k < kept->n; k++)
			if (strcmp(kept->names[k], regs[i]->name) == 0)
				declined[i] = any = true;
	}
	return any ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

const struct gx_register *gx_choice_register(const struct gx_core_ctx *c, const char *name)
{
	const struct gx_register *reg = name != NULL ? gx_registers_find(&c->domain->registers, name) : NULL;
	return reg != NULL && reg->choice ? reg : NULL;
}

struct choice {
	long long person_id;
	const char *name;
	bool allowed;
	long long at_us;
	struct gx_declined_names *now;
	gx_durable_done_fn done;
	void *arg;
};

static enum gx_db_status write_choice(struct gx_store_conn *w, void *arg)
{
	struct choice *ch = arg;
	enum gx_db_status s = gx_store_prefill_choice_set(w, ch->person_id, ch->name, ch->allowed, ch->at_us);
	if (s < 0 || ch->now == NULL)
		return s;
	enum gx_db_status r = gx_store_prefill_declined_names(w, ch->person_id, ch->now);
	return r < 0 ? r : s;
}

static void on_choice_stored(void *arg, enum gx_db_status result)
{
	struct choice *ch = arg;
	ch->done(ch->arg, result);
}

void gx_choice_set(const struct gx_core_ctx *c, const struct gx_register *reg, bool allowed,
		   struct gx_declined_names *now, gx_durable_done_fn done, void *arg)
{
	struct choice *ch = gx_core_alloc(c, sizeof(*ch));
	*ch = (struct choice){.person_id = c->person.v, .name = reg->name, .allowed = allowed, .at_us = c->now_us,
			      .now = now, .done = done, .arg = arg};
	gx_durable_submit(c->durable, write_choice, ch, on_choice_stored);
}
