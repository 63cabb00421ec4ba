#!/bin/sh
# The back office at a commune's scale (issue 11): the commune holds
# BENCH_CASES cases (bench/backoffice_cases.sql, written straight into the
# store; the seeded store is kept in build/bench/ for the next run, a copy
# is benched). Its machine client reads the inbox through the organisation
# API, first page and filtered pages, and an agent reads it as the back
# office's page; each against guichetd's own GET /hello in the same run,
# saturated, then at about half that rate for the p99 latency (wrk's
# per-connection delay). Then durable status changes: each request moves
# another case to its next status, with its own Idempotency-Key and the
# case's revision in If-Match (bench/backoffice_status.lua).
# Env: BENCH_CASES (1000000), BENCH_SECONDS (8), BENCH_CONNECTIONS (64).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init backoffice
CASES=${BENCH_CASES:-1000000}
DURATION=${BENCH_SECONDS:-8}
CONNS=${BENCH_CONNECTIONS:-64}
AGENT=1990072117589   # the commune's administrator in the seed (a demo person of the provider)
HANDLER=1995010924986 # one of its handlers
STORE=build/bench/backoffice-$CASES.db

# guichetd_start DB: guichetd on DB and $GD_PORT in the background ($GD_PID).
guichetd_start() {
	GUICHET_LISTEN_PORT=$GD_PORT GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER=${ISSUER:-http://127.0.0.1:9} \
		GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_STORE_SQLITE_PATH="$1" \
		GUICHET_RECEIPTS_KEY_FILE="$WORK/key" GUICHET_LOG_PATH=/dev/null build/release/guichetd --threads 1 &
	GD_PID=$!
	pids="$pids $GD_PID"
	bench_wait_healthy "$SITE"
}
GD_PORT=$(bench_port)
SITE="http://127.0.0.1:$GD_PORT"

if [ ! -f "$STORE" ]; then
	mkdir -p build/bench
	rm -f "$STORE.new" "$STORE.new-wal" "$STORE.new-shm"
	guichetd_start "$STORE.new" # migrates the empty store to the current schema
	kill "$GD_PID"
	wait "$GD_PID"
	echo "backoffice bench: seeding $CASES cases into $STORE"
	/usr/bin/time -f "backoffice bench: seed took %e s" \
		sqlite3 -cmd ".parameter set :n $CASES" "$STORE.new" <bench/backoffice_cases.sql >/dev/null
	mv "$STORE.new" "$STORE"
fi
cp "$STORE" "$WORK/db"
sync # the copy goes to disk now, not during the status changes' fsyncs

# The commune's machine client, registered before guichetd starts.
export GUICHET_STORE_SQLITE_PATH="$WORK/db" GUICHET_SITE_URL="$SITE"
build/release/guichetctl org clients keygen --private "$WORK/client.jwk" --public "$WORK/client.pub.jwk" 2>/dev/null
CLIENT=$(build/release/guichetctl org clients add commune --jwk "$WORK/client.pub.jwk" \
	--scopes submissions.read,submissions.write)
# A fresh access token (they live five minutes: one per wrk run).
token() {
	assertion=$(build/release/guichetctl org client-assertion --key "$WORK/client.jwk" --client "$CLIENT")
	curl -fsS "$SITE/api/org/v1/token" -d grant_type=client_credentials \
		-d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
		-d "client_assertion=$assertion" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

IDP_PORT=0 IDP_REDIRECT_URIS="$SITE/auth/callback" node idp/server.mjs >"$WORK/idp.log" 2>&1 &
pids="$pids $!"
bench_wait_issuer
guichetd_start "$WORK/db"
COOKIE=$(node bench/login.mjs "$SITE" "$AGENT")
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$SITE/backoffice/orgs/commune")" = 200 ] ||
	{ echo "the agent's session does not open the back office" >&2; exit 1; }

# The inbox's counts (kept by triggers) against the cases themselves.
STORED=$(sqlite3 "$WORK/db" "SELECT json_group_object(status, n) FROM (SELECT status, count(*) AS n FROM cases
	WHERE org_id = 'commune' GROUP BY status ORDER BY status)")
curl -fsS -H "Authorization: Bearer $(token)" "$SITE/api/org/v1/submissions?per_page=25" | node -e '
let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
  const b = JSON.parse(s), stored = JSON.parse(process.argv[1]);
  const total = Object.values(b.counts).reduce((a, n) => a + n, 0);
  if (JSON.stringify(b.counts) !== JSON.stringify(stored) || total !== Number(process.argv[2]) || b.items.length !== 25) {
    console.error("the inbox does not match the store:", JSON.stringify(b.counts), "stored", process.argv[1]);
    process.exit(1);
  }
  console.log(`backoffice bench: the inbox counts ${total} cases: ${JSON.stringify(b.counts)}`);
});' "$STORED" "$CASES"

rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct() { awk -v q="$2" '$1 == q { print $2 }' "$1"; }
non2xx() { awk '/^  Non-2xx/ { n = $NF } END { print n + 0 }' "$1"; }
echo "backoffice bench: $CASES cases, wrk -t1 -c$CONNS -d${DURATION}s, guichetd --threads 1; load before: $(uptime | sed 's/.*load average: //')"
wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$SITE/hello" >"$WORK/hello"
HELLO=$(rps "$WORK/hello")
printf '  %-46s %8.0f req/s  p50 %8s  p99 %8s\n' "guichetd /hello" "$HELLO" "$(pct "$WORK/hello" 50%)" "$(pct "$WORK/hello" 99%)"

# bench NAME PATH HEADER: saturated, then at about half that rate (connections
# that wait between requests, enough of them that the wait is a few ms).
bench() {
	wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -H "$3" "$SITE$2" >"$WORK/full"
	full=$(rps "$WORK/full")
	half_conns=$(echo "$full" | awk -v max="$CONNS" '{ c = int($1 / 2 * 0.005 + 0.5); print (c < 16 ? 16 : c > max ? max : c) }')
	delay=$(echo "$full" | awk -v c="$half_conns" '{ d = c * 1000 / ($1 / 2); printf "%d", (d < 1 ? 1 : d + 0.5) }')
	printf 'function delay()\n  return %s\nend\n' "$delay" >"$WORK/delay.lua"
	wrk -t1 -c"$half_conns" -d"${DURATION}s" --latency -s "$WORK/delay.lua" -H "$3" "$SITE$2" >"$WORK/half"
	for f in full half; do
		if [ "$(non2xx "$WORK/$f")" -ne 0 ] || grep -q 'Socket errors' "$WORK/$f"; then
			echo "$1 failed:" >&2; cat "$WORK/$f" >&2; exit 1
		fi
	done
	printf '  %-46s %8.0f req/s  p50 %8s  p99 %8s  %.2f x hello\n' "$1, saturated" "$full" \
		"$(pct "$WORK/full" 50%)" "$(pct "$WORK/full" 99%)" "$(echo "$full $HELLO" | awk '{ print $1 / $2 }')"
	printf '  %-46s %8.0f req/s  p50 %8s  p99 %8s  (%s connections, %s ms apart)\n' "$1, ~half rate" \
		"$(rps "$WORK/half")" "$(pct "$WORK/half" 50%)" "$(pct "$WORK/half" 99%)" "$half_conns" "$delay"
}
BEARER="Authorization: Bearer $(token)"
bench "API inbox, first page" "/api/org/v1/submissions?per_page=25" "$BEARER"
bench "API inbox, status=in_processing" "/api/org/v1/submissions?status=in_processing&per_page=25" "$BEARER"
BEARER="Authorization: Bearer $(token)"
bench "API inbox, assignee=(a handler)" "/api/org/v1/submissions?assignee=$HANDLER&per_page=25" "$BEARER"
bench "API inbox, turn=person" "/api/org/v1/submissions?turn=person&per_page=25" "$BEARER"
bench "page /backoffice/orgs/commune (agent)" "/backoffice/orgs/commune" "Cookie: $COOKIE"

# Durable status changes: every open case in the organisation's turn whose
# status leads to one that is not final (the first such of its "to"), in an order that scatters
# them over the store, each moved once.
sqlite3 "$WORK/db" >"$WORK/walk" <<'EOF'
WITH procedure(id, statuses) AS (
	SELECT p.id, json_extract(readfile('procedures/' || p.id || '.json'), '$.statuses')
	FROM (SELECT DISTINCT procedure_id AS id FROM cases WHERE org_id = 'commune') p),
next AS (
	SELECT p.id, s.key AS status, (
		SELECT t.value FROM json_each(s.value, '$.to') t
		WHERE NOT coalesce(json_extract(p.statuses, '$.' || t.value || '.final'), 0)
		ORDER BY t.key LIMIT 1) AS next
	FROM procedure p, json_each(p.statuses) s)
SELECT c.submission_id || ' ' || c.revision || ' ' || n.next
FROM cases c JOIN next n ON n.id = c.procedure_id AND n.status = c.status
WHERE c.org_id = 'commune' AND NOT c.final AND c.turn = 'organisation' AND n.next IS NOT NULL
ORDER BY c.submission_id * 2654435761 % 4294967296;
EOF
WALK=$(wc -l <"$WORK/walk")
RUN=bench-$(date +%s)
wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -H "Authorization: Bearer $(token)" -s bench/backoffice_status.lua \
	"$SITE" -- "$WORK/walk" "$RUN" >"$WORK/status"
SENT=$(awk '/requests in/ { print $1 }' "$WORK/status")
FAILED=$(non2xx "$WORK/status")
STORED_MOVES=$(sqlite3 "$WORK/db" "SELECT count(*) FROM idempotency_keys WHERE key GLOB '$RUN-*'")
printf '  %-46s %8.0f req/s  p50 %8s  p99 %8s  %s sent, %s not 2xx, %s stored, %s cases to walk\n' \
	"status changes (200, durable)" "$(rps "$WORK/status")" "$(pct "$WORK/status" 50%)" "$(pct "$WORK/status" 99%)" \
	"$SENT" "$FAILED" "$STORED_MOVES" "$WALK"
if grep -q 'Socket errors' "$WORK/status"; then grep 'Socket errors' "$WORK/status"; fi
[ "$SENT" -le "$WALK" ] || echo "  (the walk ran out of cases: raise BENCH_CASES or lower BENCH_SECONDS)"
# The counts the triggers keep still agree with the cases.
sqlite3 "$WORK/db" "SELECT count(*) FROM (SELECT status, count(*) AS n FROM cases WHERE org_id = 'commune'
	GROUP BY status) a LEFT JOIN case_counts b ON b.org_id = 'commune' AND b.status = a.status
	WHERE b.n IS NOT a.n" | grep -qx 0 || { echo "case_counts disagree with the cases after the moves" >&2; exit 1; }
echo "backoffice bench: load after: $(uptime | sed 's/.*load average: //')"
