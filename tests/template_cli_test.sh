#!/bin/sh
# Runs every Mustache spec test through `guichetctl template render`.
# Usage: tests/template_cli_test.sh path/to/guichetctl   (cwd: repo root)
# Spec dir: $GX_MUSTACHE_SPEC_DIR or ../shared/testdata/mustache-spec.
set -u
ctl=${1:?usage: $0 path/to/guichetctl}
spec=${GX_MUSTACHE_SPEC_DIR:-../shared/testdata/mustache-spec}
work=$(mktemp -d /tmp/gx_tmpl_cli.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT

# node splits each spec test into case dirs: template, data, expected, partials/
node - "$spec" "$work" <<'JS' || { echo "cannot split spec files"; exit 1; }
const fs = require("fs"), path = require("path");
const [spec, work] = process.argv.slice(2);
let n = 0;
for (const f of ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"]) {
  const doc = JSON.parse(fs.readFileSync(path.join(spec, f + ".json"), "utf8"));
  for (const t of doc.tests) {
    const d = path.join(work, String(++n).padStart(3, "0"));
    fs.mkdirSync(path.join(d, "partials"), { recursive: true });
    fs.writeFileSync(path.join(d, "name"), f + ": " + t.name);
    fs.writeFileSync(path.join(d, "template.mustache"), t.template);
    fs.writeFileSync(path.join(d, "data.json"), JSON.stringify(t.data));
    fs.writeFileSync(path.join(d, "expected"), t.expected);
    for (const [k, v] of Object.entries(t.partials || {}))
      fs.writeFileSync(path.join(d, "partials", k + ".mustache"), v);
  }
}
JS

pass=0
fail=0
for d in "$work"/[0-9]*; do
	if "$ctl" template render --template "$d/template.mustache" --data "$d/data.json" \
		--partials "$d/partials" >"$d/got" 2>"$d/err" && cmp -s "$d/got" "$d/expected"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $(cat "$d/name"): $(cat "$d/err")"
	fi
done

# errors: file and line on stderr, exit 1; usage errors exit 2 (failures count below)
echo "spec through the CLI: $pass passed, $fail failed"
printf 'a\n{{#x}}\n' >"$work/bad.mustache"
echo '{}' >"$work/data.json"
"$ctl" template render --template "$work/bad.mustache" --data "$work/data.json" 2>"$work/err" >/dev/null
rc=$?
if [ $rc -eq 1 ] && grep -q "bad.mustache:2:" "$work/err"; then :; else
	fail=$((fail + 1)); echo "FAIL error report: rc=$rc $(cat "$work/err")"; fi
"$ctl" template render --template "$work/bad.mustache" 2>/dev/null >/dev/null
rc=$?
if [ $rc -eq 2 ]; then :; else fail=$((fail + 1)); echo "FAIL usage: rc=$rc"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
