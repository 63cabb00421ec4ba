#!/bin/sh
# Two guichetd builds on one page, alternating in one sitting: for each
# round and build, a fresh guichetd (--threads 1, SQLite) with
# BENCH_PERSONS persons (bench/platform_population.sql) and one person with
# 12 drafts (bench/prepare_drafts.mjs), then two pairs of wrk runs
# (-t1 -c64 -d${BENCH_SECONDS}s): /hello, then the page. Prints req/s and
# guichetd's CPU time per page request (utime + stime from /proc around the
# run: what a loaded machine disturbs least).
# usage: GUICHETD_A=path GUICHETD_B=path sh bench/page_ab.sh [PAGE]
#   PAGE: a path where SPACE stands for the person's space (default
#   /spaces/SPACE/overview). Env: BENCH_PERSONS (20000), BENCH_SECONDS (4),
#   BENCH_ROUNDS (2).
set -eu
. "$(dirname "$0")/lib.sh"
A=${GUICHETD_A:?the first build}
B=${GUICHETD_B:?the second build}
PERSONS=${BENCH_PERSONS:-20000}
DURATION=${BENCH_SECONDS:-4}
ROUNDS=${BENCH_ROUNDS:-2}
PAGE_ARG=${1:-/spaces/SPACE/overview}

# one_build NAME BINARY: a guichetd of BINARY measured as above
one_build() {
	bench_init page-ab
	GD_PORT=$(bench_port)
	SITE="http://127.0.0.1:$GD_PORT"
	IDP_PORT=0 IDP_REDIRECT_URIS="$SITE/auth/callback" node idp/server.mjs >"$WORK/idp.log" 2>&1 &
	pids="$pids $!"
	bench_wait_issuer
	echo '{"registers": []}' >"$WORK/registers.json"
	GUICHET_STORE_SQLITE_PATH="$WORK/db" GUICHET_LISTEN_PORT=$GD_PORT GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER=$ISSUER \
		GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_SOURCES_REGISTERS="$WORK/registers.json" \
		GUICHET_RECEIPTS_KEY_FILE="$WORK/key" GUICHET_LOG_PATH=/dev/null "$2" --threads 1 &
	gpid=$!
	pids="$pids $gpid"
	bench_wait_healthy "$SITE"
	sqlite3 -cmd ".parameter set :n $PERSONS" "$WORK/db" <bench/platform_population.sql
	info=$(node bench/prepare_drafts.mjs "$SITE" 12 "$WORK/other.lua" 1972110213859)
	space=$(echo "$info" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).space))')
	cookie=$(echo "$info" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).cookie))')
	page=$(echo "$PAGE_ARG" | sed "s|SPACE|$space|")
	for i in 1 2; do
		wrk -t1 -c64 -d"${DURATION}s" "$SITE/hello" >"$WORK/hello"
		c0=$(awk '{ print $14 + $15 }' /proc/$gpid/stat)
		wrk -t1 -c64 -d"${DURATION}s" -H "Cookie: $cookie" "$SITE$page" >"$WORK/page"
		c1=$(awk '{ print $14 + $15 }' /proc/$gpid/stat)
		grep -q 'Non-2xx' "$WORK/page" && { echo "$page: not 2xx" >&2; exit 1; }
		n=$(awk '/requests in/ { print $1 }' "$WORK/page")
		printf '  %s  hello %8.0f req/s  %s %8.0f req/s  CPU %.4f ms/request  (load %s)\n' "$1" \
			"$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/hello")" "$page" \
			"$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/page")" \
			"$(echo "$c0 $c1 $n $(getconf CLK_TCK)" | awk '{ print ($2 - $1) * 1000 / $4 / $3 }')" \
			"$(cut -d' ' -f1 /proc/loadavg)"
	done
	bench_cleanup
	trap - EXIT INT TERM
}

r=1
while [ $r -le "$ROUNDS" ]; do
	(one_build A "$A")
	(one_build B "$B")
	r=$((r + 1))
done
