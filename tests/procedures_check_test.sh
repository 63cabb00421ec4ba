#!/bin/sh
# Runs `guichetctl procedures check` on each broken definition of
# tests/fixtures/procedures/broken/ alone (expects exit 1 and the file and JSON
# Pointer listed in expected.json; statuses-no-label.json is refused for the
# catalogs of i18n/), on the valid fixtures and on procedures/ (expects exit
# 0; procedures/ must hold at least 60 procedures from at least 30
# organisations), and on a usage error (expects exit 2).
# Usage: tests/procedures_check_test.sh path/to/guichetctl   (cwd: repo root)
set -u
ctl=${1:?usage: $0 path/to/guichetctl}
fixtures=tests/fixtures/procedures
work=$(mktemp -d /tmp/gx_proc_check.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# expected.json as lines: file|pointer|reason (| is not whitespace: an empty pointer survives read)
node -e '
const e = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const [f, v] of Object.entries(e)) console.log([f, v.pointer, v.reason_contains].join("|"));
' "$fixtures/broken/expected.json" >"$work/expected" || { echo "cannot read expected.json"; echo "0 passed, 1 failed"; exit 1; }

n=0
while IFS='|' read -r file pointer reason; do
	n=$((n + 1))
	dir="$work/case$n"
	mkdir "$dir"
	cp "$fixtures/organisations.json" "$fixtures/broken/$file" "$dir/"
	"$ctl" procedures check --registers registers "$dir" >"$dir.out" 2>&1
	rc=$?
	want="$dir/$file: $pointer: "
	if [ $rc -ne 1 ]; then
		bad "$file: exit $rc, expected 1: $(cat "$dir.out")"
	elif ! grep -qF -- "$want" "$dir.out" || ! grep -F -- "$want" "$dir.out" | grep -qF -- "$reason"; then
		bad "$file: expected \"$want...$reason\", got: $(cat "$dir.out")"
	elif ! grep -q '^0 valid, 1 invalid$' "$dir.out"; then
		bad "$file: count line missing: $(cat "$dir.out")"
	else
		ok
	fi
done <"$work/expected"
[ "$n" -ge 15 ] && ok || bad "only $n broken fixtures"

# every broken fixture is listed in expected.json
for f in "$fixtures"/broken/*.json; do
	b=$(basename "$f")
	[ "$b" = expected.json ] && continue
	grep -qF "$b|" "$work/expected" && ok || bad "$b is not in expected.json"
done

for dir in "$fixtures/valid" procedures; do
	"$ctl" procedures check --registers registers "$dir" >"$work/out" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && grep -q '^ok  ' "$work/out" && grep -q ' valid, 0 invalid$' "$work/out"; then ok; else
		bad "$dir: exit $rc: $(cat "$work/out")"; fi
done

# The shipped catalogue's breadth (issue 18): at least 60 procedures from at
# least 30 organisations, each valid (so each with themes and a public page),
# as the check counts them; the organisations it counts are the definitions'.
"$ctl" procedures check --registers registers procedures >"$work/out" 2>&1
valid=$(sed -n 's/^\([0-9]*\) valid, 0 invalid$/\1/p' "$work/out")
orgs=$(sed -n 's/^from \([0-9]*\) organisations$/\1/p' "$work/out")
want_orgs=$(node -e '
const fs = require("fs");
const o = new Set();
for (const f of fs.readdirSync("procedures")) {
  if (!f.endsWith(".json") || ["organisations.json", "themes.json", "schema.json"].includes(f)) continue;
  o.add(JSON.parse(fs.readFileSync("procedures/" + f, "utf8")).organisation);
}
console.log(o.size);')
if [ "${valid:-0}" -ge 60 ] && [ "${orgs:-0}" -ge 30 ] && [ "$orgs" = "$want_orgs" ]; then ok; else
	bad "procedures/: ${valid:-?} valid procedures from ${orgs:-?} organisations (definitions name $want_orgs), want >= 60 from >= 30: $(tail -n 3 "$work/out")"; fi
# one valid definition: one organisation, said in the singular
mkdir "$work/one"
cp "$fixtures/organisations.json" "$fixtures/valid/themes.json" "$fixtures/valid/minimal.json" "$work/one/"
"$ctl" procedures check --registers registers "$work/one" >"$work/out" 2>&1
if grep -q '^1 valid, 0 invalid$' "$work/out" && grep -q '^from 1 organisation$' "$work/out"; then ok; else
	bad "one definition: $(cat "$work/out")"; fi

# all files at once: every fault reported, exit 1
mkdir "$work/all"
cp "$fixtures/organisations.json" "$fixtures/valid/themes.json" "$fixtures/valid/minimal.json" "$fixtures/valid/rich-example.json" "$work/all/"
cp "$fixtures/broken/bad-pattern.json" "$fixtures/broken/unknown-kind.json" "$work/all/"
"$ctl" procedures check --registers registers "$work/all" >"$work/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q '^2 valid, 2 invalid$' "$work/out" && grep -q "unknown-kind.json: /steps/0/fields/3/kind: " "$work/out"; then ok; else
	bad "mixed folder: exit $rc: $(cat "$work/out")"; fi

# catalogs that cannot be read: exit 1, naming them
"$ctl" procedures check --i18n "$work/no-such-dir" procedures >"$work/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "no-such-dir" "$work/out"; then ok; else bad "missing i18n folder: exit $rc: $(cat "$work/out")"; fi

# usage errors
for args in "" "frobnicate" "check a b" "check --nope" "check --i18n"; do
	# shellcheck disable=SC2086
	"$ctl" procedures $args >/dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ] && ok || bad "procedures $args: exit $rc, expected 2"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
