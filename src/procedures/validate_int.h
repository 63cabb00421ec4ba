#ifndef GX_PROCEDURES_VALIDATE_INT_H
#define GX_PROCEDURES_VALIDATE_INT_H

/** Private to the submission validator (validate*.c): the state of one
 *  check (errors so far, the JSON Pointer being visited, compiled patterns)
 *  and the functions its files share. */

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "procedures/field_kind.h"
#include "procedures/shown.h"
#include "procedures/validate.h"

#define GX_SV_PTR_MAX 512     /* bytes of a pointer; deeper segments are cut */
#define GX_SV_REGEX_CACHE 16  /* patterns compiled once per call */
#define GX_SV_MAX_DEPTH 4     /* groups within groups (the loader allows 2) */
#define GX_SV_LABEL_MAX 600   /* bytes of the label an error names its field by */

enum gx_sv_lang { GX_SV_FR, GX_SV_DE, GX_SV_EN, GX_SV__LANGS };

/** Every message; each has one stable code. */
enum gx_sv_msg {
	GX_SV_REQUIRED,
	GX_SV_WRONG_TYPE,
	GX_SV_WRONG_TYPE_TEXT,
	GX_SV_WRONG_TYPE_NUMBER,
	GX_SV_WRONG_TYPE_AMOUNT,
	GX_SV_WRONG_TYPE_YESNO,
	GX_SV_WRONG_TYPE_LIST,
	GX_SV_BAD_ATTACHMENT,
	GX_SV_UNKNOWN_ATTACHMENT,
	GX_SV_UNKNOWN_FIELD,
	GX_SV_TOO_SHORT,
	GX_SV_TOO_LONG,
	GX_SV_PATTERN,
	GX_SV_BAD_COUNTRY,
	GX_SV_NUMBER_TOO_SMALL,
	GX_SV_NUMBER_TOO_LARGE,
	GX_SV_AMOUNT_TOO_SMALL,
	GX_SV_AMOUNT_TOO_LARGE,
	GX_SV_DATE_TOO_EARLY,
	GX_SV_DATE_TOO_LATE,
	GX_SV_NOT_AN_OPTION,
	GX_SV_REPEATED_OPTION,
	GX_SV_TOO_FEW_OPTIONS,
	GX_SV_TOO_MANY_OPTIONS,
	GX_SV_TOO_FEW_ENTRIES,
	GX_SV_TOO_MANY_ENTRIES,
	GX_SV_TOO_MANY_FILES,
	GX_SV_INVALID_DATE,
	GX_SV_INVALID_IBAN,
	GX_SV_INVALID_EMAIL,
	GX_SV_INVALID_PHONE,
	GX_SV_INVALID_NATIONAL_ID,
	GX_SV_INVALID_POSTCODE,
	GX_SV_RULE,
	GX_SV_COMPUTED,
	GX_SV_REUSE_REQUIRED,
	/* "required", saying what to do for each kind of field */
	GX_SV_REQUIRED_TEXT,
	GX_SV_REQUIRED_NUMBER,
	GX_SV_REQUIRED_AMOUNT,
	GX_SV_REQUIRED_DATE,
	GX_SV_REQUIRED_CHOICE,
	GX_SV_REQUIRED_MULTICHOICE,
	GX_SV_REQUIRED_YESNO,
	GX_SV_REQUIRED_ADDRESS,
	GX_SV_REQUIRED_IBAN,
	GX_SV_REQUIRED_EMAIL,
	GX_SV_REQUIRED_PHONE,
	GX_SV_REQUIRED_NATIONAL_ID,
	GX_SV_REQUIRED_GROUP,
	GX_SV_REQUIRED_FILE,
	GX_SV_REQUIRED_STREET,
	GX_SV_REQUIRED_POSTCODE,
	GX_SV_REQUIRED_LOCALITY,
	GX_SV__MSGS
};

struct gx_sv_regex {
	const char *pattern; /* borrowed from the definition */
	bool ok;             /* compiled; false: the pattern is not checked */
	regex_t re;
};

struct gx_sv {
	json_t *errors;
	bool oom;
	enum gx_sv_lang lang;
	const char *lang_code;  /* "fr", "de", "en", "lb": for a rule's messages */
	const json_t *attachments; /* {id: definition path}, or NULL: ids not checked against uploads */
	const json_t *definition;  /* the definition checked against */
	const json_t *data;        /* the submitted data's top level (NULL: not an object) */
	bool has_today;
	int today;              /* day number (days since 1970-01-01) */
	char ptr[GX_SV_PTR_MAX];
	size_t len;
	bool cut;
	char label[GX_SV_LABEL_MAX]; /* the field being checked as the page names it: "Children 2: Date of birth" */
	size_t label_len;
	struct gx_sv_regex re[GX_SV_REGEX_CACHE];
	size_t nre;
};

/** The fields of one level (the steps' fields, or a group's) and the
 *  submitted object at that level; show is the same level as conditions
 *  read it (shown.h), its parent the enclosing level's. */
struct gx_sv_scope {
	const json_t **fields;
	size_t n;
	const json_t *data;          /* NULL or not an object: nothing submitted */
	json_t *out;                 /* the normalised object being built */
	struct gx_show_level show;   /* data, with out as the computed values */
};

/* validate_pointer.c: the JSON Pointer being visited */
size_t gx_sv_push(struct gx_sv *c, const char *seg);
size_t gx_sv_push_index(struct gx_sv *c, size_t i);
void gx_sv_pop(struct gx_sv *c, size_t len);

/** Appends sep and text to the label (cut when it does not fit); returns
 *  the length to pop back to. */
size_t gx_sv_label_push(struct gx_sv *c, const char *sep, const char *text);
void gx_sv_label_pop(struct gx_sv *c, size_t len);
/** A field's label ({"fr","de","en"[,"lb"]}) in the check's language. */
const char *gx_sv_text(const struct gx_sv *c, const json_t *texts);

/* validate_messages.c */
/** "required" for a field of kind: what to enter, choose or upload. */
enum gx_sv_msg gx_sv_required(enum gx_field_kind kind);
/** The stable code of a message. */
const char *gx_sv_code(enum gx_sv_msg m);
/** Adds an error at the current pointer; arg (may be NULL) replaces "{}". */
void gx_sv_error(struct gx_sv *c, enum gx_sv_msg m, const char *arg);
/** Adds an error at the current pointer with code "rule" and the given text. */
void gx_sv_error_text(struct gx_sv *c, const char *code, const char *text);
/** Parses "fr", "de", "en", "lb" (lb: de); anything else: fr. */
enum gx_sv_lang gx_sv_lang(const char *lang);

/* validate_dates.c */
/** Parses exactly "YYYY-MM-DD" (a real calendar date) into a day number. */
bool gx_sv_date_parse(const char *s, int *days);
/** A definition's bound: "YYYY-MM-DD", "today", "today[+-]N[ymd]". False if
 *  malformed or relative while today is unknown. */
bool gx_sv_date_bound(const struct gx_sv *c, const char *s, int *days);
/** Writes days as the language writes a date into out[11]. */
void gx_sv_date_format(int days, enum gx_sv_lang l, char out[11]);
/** Whole years from birth to day. */
int gx_sv_age(int birth, int day);

/* validate_kinds.c, validate_address.c, validate_formats.c */
/** Checks one answered value of a field of any kind but group. */
void gx_sv_check_value(struct gx_sv *c, const json_t *field, enum gx_field_kind kind, const json_t *value);
void gx_sv_check_address(struct gx_sv *c, const json_t *value);
bool gx_sv_email_valid(const char *s, size_t len);
bool gx_sv_phone_valid(const char *s, size_t len);
bool gx_sv_national_id_valid(const char *s, size_t len);
/** "att_" and 16 to 128 lower-case hex digits. */
bool gx_sv_attachment_id_valid(const char *s, size_t len);

/* validate_rules.c */
/** Checks the definition's rules over the top level's normalised values,
 *  skipping any whose fields are absent (hidden, not answered) or already
 *  at fault (failed: an object whose keys are the top-level ids that got an error). */
void gx_sv_check_rules(struct gx_sv *c, const json_t *rules, const json_t *values, const json_t *failed);

#endif
