#!/bin/sh
# Shows that the test build really instruments: a throwaway program with a
# planted heap overflow, compiled with the same sanitizer flags as build/asan,
# must be stopped by AddressSanitizer, and one with a signed overflow by
# UndefinedBehaviorSanitizer.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
flags=$(make -s --no-print-directory MODE=asan print-sanitizer-flags)

cat >"$dir/overflow.c" <<'C'
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
	char *p = malloc(8);
	memset(p, 'x', 8 + (size_t)argc); /* one byte past the end */
	int r = p[0];
	free(p);
	return r == 'x' ? 0 : 1;
}
C
cat >"$dir/signed.c" <<'C'
#include <limits.h>
#include <stdio.h>
int main(int argc, char **argv) {
	int x = INT_MAX - 1 + argc; /* INT_MAX */
	x += argc;                  /* overflow */
	printf("%d\n", x);
	return 0;
}
C
gcc $flags "$dir/overflow.c" -o "$dir/overflow"
gcc $flags "$dir/signed.c" -o "$dir/signed"
if "$dir/overflow" 2>"$dir/asan.txt"; then
	echo "planted heap overflow was NOT caught"; exit 1
fi
grep -q 'AddressSanitizer: heap-buffer-overflow' "$dir/asan.txt" || { cat "$dir/asan.txt"; exit 1; }
echo "ASan caught the heap overflow"
if "$dir/signed" 2>"$dir/ubsan.txt"; then
	echo "planted signed overflow was NOT caught"; exit 1
fi
grep -q 'runtime error: signed integer overflow' "$dir/ubsan.txt" || { cat "$dir/ubsan.txt"; exit 1; }
echo "UBSan caught the signed overflow"
