#!/bin/sh
# What a session costs: the same guichetd answers an anonymous GET /hello and
# a logged-in GET /space (session cookie looked up, authorization decided, a
# 303 to the person's space), alternately, with the same wrk settings. The
# target: the logged-in request costs at most 10% more (ratio >= 0.91).
# Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_ROUNDS (2).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init session
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
ROUNDS=${BENCH_ROUNDS:-2}
GD_PORT=$(bench_port)
SITE="http://127.0.0.1:$GD_PORT"
WRK_CPU="" SRV_CPU=""
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then WRK_CPU="taskset -c 0" SRV_CPU="taskset -c 1"; fi

IDP_PORT=0 IDP_REDIRECT_URIS="$SITE/auth/callback" IDP_POST_LOGOUT_REDIRECT_URIS="$SITE/" \
	node idp/server.mjs >"$WORK/idp.log" 2>&1 &
pids="$pids $!"
bench_wait_issuer

# shellcheck disable=SC2086
GUICHET_LISTEN_PORT=$GD_PORT GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER=$ISSUER \
	GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_STORE_SQLITE_PATH="$WORK/db" \
	GUICHET_LOG_PATH=/dev/null $SRV_CPU build/release/guichetd --threads 1 &
pids="$pids $!"
bench_wait_healthy "$SITE"
COOKIE=$(node bench/login.mjs "$SITE")
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$SITE/space")" = 303 ] || { echo "the session does not work" >&2; exit 1; }

rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
p99() { awk '$1 == "99%" { print $2 }' "$1"; }
echo "session bench: wrk -t1 -c$CONNS -d${DURATION}s, guichetd --threads 1, $ROUNDS alternating rounds"
best_anon=0 best_sess=0
r=1
while [ $r -le "$ROUNDS" ]; do
	# shellcheck disable=SC2086
	$WRK_CPU wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$SITE/hello" >"$WORK/anon.$r"
	# shellcheck disable=SC2086
	$WRK_CPU wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -H "Cookie: $COOKIE" "$SITE/space" >"$WORK/sess.$r"
	if grep -q 'Non-2xx' "$WORK/sess.$r"; then echo "logged-in requests failed:" >&2; cat "$WORK/sess.$r" >&2; exit 1; fi
	printf '  round %s: anonymous /hello %8.0f req/s (p99 %s)   logged-in /space %8.0f req/s (p99 %s)\n' \
		"$r" "$(rps "$WORK/anon.$r")" "$(p99 "$WORK/anon.$r")" "$(rps "$WORK/sess.$r")" "$(p99 "$WORK/sess.$r")"
	best_anon=$(echo "$best_anon $(rps "$WORK/anon.$r")" | awk '{ print ($2 > $1 ? $2 : $1) }')
	best_sess=$(echo "$best_sess $(rps "$WORK/sess.$r")" | awk '{ print ($2 > $1 ? $2 : $1) }')
	r=$((r + 1))
done
echo "$best_anon $best_sess" | awk '{ printf "best: anonymous %.0f req/s, logged-in %.0f req/s; ratio %.2f (target >= 0.91: %s)\n",
	$1, $2, $2 / $1, ($2 / $1 >= 0.91 ? "met" : "NOT met") }'
