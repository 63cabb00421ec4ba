#!/bin/sh
# The transparency log's benchmarks (docs/performance.md, docs/transparency.md):
#
# 1. Durable writes with the log on against the same with it off, in the
#    same run (build/release/bench/tlog_bench commit, alternating rounds):
#    requests writing two access records each (My data from two registers:
#    every record becomes a leaf in the same transaction), and requests
#    writing a row that is not an access record (a submission's kind: the
#    log has nothing to add). Target: on >= 0.8 x off.
# 2. An inclusion proof at BENCH_LEAVES (10,000,000) leaves: GET
#    /transparency/v1/inclusion of a random leaf, wrk, against /hello of the
#    same guichetd; then at about half that rate for the p99. Target: p99 < 5 ms.
# 3. The person's page with BENCH_RECORDS (10,000) records in that tree:
#    GET /access-log (25 records a page, each proof verified) and the API,
#    saturated and at about half rate. Target: p99 < 20 ms.
# The tree is made once (tlog_bench fill: the others' leaves in bulk, then
# the person's records through the real writer, then a signed checkpoint).
# Env: BENCH_SECONDS (5), BENCH_LEAVES (10000000), BENCH_RECORDS (10000),
# BENCH_ROUNDS (2), BENCH_STORE (sqlite or postgresql: a throwaway cluster,
# tests/pg_cluster.sh, for the commit part), BENCH_FILL (a folder to keep the
# tree in between runs; made when missing), BENCH_COMMIT (0: skip part 1).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init translog
DURATION=${BENCH_SECONDS:-5}
LEAVES=${BENCH_LEAVES:-10000000}
RECORDS=${BENCH_RECORDS:-10000}
ROUNDS=${BENCH_ROUNDS:-2}
STORE=${BENCH_STORE:-sqlite}
PERSON=1985031410148
TLOG=build/release/bench/tlog_bench
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct() { awk -v q="$2" '$1 == q { print $2 }' "$1"; }

echo "== 1. durable writes, the log on against off ($STORE)"
if [ "${BENCH_COMMIT:-1}" = 0 ]; then
	echo "  (skipped)"
elif [ "$STORE" = postgresql ]; then
	chmod 0755 "$WORK"
	PG_EXTRA_OPTIONS="-c shared_buffers=256MB" sh tests/pg_cluster.sh start "$WORK/pg" >"$WORK/conninfo"
	CONN=$(cat "$WORK/conninfo")
	fresh() { # a fresh database for each mode and round (tlog_bench --pg)
		r=0
		while [ $r -lt "$ROUNDS" ]; do
			for m in on off; do
				psql -X -q -d "$CONN" -c "DROP DATABASE IF EXISTS tlog_commit_${m}_$r" -c "CREATE DATABASE tlog_commit_${m}_$r"
			done
			r=$((r + 1))
		done
	}
	fresh
	"$TLOG" commit --pg "$CONN" --seconds "$DURATION" --rounds "$ROUNDS" --writes records
	fresh
	"$TLOG" commit --pg "$CONN" --seconds "$DURATION" --rounds "$ROUNDS" --writes others
else
	mkdir -p "$WORK/commit"
	"$TLOG" commit --db "$WORK/commit" --seconds "$DURATION" --rounds "$ROUNDS" --writes records
	rm -f "$WORK/commit"/*
	"$TLOG" commit --db "$WORK/commit" --seconds "$DURATION" --rounds "$ROUNDS" --writes others
	rm -rf "$WORK/commit"
fi

echo "== 2-3. a tree of $LEAVES leaves, $RECORDS of them one person's records (sqlite)"
# BENCH_FILL (a folder): the tree is kept there, and made only when missing.
FILL=${BENCH_FILL:-$WORK/fill}
mkdir -p "$FILL"
if [ ! -f "$FILL/fill.db" ]; then
	"$TLOG" fill --db "$FILL" --leaves "$LEAVES" --subject "$PERSON" --records "$RECORDS" \
		--key "$FILL/translog.key" --origin bench.localhost/access-log
fi
# Warm: the tree's file in the system's cache, as a serving store's hot set is.
cat "$FILL/fill.db" >/dev/null
GD_PORT=$(bench_port)
SITE="http://127.0.0.1:$GD_PORT"
IDP_PORT=0 IDP_REDIRECT_URIS="$SITE/auth/callback" node idp/server.mjs >"$WORK/idp.log" 2>&1 &
pids="$pids $!"
bench_wait_issuer
GUICHET_LISTEN_PORT=$GD_PORT GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER=$ISSUER \
	GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_STORE_BACKEND=sqlite \
	GUICHET_STORE_SQLITE_PATH="$FILL/fill.db" GUICHET_RECEIPTS_KEY_FILE="$WORK/receipt.key" \
	GUICHET_TRANSLOG_KEY_FILE="$FILL/translog.key" GUICHET_TRANSLOG_ORIGIN=bench.localhost/access-log \
	GUICHET_LOG_PATH=/dev/null build/release/guichetd --threads 1 &
GD_PID=$!
pids="$pids $GD_PID"
bench_wait_healthy "$SITE"
COOKIE=$(node bench/login.mjs "$SITE" "$PERSON")
# The page must show proven records, and a proof must come back.
curl -fsS -H "Cookie: $COOKIE" "$SITE/api/v1/access-log?limit=25" | node -e '
let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
  const b = JSON.parse(s);
  if (b.records.length !== 25 || b.records.some((r) => r.proof !== "proven")) { console.error("not proven:", s.slice(0, 300)); process.exit(1); }
});'
curl -fsS "$SITE/transparency/v1/inclusion?index=$((LEAVES / 2))&size=$LEAVES" | grep -q '"proof"'
cat >"$WORK/inclusion.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/transparency/v1/inclusion?index=" .. math.random(0, $LEAVES - 1) .. "&size=$LEAVES")
end
LUA

# guichetd's CPU time (user + system, clock ticks) so far: latencies on a
# busy machine mostly measure waiting for a core, its CPU time per request
# does not.
ticks() { awk '{ print $14 + $15 }' "/proc/$GD_PID/stat"; }
run() { # name, wrk args...
	name=$1
	shift
	t0=$(ticks)
	wrk -t1 -d"${DURATION}s" --latency "$@" >"$WORK/$name"
	t1=$(ticks)
	if grep -q 'Non-2xx\|Socket errors' "$WORK/$name"; then echo "$name: errors" >&2; cat "$WORK/$name" >&2; exit 1; fi
	n=$(awk '/requests in/ { print $1 }' "$WORK/$name")
	echo "$t0 $t1 $n $(getconf CLK_TCK)" | awk '{ printf "%.3f", ($2 - $1) * 1000 / $4 / ($3 > 0 ? $3 : 1) }' >"$WORK/$name.cpu"
}
half() { # name, full rps, wrk args...: 16 connections, each waiting, at about half the rate
	name=$1 full=$2
	shift 2
	d=$(echo "$full" | awk '{ d = 16 * 1000 / ($1 / 2); printf "%d", (d < 1 ? 1 : d) }')
	printf 'function delay()\n  return %s\nend\n' "$d" >"$WORK/delay.lua"
	run "$name" -c16 "$@"
}
run hello -c64 "$SITE/hello"
run warmup -c8 -s "$WORK/inclusion.lua" "$SITE"
run inclusion -c64 -s "$WORK/inclusion.lua" "$SITE"
run page -c64 -H "Cookie: $COOKIE" "$SITE/access-log"
run api -c64 -H "Cookie: $COOKIE" "$SITE/api/v1/access-log?limit=25"
cat "$WORK/inclusion.lua" >"$WORK/inclusion_half.lua"
d=$(rps "$WORK/inclusion" | awk '{ d = 16 * 1000 / ($1 / 2); printf "%d", (d < 1 ? 1 : d) }')
printf 'function delay()\n  return %s\nend\n' "$d" >>"$WORK/inclusion_half.lua"
run inclusion_half -c16 -s "$WORK/inclusion_half.lua" "$SITE"
half page_half "$(rps "$WORK/page")" -s "$WORK/delay.lua" -H "Cookie: $COOKIE" "$SITE/access-log"
half api_half "$(rps "$WORK/api")" -s "$WORK/delay.lua" -H "Cookie: $COOKIE" "$SITE/api/v1/access-log?limit=25"

echo "  load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
for x in hello inclusion inclusion_half page page_half api api_half; do
	printf '  %-24s %8.0f req/s  p50 %8s  p99 %8s  guichetd CPU %s ms/request\n' "$x" "$(rps "$WORK/$x")" \
		"$(pct "$WORK/$x" 50%)" "$(pct "$WORK/$x" 99%)" "$(cat "$WORK/$x.cpu")"
done
for x in inclusion page api; do
	echo "$x $(rps "$WORK/hello") $(rps "$WORK/$x")" | awk '{ printf "%s / hello: %.2f\n", $1, $3 / $2 }'
done
ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }'; }
echo "$(pct "$WORK/inclusion_half" 99% | ms)" | awk '{ printf "inclusion proof at half rate: p99 %.2f ms (target < 5: %s)\n", $1, ($1 < 5 ? "met" : "NOT met") }'
echo "$(pct "$WORK/page_half" 99% | ms)" | awk '{ printf "the page at half rate: p99 %.2f ms (target < 20: %s)\n", $1, ($1 < 20 ? "met" : "NOT met") }'
if [ "$STORE" = postgresql ]; then
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	pids=""
	sh tests/pg_cluster.sh remove "$WORK/pg"
fi
