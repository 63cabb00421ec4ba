#ifndef GX_POPULATION_PROGRESS_H
#define GX_POPULATION_PROGRESS_H

/**
 * Progress of `guichetctl seed` on stderr: counts only, never a person's data.
 * On a terminal a bar redrawn at most ten times a second; otherwise a plain
 * line per register every ~10% ("seed: persons 100000/660000").
 * Workers add to done[]; one thread (the main one) calls gx_progress_report.
 */

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "population/records.h"

struct gx_seed_progress {
	FILE *out;
	bool tty;
	size_t total[GX_REG_COUNT];
	atomic_size_t done[GX_REG_COUNT];
	unsigned printed_tenths[GX_REG_COUNT];
	double last_draw;
};

void gx_progress_init(struct gx_seed_progress *p, FILE *out, bool tty);
/** Prints what changed; final ends the bar's line. */
void gx_progress_report(struct gx_seed_progress *p, bool final);

#endif
