/** Check digits of the national identification number (Luhn, then Verhoeff). */

#include "util/national_id.h"

#include <string.h>

#include "util/calendar.h"

static const unsigned char verhoeff_d[10][10] = {
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
	{3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
	{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
	{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
};
static const unsigned char verhoeff_p[8][10] = {
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
	{8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
	{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
};
static const unsigned char verhoeff_inv[10] = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

int gx_national_id_luhn(const char *s, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++) {
		int d = s[n - 1 - i] - '0';
		if (i % 2 == 0) {
			/* the rightmost payload digit is doubled: the check digit follows it */
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return (10 - sum % 10) % 10;
}

int gx_national_id_verhoeff(const char *s, int n)
{
	int c = 0;
	for (int i = 0; i < n; i++) {
		int d = s[n - 1 - i] - '0';
		c = verhoeff_d[c][verhoeff_p[(i + 1) % 8][d]];
	}
	return verhoeff_inv[c];
}

int gx_national_id_make(int y, int m, int d, int seq, char out[GX_NATIONAL_ID_LEN + 1])
{
	if (y < 1000 || y > 9999 || !gx_cal_date_valid(y, m, d) || seq < 0 || seq > 999)
		return -1;
	unsigned v[] = {(unsigned)y / 100, (unsigned)y % 100, (unsigned)m, (unsigned)d};
	for (int i = 0; i < 4; i++) {
		out[2 * i] = (char)('0' + v[i] / 10);
		out[2 * i + 1] = (char)('0' + v[i] % 10);
	}
	out[8] = (char)('0' + seq / 100);
	out[9] = (char)('0' + seq / 10 % 10);
	out[10] = (char)('0' + seq % 10);
	out[11] = (char)('0' + gx_national_id_luhn(out, 11));
	out[12] = (char)('0' + gx_national_id_verhoeff(out, 11));
	out[13] = '\0';
	return 0;
}

bool gx_national_id_valid(const char *s)
{
	if (s == NULL || strlen(s) != GX_NATIONAL_ID_LEN)
		return false;
	for (int i = 0; i < GX_NATIONAL_ID_LEN; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[4] - '0') * 10 + (s[5] - '0');
	int d = (s[6] - '0') * 10 + (s[7] - '0');
	if (!gx_cal_date_valid(y, m, d))
		return false;
	return s[11] - '0' == gx_national_id_luhn(s, 11) && s[12] - '0' == gx_national_id_verhoeff(s, 11);
}
