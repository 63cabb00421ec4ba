#!/bin/sh
# The procedure search at scale: guichetd loads TOTAL definitions (the
# shipped ones and generated ones made of their words,
# bench/generate_procedures.mjs) and answers GET /api/v1/procedures?q=…
# with queries that mix accents left out, typos, prefixes and several words,
# in fr, de and en (bench/search.lua), measured against its own GET /hello
# in the same run; then at about half the search's rate for the p99.
# Target: p99 < 10 ms.
# Env: BENCH_PROCEDURES (1000), BENCH_SECONDS (10), BENCH_CONNECTIONS (64),
# BENCH_STORE (sqlite, or postgresql: a throwaway cluster, as submissions.sh).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init search
TOTAL=${BENCH_PROCEDURES:-1000}
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
STORE=${BENCH_STORE:-sqlite}
export GUICHET_STORE_SQLITE_PATH="$WORK/db"
if [ "$STORE" = postgresql ]; then
	chmod 0755 "$WORK"
	sh tests/pg_cluster.sh start "$WORK/pg" >"$WORK/conninfo"
	psql -X -q -d "$(cat "$WORK/conninfo")" -c 'CREATE DATABASE guichet_bench'
	export GUICHET_STORE_BACKEND=postgresql GUICHET_STORE_POSTGRESQL_CONNINFO="$(cat "$WORK/conninfo") dbname=guichet_bench"
fi
node bench/generate_procedures.mjs "$WORK/procedures" "$TOTAL" 1
WRK_CPU="" SRV_CPU=""
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then WRK_CPU="taskset -c 0" SRV_CPU="taskset -c 1"; fi
GD_PORT=$(bench_port)
SITE="http://127.0.0.1:$GD_PORT"
echo '{"registers": []}' >"$WORK/registers.json"
# shellcheck disable=SC2086
GUICHET_LISTEN_PORT=$GD_PORT GUICHET_SITE_URL=$SITE GUICHET_PATHS_PROCEDURES="$WORK/procedures" \
	GUICHET_SOURCES_REGISTERS="$WORK/registers.json" GUICHET_RECEIPTS_KEY_FILE="$WORK/receipt.key" \
	GUICHET_LOG_PATH="$WORK/guichetd.log" $SRV_CPU build/release/guichetd --threads 1 &
GD_PID=$!
pids="$pids $GD_PID"
i=0
until curl -fsS "$SITE/healthz" >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -lt 600 ] || { cat "$WORK/guichetd.log" >&2; exit 1; }; sleep 0.1
done
grep -q '"search_indexed"' "$WORK/guichetd.log" || { echo "the search was not indexed" >&2; cat "$WORK/guichetd.log" >&2; exit 1; }
n=$(curl -fsS -H 'Accept-Language: en' "$SITE/api/v1/procedures" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total))')
[ "$n" -ge "$TOTAL" ] || { echo "guichetd has $n procedures, not $TOTAL" >&2; exit 1; }
hits=$(curl -fsS -H 'Accept-Language: fr' "$SITE/api/v1/procedures?q=residence" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total))')
[ "$hits" -ge 1 ] || { echo "the search finds nothing" >&2; exit 1; }

rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct() { awk -v q="$2" '$1 == q { print $2 }' "$1"; }
# guichetd's CPU time so far, in clock ticks (user + system): per request,
# it does not depend on what else the machine runs, as latency does.
ticks() { awk '{ print $14 + $15 }' "/proc/$GD_PID/stat"; }
reqs() { awk '/requests in/ { print $1 }' "$1"; }
cpu_ms() { echo "$1 $2 $3" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($2 - $1) * 1000 / hz / $3 }'; }
echo "search bench: $n procedures, $STORE, wrk -t1 -c$CONNS -d${DURATION}s, guichetd --threads 1"
t0=$(ticks)
# shellcheck disable=SC2086
$WRK_CPU wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$SITE/hello" >"$WORK/hello"
t1=$(ticks)
# shellcheck disable=SC2086
$WRK_CPU wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s bench/search.lua "$SITE/api/v1/procedures" >"$WORK/search"
t2=$(ticks)
grep -q 'Non-2xx' "$WORK/search" && { echo "search requests failed:" >&2; cat "$WORK/search" >&2; exit 1; }
HELLO=$(rps "$WORK/hello")
FULL=$(rps "$WORK/search")
printf '  guichetd /hello         %8.0f req/s  p50 %s  p99 %s  CPU %s ms/request\n' "$HELLO" "$(pct "$WORK/hello" 50%)" \
	"$(pct "$WORK/hello" 99%)" "$(cpu_ms "$t0" "$t1" "$(reqs "$WORK/hello")")"
printf '  search, saturated       %8.0f req/s  p50 %s  p99 %s  CPU %s ms/request\n' "$FULL" "$(pct "$WORK/search" 50%)" \
	"$(pct "$WORK/search" 99%)" "$(cpu_ms "$t1" "$t2" "$(reqs "$WORK/search")")"
# About half that rate: 16 connections, each waiting between requests.
HALF_CONNS=16
DELAY_MS=$(echo "$FULL" | awk -v c=$HALF_CONNS '{ d = c * 1000 / ($1 / 2); printf "%d", (d < 1 ? 1 : d) }')
sed "s/^DELAY_MS = .*/DELAY_MS = $DELAY_MS/" bench/search.lua >"$WORK/half.lua"
# shellcheck disable=SC2086
$WRK_CPU wrk -t1 -c$HALF_CONNS -d"${DURATION}s" --latency -s "$WORK/half.lua" "$SITE/api/v1/procedures" >"$WORK/half"
HALF=$(rps "$WORK/half")
P99=$(pct "$WORK/half" 99%)
printf '  search, ~half rate      %8.0f req/s  p50 %s  p99 %s\n' "$HALF" "$(pct "$WORK/half" 50%)" "$P99"
echo "  load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (latency is only meaningful on an idle machine)"
echo "$HELLO $FULL $P99" | awk '{ p = $3; ms = p; sub(/ms$/, "", ms); if (p ~ /us$/) { sub(/us$/, "", ms); ms = ms / 1000 } else if (p ~ /[0-9]s$/) { sub(/s$/, "", ms); ms = ms * 1000 }
	ms = ms + 0 # a number: "9.49" < 10 compared as strings is false
	printf "search / hello: %.2f; p99 at half rate %.2f ms (target < 10 ms: %s)\n", $2 / $1, ms, (ms < 10 ? "met" : "NOT met") }'
