#ifndef GX_UTIL_HEX_H
#define GX_UTIL_HEX_H

/** The value of a hexadecimal digit, or -1 (percent-decoding, chunk sizes). */
static inline int gx_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
