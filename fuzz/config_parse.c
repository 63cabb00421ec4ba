/* libFuzzer driver for the configuration file parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gx_config c;
	struct gx_config_error err;
	gx_config_defaults(&c);
	if (gx_config_parse(&c, "fuzz.conf", (const char *)data, size, &err) != 0) {
		if (err.where[0] == '\0' || err.message[0] == '\0')
			abort();
		return 0;
	}
	if (memchr(c.listen_address, '\0', sizeof(c.listen_address)) == NULL ||
	    memchr(c.sqlite_path, '\0', sizeof(c.sqlite_path)) == NULL || c.listen_port > 65535)
		abort();
	return 0;
}
