#!/bin/sh
# The two store backends on the same machine in the same run (issue 12):
# bench/submissions.sh on SQLite and on PostgreSQL (a throwaway PostgreSQL
# 15 cluster on the same disk, fsync and synchronous_commit on), one
# guichetd (--threads 1) each time, alternating for BENCH_ROUNDS rounds; the
# best round of each backend is kept per figure (highest req/s, with its own
# p50 and p99), as bench/run.sh does. Prints, and writes to
# build/bench/store_compare.md, durable submissions/s and the overview API's
# req/s and p99 on both, and PostgreSQL's ratio to SQLite.
# Env: as bench/submissions.sh (BENCH_PERSONS, BENCH_DRAFTS, BENCH_SECONDS);
# BENCH_ROUNDS (2), BENCH_ORDER (default "sqlite postgresql"). A round whose
# submissions ran out of drafts (answers other than 201) does not count for
# the submissions: raise BENCH_DRAFTS.
set -eu
export BENCH_SECONDS=${BENCH_SECONDS:-3} BENCH_DRAFTS=${BENCH_DRAFTS:-60000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${BENCH_OUT:-build/bench/store_compare.md}
ROUNDS=${BENCH_ROUNDS:-2}
mkdir -p "$(dirname "$OUT")"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/guichet-store-compare.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
r=1
while [ "$r" -le "$ROUNDS" ]; do
	for store in ${BENCH_ORDER:-sqlite postgresql}; do
		echo "== round $r: $store"
		BENCH_STORE=$store BENCH_SUMMARY="$TMP/$store.$r" BENCH_PAGES=0 sh bench/submissions.sh
	done
	r=$((r + 1))
done
# best STORE KEY: the round with the highest KEY_rps; prints "rps p50 p99" of
# that round (submissions: only rounds where every answer was a 201).
best() {
	for f in "$TMP/$1".*; do
		awk -v k="$2" '$1 == k "_rps" { r = $2 } $1 == k "_p50" { a = $2 } $1 == k "_p99" { b = $2 }
			$1 == "submit_non2xx" { bad = $2 } END { if (k != "submit" || bad == 0) print r, a, b }' "$f"
	done | sort -k1,1 -g -r | head -n 1
}
{
	echo "### Store backends, $(date -u '+%Y-%m-%d %H:%M UTC'), best of $ROUNDS alternating rounds:"
	echo "BENCH_PERSONS=${BENCH_PERSONS:-660000} BENCH_DRAFTS=$BENCH_DRAFTS BENCH_SECONDS=$BENCH_SECONDS BENCH_ROUNDS=$ROUNDS sh bench/store_compare.sh"
	echo
	echo "| | SQLite req/s (p50, p99) | PostgreSQL req/s (p50, p99) | PostgreSQL / SQLite |"
	echo "|---|---:|---:|---:|"
	for k in submit overview; do
		set -- $(best sqlite $k) $(best postgresql $k)
		[ $# -eq 6 ] || { echo "| $k | no valid round (raise BENCH_DRAFTS) | | |"; continue; }
		echo "$k $*" | awk '{ printf "| %s | %.0f (%s, %s) | %.0f (%s, %s) | **%.2f** |\n", $1, $2, $3, $4, $5, $6, $7, $5 / $2 }'
	done
	for store in sqlite postgresql; do
		printf '| %s, each round: submissions/s (non-201), /hello req/s | %s |\n' "$store" \
			"$(for f in "$TMP/$store".*; do awk '$1 == "submit_rps" { s = $2 } $1 == "submit_non2xx" { b = $2 }
				$1 == "hello_rps" { h = $2 } END { printf "%.0f (%d), %.0f; ", s, b, h }' "$f"; done)"
	done
} | tee "$OUT"
