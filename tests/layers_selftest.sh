#!/bin/sh
# Self-test of scripts/check_layers.sh: a small fake src/ tree that keeps the
# table passes; each planted bad include makes the check fail, naming the
# file, the line and the rule broken; the real tree passes.
# Usage: sh tests/layers_selftest.sh   (cwd: repository root)
set -u
check=scripts/check_layers.sh
work=$(mktemp -d /tmp/gx_layers_test.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# A fresh fake tree in $work/src: every include in it is allowed.
good_tree() {
	rm -rf "$work/src"
	mkdir -p "$work/src/util" "$work/src/core" "$work/src/http" "$work/src/session" "$work/src/store/sqlite" \
		"$work/src/portal/api" "$work/src/guichetd"
	printf '#include <stdio.h>\n#include "util/buf.h"\n' >"$work/src/util/buf.c"
	printf 'int gx_buf;\n' >"$work/src/util/buf.h"
	printf '#include "util/buf.h"\n#include "sqlite_int.h"\n#include "store/store.h"\n' >"$work/src/store/sqlite/conn.c"
	printf '#include "util/buf.h"\n#include "store/store.h"\n#include <jansson.h>\n' >"$work/src/core/drafts.c"
	printf '#include "session/session.h"\n#include "util/buf.h"\n' >"$work/src/http/cookie.c"
	printf '#include "http/cookie.h"\n' >"$work/src/session/session.c"
	printf '#include "core/drafts.h"\n#include "http/request.h"\n#include "portal/app.h"\n' >"$work/src/portal/api/drafts.c"
	printf '#include "portal/app.h"\n#include "core/drafts.h"\n#include "store/store.h"\n' >"$work/src/guichetd/main.c"
}

# expect_fail NAME FILE LINE RULE: the check fails and prints FILE:LINE: ... RULE.
expect_fail() {
	name=$1 file=$2 line=$3 rule=$4
	sh "$check" "$work/src" >"$work/out" 2>&1
	rc=$?
	if [ $rc -ne 1 ]; then
		bad "$name: exit $rc, expected 1: $(cat "$work/out")"
	elif ! grep -F -- "$work/src/$file:$line: " "$work/out" | grep -qF -- "$rule"; then
		bad "$name: expected \"$work/src/$file:$line: ...$rule\", got: $(cat "$work/out")"
	else
		ok
	fi
}

expect_pass() {
	name=$1
	shift
	sh "$check" "$@" >"$work/out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || ! grep -q '^layers: ok$' "$work/out"; then
		bad "$name: exit $rc, expected 0: $(cat "$work/out")"
	else
		ok
	fi
}

good_tree
sh "$check" "$work/src" >"$work/out" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q '^layers: ok$' "$work/out"; then ok; else
	bad "a tree that keeps the table: exit $rc: $(cat "$work/out")"; fi

good_tree
printf '/* the domain */\n#include "util/buf.h"\n#include "http/request.h"\n' >"$work/src/core/submit.c"
expect_fail "core includes http" core/submit.c 3 'core may not include http'
grep -qF '#include "http/request.h"' "$work/out" && ok || bad "the offending include is quoted: $(cat "$work/out")"
grep -q '^layers: 1 include breaks the table' "$work/out" && ok || bad "one violation counted: $(cat "$work/out")"

good_tree
printf '#include "store/store.h"\n\n#include "portal/app.h"\n' >"$work/src/core/core_test.c"
expect_fail "a unit test is held to its module's row" core/core_test.c 3 'core may not include portal'

good_tree
printf '#ifndef X\n#define X\n#include "backoffice/inbox.h"\n#endif\n' >"$work/src/core/cases.h"
expect_fail "a header is checked" core/cases.h 3 'core may not include backoffice'

good_tree
printf '#include "util/buf.h"\n#include "portal/app.h"\n' >"$work/src/store/sqlite/backend.c"
expect_fail "a sub-folder is held to its module's row" store/sqlite/backend.c 2 'store may not include portal'

good_tree
printf '  #  include <http/request.h>\n' >"$work/src/util/pool.c"
expect_fail "an angle-bracket include of a src folder" util/pool.c 1 'util may not include http'

good_tree
mkdir -p "$work/src/mail"
printf '#include "config/config.h"\n#include "util/buf.h"\n#include "store/store.h"\n' >"$work/src/mail/outbox.c"
expect_fail "the mail library keeps out of the store" mail/outbox.c 3 'mail may not include store'

good_tree
printf '#include "../http/request.h"\n' >"$work/src/core/relative.c"
expect_fail "a path with .." core/relative.c 1 'name the folder'

good_tree
mkdir -p "$work/src/newmod"
printf '#include "util/buf.h"\n' >"$work/src/newmod/x.c"
expect_fail "a folder missing from the table" newmod/x.c 1 'newmod is not in the layers table'
grep -qF "$work/src/newmod: the folder is not in the layers table" "$work/out" && ok ||
	bad "the new folder is named: $(cat "$work/out")"

good_tree
mkdir -p "$work/src/empty"
sh "$check" "$work/src" >"$work/out" 2>&1
[ $? -eq 1 ] && grep -qF "$work/src/empty: the folder is not in the layers table" "$work/out" && ok ||
	bad "a folder without includes missing from the table: $(cat "$work/out")"

sh "$check" "$work/nowhere" >"$work/out" 2>&1
[ $? -eq 2 ] && ok || bad "a missing tree is a usage error: $(cat "$work/out")"

expect_pass "the real tree"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
