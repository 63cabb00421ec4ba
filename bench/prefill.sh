#!/bin/sh
# Prefill throughput at Luxembourg scale: a 660,000-person population in four
# registryd processes (persons, vehicles, social security, income tax); a
# logged-in person's GET /api/v1/my-data asks all four at once (five HTTP
# exchanges per request, plus the access records on both sides). Measured
# against guichetd's own GET /hello in the same run, then at about half the
# prefill rate for the p99 latency (wrk's per-connection delay).
# Env: BENCH_PERSONS (660000), BENCH_SECONDS (10), BENCH_CONNECTIONS (64).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init prefill
PERSONS=${BENCH_PERSONS:-660000}
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
REG=build/bench/registers-$PERSONS
if [ ! -f "$REG/income_tax.db" ]; then
	rm -rf "$REG"
	mkdir -p "$(dirname "$REG")"
	echo "prefill bench: generating $PERSONS persons into $REG"
	/usr/bin/time -f "prefill bench: seed took %e s" build/release/guichetctl seed --persons "$PERSONS" --seed 1 \
		--out "$REG" --idp-population "$REG/idp-population.json" >/dev/null
fi

urls=""
for r in persons vehicles social_security income_tax; do
	p=$(bench_port)
	GUICHET_LOG_PATH=/dev/null build/release/registryd --register "registers/$r.json" --db "$REG/$r.db" \
		--clients etc/registry-clients.json --port "$p" --threads 1 &
	pids="$pids $!"
	urls="$urls $r=http://127.0.0.1:$p"
done
OUT="$WORK/registers.json" node -e '
const conf = require("./etc/registers.json");
const urls = Object.fromEntries(process.argv.slice(1).map((a) => a.split("=")));
conf.registers = conf.registers.filter((r) => urls[r.name]).map((r) => ({ ...r, url: urls[r.name] }));
require("fs").writeFileSync(process.env.OUT, JSON.stringify(conf));
' $urls
GD_PORT=$(bench_port)
SITE="http://127.0.0.1:$GD_PORT"
IDP_PORT=0 IDP_REDIRECT_URIS="$SITE/auth/callback" IDP_POPULATION="$REG/idp-population.json" \
	node idp/server.mjs >"$WORK/idp.log" 2>&1 &
pids="$pids $!"
bench_wait_issuer 300

GUICHET_LISTEN_PORT=$GD_PORT GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER=$ISSUER \
	GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_STORE_SQLITE_PATH="$WORK/db" \
	GUICHET_SOURCES_REGISTERS="$WORK/registers.json" GUICHET_LOG_PATH=/dev/null \
	build/release/guichetd --threads 1 &
pids="$pids $!"
bench_wait_healthy "$SITE"
PERSON=$(node -e 'console.log(require(process.argv[1])[0].national_id)' "$ROOT/$REG/demo-persons.json")
COOKIE=$(node bench/login.mjs "$SITE" "$PERSON")
curl -fsS -H "Cookie: $COOKIE" "$SITE/api/v1/my-data" | node -e '
let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
  const b = JSON.parse(s);
  const bad = b.registers.filter((r) => r.status !== "ok");
  if (b.registers.length !== 4 || bad.length) { console.error("prefill not ok:", s.slice(0, 300)); process.exit(1); }
});'

rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct() { awk -v q="$2" '$1 == q { print $2 }' "$1"; }
echo "prefill bench: $PERSONS persons, 4 registers, wrk -t1 -c$CONNS -d${DURATION}s, guichetd --threads 1, registryd --threads 1 each"
wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$SITE/hello" >"$WORK/hello"
wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -H "Cookie: $COOKIE" "$SITE/api/v1/my-data" >"$WORK/prefill"
grep -q 'Non-2xx' "$WORK/prefill" && { echo "prefill requests failed:" >&2; cat "$WORK/prefill" >&2; exit 1; }
HELLO=$(rps "$WORK/hello")
FULL=$(rps "$WORK/prefill")
printf '  guichetd /hello          %8.0f req/s  p50 %s  p99 %s\n' "$HELLO" "$(pct "$WORK/hello" 50%)" "$(pct "$WORK/hello" 99%)"
printf '  prefill, saturated       %8.0f req/s  p50 %s  p99 %s\n' "$FULL" "$(pct "$WORK/prefill" 50%)" "$(pct "$WORK/prefill" 99%)"

# About half that rate: 16 connections, each waiting between requests.
HALF_CONNS=16
DELAY_MS=$(echo "$FULL" | awk -v c=$HALF_CONNS '{ d = c * 1000 / ($1 / 2); printf "%d", (d < 1 ? 1 : d) }')
printf 'function delay()\n  return %s\nend\n' "$DELAY_MS" >"$WORK/delay.lua"
wrk -t1 -c$HALF_CONNS -d"${DURATION}s" --latency -s "$WORK/delay.lua" -H "Cookie: $COOKIE" "$SITE/api/v1/my-data" >"$WORK/half"
HALF=$(rps "$WORK/half")
printf '  prefill, ~half rate      %8.0f req/s  p50 %s  p99 %s\n' "$HALF" "$(pct "$WORK/half" 50%)" "$(pct "$WORK/half" 99%)"
echo "$HELLO $FULL" | awk '{ printf "prefill / hello: %.2f (target >= 0.15: %s)\n", $2 / $1, ($2 / $1 >= 0.15 ? "met" : "NOT met") }'
