/** Tests of the address check: what RCPT TO and To: may carry. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "mail/address.h"

static enum gx_mail_address_fault check(const char *s)
{
	return gx_mail_address_check(s, strlen(s));
}

static void test_accepted(void **state)
{
	const char *ok[] = {
		"person@example.org", "p@example.lu", "first.last+tag@sub.example.co.uk", "x_y-z@a-b.example",
		"o'neil@example.ie", "1234@example.com", "a!#$%&'*+/=?^_`{|}~-@example.org", "user@xn--mnchen-3ya.de",
		"noreply@guichet.localhost",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(check(ok[i]), GX_MAIL_ADDRESS_OK);
	}
	assert_string_equal(gx_mail_address_domain("person@example.org"), "example.org");
	assert_null(gx_mail_address_domain("nothing"));
}

static void test_refused(void **state)
{
	assert_int_equal(check(""), GX_MAIL_ADDRESS_EMPTY);
	assert_int_equal(gx_mail_address_check(NULL, 0), GX_MAIL_ADDRESS_EMPTY);
	assert_int_equal(check("person.example.org"), GX_MAIL_ADDRESS_NO_AT);
	assert_int_equal(check("a@b@example.org"), GX_MAIL_ADDRESS_NO_AT);
	/* line breaks, spaces, controls, UTF-8: nothing that needs quoting */
	assert_int_equal(check("person@example.org\r\nBcc: x@example.org"), GX_MAIL_ADDRESS_NOT_ASCII);
	assert_int_equal(check("person@example.org\n"), GX_MAIL_ADDRESS_NOT_ASCII);
	assert_int_equal(check("per son@example.org"), GX_MAIL_ADDRESS_NOT_ASCII);
	assert_int_equal(check("jérôme@example.fr"), GX_MAIL_ADDRESS_NOT_ASCII);
	assert_int_equal(check("user@münchen.de"), GX_MAIL_ADDRESS_NOT_ASCII);
	assert_int_equal(gx_mail_address_check("a@example.org\0x", 15), GX_MAIL_ADDRESS_NOT_ASCII);
	/* local part: a dot-atom */
	assert_int_equal(check("@example.org"), GX_MAIL_ADDRESS_LOCAL);
	assert_int_equal(check(".a@example.org"), GX_MAIL_ADDRESS_LOCAL);
	assert_int_equal(check("a.@example.org"), GX_MAIL_ADDRESS_LOCAL);
	assert_int_equal(check("a..b@example.org"), GX_MAIL_ADDRESS_LOCAL);
	assert_int_equal(check("\"quoted\"@example.org"), GX_MAIL_ADDRESS_LOCAL);
	assert_int_equal(check("a<b>@example.org"), GX_MAIL_ADDRESS_LOCAL);
	assert_int_equal(check("a,b@example.org"), GX_MAIL_ADDRESS_LOCAL);
	/* domain: a dotted host name */
	assert_int_equal(check("a@"), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@localhost"), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@example."), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@.example.org"), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@example..org"), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@-example.org"), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@example-.org"), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@example.o"), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@127.0.0.1"), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@[127.0.0.1]"), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@exa_mple.org"), GX_MAIL_ADDRESS_DOMAIN);
	assert_int_equal(check("a@example.org>"), GX_MAIL_ADDRESS_DOMAIN);
	assert_string_equal(gx_mail_address_fault_name(GX_MAIL_ADDRESS_DOMAIN), "domain");
}

static void test_lengths(void **state)
{
	char s[400];
	/* a local part of 64 is fine, 65 is not */
	memset(s, 'a', 64);
	strcpy(s + 64, "@example.org");
	assert_int_equal(check(s), GX_MAIL_ADDRESS_OK);
	memset(s, 'a', 65);
	strcpy(s + 65, "@example.org");
	assert_int_equal(check(s), GX_MAIL_ADDRESS_TOO_LONG);
	/* a label of 63 is fine, 64 is not */
	strcpy(s, "a@");
	memset(s + 2, 'b', 63);
	strcpy(s + 65, ".org");
	assert_int_equal(check(s), GX_MAIL_ADDRESS_OK);
	memset(s + 2, 'b', 64);
	strcpy(s + 66, ".org");
	assert_int_equal(check(s), GX_MAIL_ADDRESS_DOMAIN);
	/* 254 bytes in all at most */
	size_t n = 0;
	s[n++] = 'a';
	s[n++] = '@';
	while (n < 250) {
		memset(s + n, 'c', 9);
		n += 9;
		s[n++] = '.';
	}
	n = 250;
	strcpy(s + n, "orgg");
	assert_int_equal(strlen(s), 254);
	s[249] = '.';
	assert_int_equal(check(s), GX_MAIL_ADDRESS_OK);
	strcpy(s + n, "orggg");
	assert_int_equal(check(s), GX_MAIL_ADDRESS_TOO_LONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
