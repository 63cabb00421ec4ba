#ifndef GX_MAIL_CODE_H
#define GX_MAIL_CODE_H

/** The one-time code that verifies a person's e-mail address: a
 *  self-declared address is used for notifications only once the person
 *  typed back the code mailed to it.
 *
 *  Six digits, uniform (libsodium's randombytes_uniform). Never stored in
 *  clear: what is stored is a record with a random salt and a keyed
 *  BLAKE2b hash of the code. The key is the platform's secret (32 bytes,
 *  kept like the receipt key): a million possible codes make an unkeyed
 *  hash as good as the code itself to whoever reads the database. The
 *  hash also covers a binding chosen by the caller (the person's id and
 *  the address, say), so a code for one address verifies no other.
 *
 *  The rest is pure functions of the record and the time: expiry, at most
 *  max_attempts wrong guesses (then locked: a new code must be asked for),
 *  and how often a new code may be mailed (an address anyone can type in
 *  must not become a way to flood someone else's mailbox). Comparison is
 *  in constant time. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GX_MAIL_CODE_DIGITS 6
#define GX_MAIL_CODE_KEY_BYTES 32
#define GX_MAIL_CODE_SALT_BYTES 16
#define GX_MAIL_CODE_HASH_BYTES 32

struct gx_mail_code_policy {
	unsigned ttl_s;            /* a code works this long */
	unsigned max_attempts;     /* wrong guesses before it is locked */
	unsigned resend_s;         /* at least this long between two codes */
	unsigned max_per_day;      /* codes mailed in 24 hours at most */
};

/** 15 minutes, 5 guesses, a minute between codes, 5 a day. */
#define GX_MAIL_CODE_POLICY_DEFAULT ((struct gx_mail_code_policy){900, 5, 60, 5})

/** What is stored for the code last mailed (never the code). */
struct gx_mail_code_record {
	uint8_t salt[GX_MAIL_CODE_SALT_BYTES];
	uint8_t hash[GX_MAIL_CODE_HASH_BYTES];
	long long issued_us;
	long long expires_us;
	unsigned attempts;         /* wrong guesses so far */
	bool used;                 /* verified once: it works no more */
	long long day_start_us;    /* the 24 hours codes are counted in */
	unsigned day_count;
};

/** Six uniform digits and a NUL into code. */
void gx_mail_code_generate(char code[GX_MAIL_CODE_DIGITS + 1]);

/** The stored hash of code (six digits) under key, salt and binding. */
void gx_mail_code_hash(const uint8_t key[GX_MAIL_CODE_KEY_BYTES], const uint8_t salt[GX_MAIL_CODE_SALT_BYTES],
		       const void *binding, size_t binding_len, const char code[GX_MAIL_CODE_DIGITS],
		       uint8_t out[GX_MAIL_CODE_HASH_BYTES]);

/** Whether a new code may be mailed at now_us, given the record of the
 *  last one (NULL when there was none). */
bool gx_mail_code_may_issue(const struct gx_mail_code_record *last, long long now_us,
			    const struct gx_mail_code_policy *p);

/** Makes a new code (into code, to be mailed, then wiped) and its record
 *  (into rec, to be stored), counting it in last's day when there is one.
 *  Returns 0, or -1 when gx_mail_code_may_issue says no. */
int gx_mail_code_issue(const struct gx_mail_code_record *last, const uint8_t key[GX_MAIL_CODE_KEY_BYTES],
		       const void *binding, size_t binding_len, long long now_us, const struct gx_mail_code_policy *p,
		       char code[GX_MAIL_CODE_DIGITS + 1], struct gx_mail_code_record *rec);

enum gx_mail_code_verdict {
	GX_MAIL_CODE_OK,           /* the address is verified; rec is used up */
	GX_MAIL_CODE_WRONG,        /* not the code: one guess counted */
	GX_MAIL_CODE_MALFORMED,    /* not six digits (spaces and hyphens ignored): no guess counted */
	GX_MAIL_CODE_EXPIRED,
	GX_MAIL_CODE_LOCKED,       /* too many wrong guesses, or already used: ask for a new code */
};

/** Checks what the person typed against rec at now_us, updating rec (a
 *  wrong guess counted, a right one used up). The caller must store the
 *  updated rec — in the same transaction it read it, before answering —
 *  or guesses go uncounted. */
enum gx_mail_code_verdict gx_mail_code_check(struct gx_mail_code_record *rec,
					     const uint8_t key[GX_MAIL_CODE_KEY_BYTES], const void *binding,
					     size_t binding_len, const char *typed, size_t typed_len, long long now_us,
					     const struct gx_mail_code_policy *p);

const char *gx_mail_code_verdict_name(enum gx_mail_code_verdict v);

#endif
