/* Verification codes: Crockford base32 symbols with a check symbol over
 * GF(32). Symbol i (0-14) is weighted by alpha^(i+1), the check symbol by 1,
 * and the weighted sum of all 16 is zero. The weights are distinct and
 * non-zero (alpha has order 31), so changing one symbol, or swapping any two
 * different symbols, always changes the sum. */

#include "certificates/code.h"

#include <sodium.h>
#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* GF(2^5) with the primitive polynomial x^5 + x^2 + 1. */
static unsigned gf32_mul(unsigned a, unsigned b)
{
	unsigned r = 0;
	while (b != 0) {
		if (b & 1)
			r ^= a;
		b >>= 1;
		a <<= 1;
		if (a & 0x20)
			a ^= 0x25;
	}
	return r;
}

/* The check symbol of the first 15 values. */
static unsigned check_symbol(const unsigned char v[GX_CERT_CODE_SYMBOLS - 1])
{
	unsigned sum = 0, w = 1;
	for (int i = 0; i < GX_CERT_CODE_SYMBOLS - 1; i++) {
		w = gf32_mul(w, 2);
		sum ^= gf32_mul(w, v[i]);
	}
	return sum;
}

/* Writes 16 values as the canonical text. */
static void format(const unsigned char v[GX_CERT_CODE_SYMBOLS], struct gx_cert_code *out)
{
	size_t o = 0;
	for (int i = 0; i < GX_CERT_CODE_SYMBOLS; i++) {
		if (i > 0 && i % 4 == 0)
			out->text[o++] = '-';
		out->text[o++] = alphabet[v[i]];
	}
	out->text[o] = '\0';
}

void gx_cert_code_from_random(const unsigned char random[GX_CERT_CODE_RANDOM_BYTES], struct gx_cert_code *out)
{
	unsigned char v[GX_CERT_CODE_SYMBOLS];
	/* 15 groups of 5 bits, read from the bytes most significant bit first */
	for (int i = 0; i < GX_CERT_CODE_SYMBOLS - 1; i++) {
		unsigned value = 0;
		for (int b = 0; b < 5; b++) {
			int bit = i * 5 + b;
			value = value << 1 | ((random[bit / 8] >> (7 - bit % 8)) & 1);
		}
		v[i] = (unsigned char)value;
	}
	v[GX_CERT_CODE_SYMBOLS - 1] = (unsigned char)check_symbol(v);
	format(v, out);
}

void gx_cert_code_new(struct gx_cert_code *out)
{
	unsigned char random[GX_CERT_CODE_RANDOM_BYTES];
	randombytes_buf(random, sizeof(random));
	gx_cert_code_from_random(random, out);
	sodium_memzero(random, sizeof(random));
}

/* The value of a symbol as a person may type it, or -1. */
static int symbol_value(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		return 0;
	if (c == 'I' || c == 'L')
		return 1;
	const char *p = c != '\0' ? strchr(alphabet, c) : NULL;
	return p != NULL ? (int)(p - alphabet) : -1;
}

static enum gx_cert_code_fault finish(const unsigned char v[GX_CERT_CODE_SYMBOLS], struct gx_cert_code *out)
{
	if (check_symbol(v) != v[GX_CERT_CODE_SYMBOLS - 1])
		return GX_CERT_CODE_TYPO;
	format(v, out);
	return GX_CERT_CODE_OK;
}

enum gx_cert_code_fault gx_cert_code_parse(const char *in, size_t len, struct gx_cert_code *out)
{
	if (len > GX_CERT_CODE_INPUT_MAX)
		return GX_CERT_CODE_TOO_LONG;
	unsigned char v[GX_CERT_CODE_SYMBOLS];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '-')
			continue;
		int value = symbol_value(c);
		if (value < 0)
			return GX_CERT_CODE_BAD_SYMBOL;
		if (n == GX_CERT_CODE_SYMBOLS)
			return GX_CERT_CODE_WRONG_LENGTH;
		v[n++] = (unsigned char)value;
	}
	if (n == 0)
		return GX_CERT_CODE_EMPTY;
	if (n != GX_CERT_CODE_SYMBOLS)
		return GX_CERT_CODE_WRONG_LENGTH;
	return finish(v, out);
}

enum gx_cert_code_fault gx_cert_code_parse_strict(const char *in, size_t len, struct gx_cert_code *out)
{
	if (len != GX_CERT_CODE_LEN)
		return len == 0 ? GX_CERT_CODE_EMPTY : GX_CERT_CODE_WRONG_LENGTH;
	unsigned char v[GX_CERT_CODE_SYMBOLS];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (i % 5 == 4) {
			if (in[i] != '-')
				return GX_CERT_CODE_BAD_SYMBOL;
			continue;
		}
		const char *p = in[i] != '\0' ? strchr(alphabet, in[i]) : NULL;
		if (p == NULL)
			return GX_CERT_CODE_BAD_SYMBOL;
		v[n++] = (unsigned char)(p - alphabet);
	}
	return finish(v, out);
}

const char *gx_cert_code_fault_text(enum gx_cert_code_fault f)
{
	switch (f) {
	case GX_CERT_CODE_OK:
		return "a valid code";
	case GX_CERT_CODE_EMPTY:
		return "no code given";
	case GX_CERT_CODE_TOO_LONG:
		return "too long to be a verification code";
	case GX_CERT_CODE_BAD_SYMBOL:
		return "a character that is not in a verification code";
	case GX_CERT_CODE_WRONG_LENGTH:
		return "a verification code has 16 characters";
	case GX_CERT_CODE_TYPO:
		return "the code has a typing mistake";
	}
	return "unknown";
}
