#!/bin/sh
# Every OpenAPI document we publish lints clean under Redocly's recommended
# rules (an operationId on every operation, 4xx answers, a licence …): no
# error and no warning, since organisations generate clients from them.
set -eu
cd "$(dirname "$0")/.."
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
passed=0
failed=0
for doc in api/*.json; do
	out=$(node_modules/.bin/redocly lint --format=json "$doc" 2>/dev/null) || true
	n=$(printf '%s' "$out" | node -e '
		let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
			const r = JSON.parse(s);
			for (const p of r.problems) console.error(`  ${p.ruleId} ${p.location[0].pointer}: ${p.message}`);
			console.log(r.problems.length);
		});')
	if [ "$n" = 0 ]; then
		echo "ok   $doc"
		passed=$((passed + 1))
	else
		echo "FAIL $doc: $n problems"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -ge 2 ]
