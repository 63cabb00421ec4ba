#ifndef GX_STORE_IDS_H
#define GX_STORE_IDS_H

/** One small struct per kind of identifier, so that the compiler refuses a
 *  space id where a person id belongs (STYLE.md). Ids are positive; 0 means
 *  none. Build one with GX_ID(type, value): GX_ID(gx_space_id, 12). */

struct gx_person_id {
	long long v;
};
struct gx_space_id {
	long long v;
};
struct gx_draft_id {
	long long v;
};
struct gx_submission_id {
	long long v;
};

#define GX_ID(type, value) ((struct type){.v = (value)})

#endif
