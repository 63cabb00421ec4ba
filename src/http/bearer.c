#include "http/bearer.h"

#include <sodium.h>
#include <strings.h>

void gx_access_token_new(char token[GX_ACCESS_TOKEN_CHARS + 1], unsigned char hash[GX_STORE_TOKEN_HASH_BYTES])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, GX_ACCESS_TOKEN_CHARS + 1, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	gx_access_token_hash(token, GX_ACCESS_TOKEN_CHARS, hash);
}

void gx_access_token_hash(const char *token, size_t len, unsigned char hash[GX_STORE_TOKEN_HASH_BYTES])
{
	crypto_hash_sha256(hash, (const unsigned char *)token, len);
}

static bool b64url_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

enum gx_bearer_result gx_bearer_parse(const char *value, size_t len, const char **token, size_t *token_len)
{
	*token = NULL;
	*token_len = 0;
	if (value == NULL)
		return GX_BEARER_ABSENT;
	if (len < 7 || strncasecmp(value, "Bearer ", 7) != 0)
		return GX_BEARER_MALFORMED;
	size_t i = 7;
	while (i < len && value[i] == ' ')
		i++;
	if (len - i != GX_ACCESS_TOKEN_CHARS)
		return GX_BEARER_MALFORMED;
	for (size_t k = i; k < len; k++)
		if (!b64url_char(value[k]))
			return GX_BEARER_MALFORMED;
	*token = value + i;
	*token_len = len - i;
	return GX_BEARER_OK;
}
