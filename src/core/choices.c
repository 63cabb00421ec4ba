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
	gx_durable_done_fn done;
	void *arg;
};

static enum gx_db_status write_choice(struct gx_store_conn *w, void *arg)
{
	struct choice *ch = arg;
	return gx_store_prefill_choice_set(w, ch->person_id, ch->name, ch->allowed, ch->at_us);
}

static void on_choice_stored(void *arg, enum gx_db_status result)
{
	struct choice *ch = arg;
	ch->done(ch->arg, result);
}

void gx_choice_set(const struct gx_core_ctx *c, const struct gx_register *reg, bool allowed, gx_durable_done_fn done,
		   void *arg)
{
	struct choice *ch = gx_core_alloc(c, sizeof(*ch));
	*ch = (struct choice){.person_id = c->person.v, .name = reg->name, .allowed = allowed, .at_us = c->now_us,
			      .done = done, .arg = arg};
	gx_durable_submit(c->durable, write_choice, ch, on_choice_stored);
}
