/** The seed command's progress output (counts only). */

#include "population/progress.h"

#include <string.h>

#include "util/clock.h"

void gx_progress_init(struct gx_seed_progress *p, FILE *out, bool tty)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->tty = tty;
	for (int i = 0; i < GX_REG_COUNT; i++)
		atomic_init(&p->done[i], 0);
}

static void draw_bar(struct gx_seed_progress *p, bool final)
{
	size_t done = 0, total = 0;
	for (int i = 0; i < GX_REG_COUNT; i++) {
		done += atomic_load(&p->done[i]);
		total += p->total[i];
	}
	unsigned pct = total ? (unsigned)(done * 100 / total) : 100;
	char bar[41];
	memset(bar, ' ', 40);
	memset(bar, '#', pct * 40 / 100);
	bar[40] = '\0';
	fprintf(p->out, "\rseed [%s] %3u%%  %zu/%zu subjects", bar, pct, done, total);
	if (final)
		fputc('\n', p->out);
	fflush(p->out);
}

void gx_progress_report(struct gx_seed_progress *p, bool final)
{
	if (p->tty) {
		double t = (double)gx_mono_ns() / 1e9;
		if (!final && t - p->last_draw < 0.1)
			return;
		p->last_draw = t;
		draw_bar(p, final);
		return;
	}
	for (int i = 0; i < GX_REG_COUNT; i++) {
		size_t done = atomic_load(&p->done[i]);
		if (p->total[i] == 0)
			continue;
		unsigned tenths = (unsigned)(done * 10 / p->total[i]);
		if (tenths > p->printed_tenths[i]) {
			p->printed_tenths[i] = tenths;
			fprintf(p->out, "seed: %s %zu/%zu\n", gx_register_name((enum gx_register)i), done, p->total[i]);
		}
	}
	fflush(p->out);
}
