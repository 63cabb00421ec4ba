#!/bin/sh
# Durable submissions and the overview API on the cluster (issue 12), against
# SQLite in the same run (docs/performance.md):
#
# 1. SQLite, one guichetd: bench/submissions.sh as it is;
# 2. the cluster of make run-cluster (scripts/cluster/up.sh: etcd, two
#    PostgreSQL 15 under Patroni, the primary's commits waiting for its
#    synchronous standby, HAProxy), the store filled as in 1, then
#    a. three guichetd behind HAProxy: wrk through HAProxy's port;
#    b. one guichetd (the two others stopped): wrk straight to its port.
# Each guichetd has one worker thread (--threads 1), as in 1. Each phase
# submits drafts prepared for it (a draft is submitted once), 64 at a time
# for BENCH_SECONDS, then reads the overview of a space of 12 items.
# Prints, and writes to build/bench/cluster.md, req/s, p50 and p99, and
# each figure's ratio to SQLite's.
# Env: BENCH_PERSONS (660000), BENCH_DRAFTS (30000 per cluster phase),
# BENCH_SQLITE_DRAFTS (60000), BENCH_SECONDS (3), GUICHETD (the binary of
# the cluster phases, build/release/guichetd: another release's to compare).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init cluster
. scripts/cluster/lib.sh
PERSONS=${BENCH_PERSONS:-660000}
DRAFTS=${BENCH_DRAFTS:-30000}
DURATION=${BENCH_SECONDS:-3}
OUT=${BENCH_OUT:-build/bench/cluster.md}
mkdir -p "$(dirname "$OUT")"
chmod 0755 "$WORK" # the cluster's user (postgres, when run as root) goes through it
CLUSTER_DIR="$WORK/cluster"
trap 'sh scripts/cluster/down.sh "$CLUSTER_DIR" >/dev/null 2>&1 || true; bench_cleanup' EXIT INT TERM

echo "== SQLite, one guichetd (bench/submissions.sh)"
BENCH_STORE=sqlite BENCH_PERSONS=$PERSONS BENCH_DRAFTS=${BENCH_SQLITE_DRAFTS:-60000} BENCH_SECONDS=$DURATION \
	BENCH_SUMMARY="$WORK/sqlite.summary" sh bench/submissions.sh

echo "== the cluster: etcd, PostgreSQL under Patroni (a primary, its synchronous standby), HAProxy"
WEB_PORT=$(bench_port)
G1=$(bench_port) G2=$(bench_port) G3=$(bench_port)
WEB_PORT=$WEB_PORT GUICHETD_PORTS="$G1 $G2 $G3" sh scripts/cluster/up.sh "$CLUSTER_DIR"
. "$CLUSTER_DIR/cluster.env"
SITE="http://127.0.0.1:$WEB_PORT"
IDP_PORT=0 IDP_REDIRECT_URIS="$SITE/auth/callback" node idp/server.mjs >"$WORK/idp.log" 2>&1 &
pids="$pids $!"
bench_wait_issuer
echo '{"registers": []}' >"$WORK/registers.json"
gpids=""
for p in $G1 $G2 $G3; do
	GUICHET_STORE_BACKEND=postgresql GUICHET_STORE_POSTGRESQL_CONNINFO="$PG_CONNINFO" \
		GUICHET_LISTEN_PORT=$p GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER=$ISSUER \
		GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_SOURCES_REGISTERS="$WORK/registers.json" \
		GUICHET_RECEIPTS_KEY_FILE="$WORK/key" GUICHET_LOG_PATH=/dev/null "${GUICHETD:-build/release/guichetd}" --threads 1 &
	gpids="$gpids $!"
	bench_wait_healthy "http://127.0.0.1:$p"
done
pids="$pids $gpids"
wait_url "$SITE/readyz" 10 "$CLUSTER_DIR/haproxy.log"
echo "cluster bench: $PERSONS persons in the store (bench/platform_population_pg.sql)"
psql -X -q -v ON_ERROR_STOP=1 -v n="$PERSONS" -d "$PG_CONNINFO" -f bench/platform_population_pg.sql
echo "cluster bench: preparing $DRAFTS drafts for each phase"
node bench/prepare_drafts.mjs "$SITE" "$DRAFTS" "$WORK/three.lua" 1985031410148 >"$WORK/three.json"
node bench/prepare_drafts.mjs "$SITE" "$DRAFTS" "$WORK/one.lua" 1990072117589 >"$WORK/one.json"
node bench/prepare_drafts.mjs "$SITE" 12 "$WORK/other.lua" 1972110213859 >"$WORK/other.json"
field() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]])' "$1" "$2"; }
SPACE2=$(field "$WORK/other.json" space)
COOKIE2=$(field "$WORK/other.json" cookie)
psql -X -q -d "$PG_CONNINFO" -c 'VACUUM ANALYZE'
psql -X -q -d "$PG_CONNINFO" -c CHECKPOINT

rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
# A latency percentile of wrk's, in ms (wrk writes us, ms or s).
pct() {
	awk -v q="$2" '$1 == q { v = $2; f = 1; if (v ~ /us$/) f = 0.001; else if (v ~ /ms$/) f = 1; else if (v ~ /s$/) f = 1000;
		sub(/[um]?s$/, "", v); printf "%.2f\n", v * f }' "$1"
}
non2xx() { awk '/Non-2xx/ { n = $NF } END { print n + 0 }' "$1"; }
# What a submission costs, whatever the machine's load: the messages
# guichetd's libpq connections send (send(2): HTTP answers go out with
# writev) and the CPU time of guichetd and of the PostgreSQL backends serving
# it, counted by perf while wrk submits, per request wrk made. Needs perf and
# root; "-" otherwise.
count_costs() { # NAME GUICHETD_PIDS (comma-separated)
	perf_pids=""
	command -v perf >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] || return 0
	backends=$(psql -X -q -At -d "$PG_CONNINFO" -c \
		"SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE application_name = 'guichet'")
	perf stat -x, -e task-clock,syscalls:sys_enter_sendto -p "$2" -o "$WORK/$1.perf" -- sleep "$DURATION" 2>/dev/null &
	perf_pids=$!
	if [ -n "$backends" ]; then
		perf stat -x, -e task-clock -p "$backends" -o "$WORK/$1.pgperf" -- sleep "$DURATION" 2>/dev/null &
		perf_pids="$perf_pids $!"
	fi
}
# per_request NAME FILE EVENT SCALE: EVENT's count in FILE per request of the phase, times SCALE.
per_request() {
	[ -f "$WORK/$2" ] || { echo -; return; }
	n=$(awk -F, -v e="$3" '$3 ~ e { print $1 }' "$WORK/$2")
	r=$(awk '/requests in/ { print $1 }' "$WORK/$1.submit")
	awk -v n="$n" -v r="$r" -v k="$4" 'BEGIN { if (r > 0 && n != "") printf "%.3f", n * k / r; else print "-" }'
}
# phase NAME URL PIDS: submissions, then the overview of the 12-item space, at URL.
phase() {
	count_costs "$1" "$3"
	wrk -t1 -c64 -d"${DURATION}s" --latency -s "$WORK/$1.lua" "$2" >"$WORK/$1.submit"
	for p in $perf_pids; do wait "$p" 2>/dev/null || true; done
	wrk -t1 -c64 -d"${DURATION}s" --latency -H "Cookie: $COOKIE2" "$2/api/v1/spaces/$SPACE2/overview" >"$WORK/$1.overview"
	wrk -t1 -c64 -d"${DURATION}s" --latency "$2/hello" >"$WORK/$1.hello"
	{
		echo "submit_rps $(rps "$WORK/$1.submit")"
		echo "submit_p50 $(pct "$WORK/$1.submit" 50%)"
		echo "submit_p99 $(pct "$WORK/$1.submit" 99%)"
		echo "submit_non2xx $(non2xx "$WORK/$1.submit")"
		echo "overview_rps $(rps "$WORK/$1.overview")"
		echo "overview_p50 $(pct "$WORK/$1.overview" 50%)"
		echo "overview_p99 $(pct "$WORK/$1.overview" 99%)"
		echo "hello_rps $(rps "$WORK/$1.hello")"
		echo "sends_per_submission $(per_request "$1" "$1.perf" sys_enter_sendto 1)"
		echo "guichetd_cpu_ms $(per_request "$1" "$1.perf" task-clock 1)"
		echo "postgresql_cpu_ms $(per_request "$1" "$1.pgperf" task-clock 1)"
	} >"$WORK/$1.summary"
	echo "  $1: submissions $(rps "$WORK/$1.submit")/s (p99 $(pct "$WORK/$1.submit" 99%), non-2xx $(non2xx "$WORK/$1.submit")), overview $(rps "$WORK/$1.overview")/s (p99 $(pct "$WORK/$1.overview" 99%))"
}
echo "== three guichetd behind HAProxy"
set -- $gpids
phase three "$SITE" "$1,$2,$3"
echo "== one guichetd (the two others stopped), straight to it"
kill "$2" "$3"
wait "$2" "$3" 2>/dev/null || true
phase one "http://127.0.0.1:$G1" "$1"

# A figure of a phase's summary (latencies in ms, whatever unit wrk gave).
get() {
	awk -v k="$2" '$1 == k { v = $2; f = 1; if (v ~ /us$/) f = 0.001; else if (v ~ /ms$/) f = 1; else if (v ~ /s$/) f = 1000;
		if (v ~ /s$/) { sub(/[um]?s$/, "", v); printf "%.2f\n", v * f } else print v }' "$WORK/$1.summary"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
row() { # label key
	s=$(get sqlite "$2") o=$(get one "$2") t=$(get three "$2")
	printf '| %s | %s | %s (**%s**) | %s (**%s**) |\n' "$1" "$s" "$o" "$(ratio "$o" "$s")" "$t" "$(ratio "$t" "$s")"
}
{
	echo "### The cluster against SQLite, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "BENCH_PERSONS=$PERSONS BENCH_DRAFTS=$DRAFTS BENCH_SECONDS=$DURATION GUICHETD=${GUICHETD:-build/release/guichetd} sh bench/cluster.sh"
	echo
	echo "| | SQLite, one guichetd | PostgreSQL (Patroni, synchronous standby), one guichetd (/ SQLite) | the same, three guichetd behind HAProxy (/ SQLite) |"
	echo "|---|---:|---:|---:|"
	row "durable submissions, req/s" submit_rps
	row "submissions p50, ms" submit_p50
	row "submissions p99, ms" submit_p99
	row "submissions answered other than 201" submit_non2xx
	row "overview API (12 items), req/s" overview_rps
	row "overview API p50, ms" overview_p50
	row "overview API p99, ms" overview_p99
	row "/hello req/s (same path)" hello_rps
	echo
	echo "Per submission (perf, while wrk submitted): one guichetd / three behind HAProxy"
	echo
	echo "| | one | three |"
	echo "|---|---:|---:|"
	echo "| messages sent by guichetd's libpq connections (send(2)) | $(get one sends_per_submission) | $(get three sends_per_submission) |"
	echo "| CPU of guichetd, ms | $(get one guichetd_cpu_ms) | $(get three guichetd_cpu_ms) |"
	echo "| CPU of the PostgreSQL backends serving guichetd, ms | $(get one postgresql_cpu_ms) | $(get three postgresql_cpu_ms) |"
} | tee "$OUT"
