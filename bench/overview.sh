#!/bin/sh
# The overview of a large company's space (issue 15): a professional space
# holding BENCH_ITEMS items (bench/overview_items.sql, written straight into
# the store; the seeded store is kept in build/bench/ for the next run, a
# copy is benched), read by a member through the API (first page, filtered
# pages, a page from the middle) and as the overview page, then by a member
# limited to one procedure; each against guichetd's own GET /hello in the
# same run, saturated, then at about half that rate for the p99 latency
# (wrk's per-connection delay). The counts per status the store keeps are
# checked against the items first.
# Env: BENCH_ITEMS (100000), BENCH_SECONDS (8), BENCH_CONNECTIONS (64),
# BENCH_STORE (sqlite, or postgresql: a throwaway PostgreSQL cluster on the
# same disk, tests/pg_cluster.sh, seeded by bench/overview_items_pg.sql on
# every run).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init overview
ITEMS=${BENCH_ITEMS:-100000}
DURATION=${BENCH_SECONDS:-8}
CONNS=${BENCH_CONNECTIONS:-64}
MEMBER=1985031410148   # a demo person of the provider
LIMITED=1990072117589  # another
SPACE=1000000
STORE=build/bench/overview-$ITEMS.db
BACKEND=${BENCH_STORE:-sqlite}
if [ "$BACKEND" = postgresql ]; then
	chmod 0755 "$WORK" # the cluster's owner (postgres, when run as root) goes through it
	PG_EXTRA_OPTIONS="-c shared_buffers=256MB" sh tests/pg_cluster.sh start "$WORK/pg" >"$WORK/conninfo"
	psql -X -q -d "$(cat "$WORK/conninfo")" -c 'CREATE DATABASE guichet_bench'
	PG_CONNINFO="$(cat "$WORK/conninfo") dbname=guichet_bench"
	export GUICHET_STORE_BACKEND=postgresql GUICHET_STORE_POSTGRESQL_CONNINFO="$PG_CONNINFO"
fi
store_sql() {
	if [ "$BACKEND" = postgresql ]; then psql -X -q -At -v ON_ERROR_STOP=1 -d "$PG_CONNINFO" -c "$1"
	else sqlite3 "$WORK/db" ".timeout 5000" "$1"; fi
}

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

if [ "$BACKEND" = postgresql ]; then
	guichetd_start "$WORK/db" # migrates the empty database to the current schema
	kill "$GD_PID"
	wait "$GD_PID" || true
	echo "overview bench: seeding $ITEMS items into PostgreSQL"
	seed_start=$(date +%s)
	lo=1
	while [ "$lo" -le "$ITEMS" ]; do # chunks of 5,000, each committed (see the filler)
		hi=$((lo + 4999))
		[ "$hi" -le "$ITEMS" ] || hi=$ITEMS
		psql -X -q -v n="$ITEMS" -v lo="$lo" -v hi="$hi" -v first="$([ "$lo" -eq 1 ] && echo true || echo false)" \
			-v last="$([ "$hi" -eq "$ITEMS" ] && echo true || echo false)" -d "$PG_CONNINFO" \
			-f bench/overview_items_pg.sql >/dev/null
		lo=$((hi + 1))
	done
	echo "overview bench: seed took $(($(date +%s) - seed_start)) s"
elif [ ! -f "$STORE" ]; then
	mkdir -p build/bench
	rm -f "$STORE.new" "$STORE.new-wal" "$STORE.new-shm"
	guichetd_start "$STORE.new" # migrates the empty store to the current schema
	kill "$GD_PID"
	wait "$GD_PID"
	echo "overview bench: seeding $ITEMS items into $STORE"
	/usr/bin/time -f "overview bench: seed took %e s" \
		sqlite3 -cmd ".parameter set :n $ITEMS" "$STORE.new" <bench/overview_items.sql >/dev/null
	mv "$STORE.new" "$STORE"
fi
[ "$BACKEND" = postgresql ] || cp "$STORE" "$WORK/db"

IDP_PORT=0 IDP_REDIRECT_URIS="$SITE/auth/callback" node idp/server.mjs >"$WORK/idp.log" 2>&1 &
pids="$pids $!"
bench_wait_issuer
guichetd_start "$WORK/db"
COOKIE=$(node bench/login.mjs "$SITE" "$MEMBER")
LIMITED_COOKIE=$(node bench/login.mjs "$SITE" "$LIMITED")
# The two are members of the company's space: one for every procedure, one for the VAT registration only.
store_sql "INSERT INTO space_members (space_id, person_id, role, procedures, since_us)
	SELECT $SPACE, id, 'member', NULL, 0 FROM persons WHERE national_id = '$MEMBER';
	INSERT INTO space_members (space_id, person_id, role, procedures, since_us)
	SELECT $SPACE, id, 'member', '[\"vat-registration\"]', 0 FROM persons WHERE national_id = '$LIMITED'"

# The counts the store keeps, against the items themselves; and a position in the middle.
if [ "$BACKEND" = postgresql ]; then
	STORED=$(store_sql "SELECT json_build_object('all', count(*), 'drafts', count(*) FILTER (WHERE kind = 'draft'),
		'active', count(*) FILTER (WHERE kind = 'submission' AND status NOT IN ('completed', 'rejected')),
		'completed', count(*) FILTER (WHERE kind = 'submission' AND status IN ('completed', 'rejected')),
		'action', sum(action_needed)) FROM space_items WHERE space_id = $SPACE")
else
	STORED=$(store_sql "SELECT json_object('all', count(*), 'drafts', sum(kind = 'draft'),
		'active', sum(kind = 'submission' AND status NOT IN ('completed', 'rejected')),
		'completed', sum(kind = 'submission' AND status IN ('completed', 'rejected')), 'action', sum(action_needed))
		FROM space_items WHERE space_id = $SPACE")
fi
MIDDLE=$(store_sql "SELECT updated_at_us || '.' || id || '.' || substr(kind, 1, 1) FROM space_items
	WHERE space_id = $SPACE ORDER BY updated_at_us DESC, id DESC, kind LIMIT 1 OFFSET $((ITEMS / 2))")
curl -fsS -H "Cookie: $COOKIE" "$SITE/api/v1/spaces/$SPACE/overview?per_page=20" | node -e '
let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
  const b = JSON.parse(s), stored = JSON.parse(process.argv[1]);
  if (JSON.stringify(b.counts) !== JSON.stringify(stored) || b.items.length !== 20 || !b.next) {
    console.error("the overview does not match the store:", JSON.stringify(b.counts), "stored", process.argv[1]);
    process.exit(1);
  }
  console.log(`overview bench: the space counts ${b.counts.all} items: ${JSON.stringify(b.counts)}`);
});' "$STORED"

rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct() { awk -v q="$2" '$1 == q { print $2 }' "$1"; }
non2xx() { awk '/^  Non-2xx/ { n = $NF } END { print n + 0 }' "$1"; }
echo "overview bench ($BACKEND): $ITEMS items, wrk -t1 -c$CONNS -d${DURATION}s, guichetd --threads 1; load before: $(uptime | sed 's/.*load average: //')"
wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$SITE/hello" >"$WORK/hello"
HELLO=$(rps "$WORK/hello")
printf '  %-52s %8.0f req/s  p50 %8s  p99 %8s\n' "guichetd /hello" "$HELLO" "$(pct "$WORK/hello" 50%)" "$(pct "$WORK/hello" 99%)"

# bench NAME PATH COOKIE: saturated, then at about half that rate.
bench() {
	wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -H "Cookie: $3" "$SITE$2" >"$WORK/full"
	full=$(rps "$WORK/full")
	half_conns=$(echo "$full" | awk -v max="$CONNS" '{ c = int($1 / 2 * 0.005 + 0.5); print (c < 16 ? 16 : c > max ? max : c) }')
	delay=$(echo "$full" | awk -v c="$half_conns" '{ d = c * 1000 / ($1 / 2); printf "%d", (d < 1 ? 1 : d + 0.5) }')
	printf 'function delay()\n  return %s\nend\n' "$delay" >"$WORK/delay.lua"
	wrk -t1 -c"$half_conns" -d"${DURATION}s" --latency -s "$WORK/delay.lua" -H "Cookie: $3" "$SITE$2" >"$WORK/half"
	for f in full half; do
		if [ "$(non2xx "$WORK/$f")" -ne 0 ] || grep -q 'Socket errors' "$WORK/$f"; then
			echo "$1 failed:" >&2; cat "$WORK/$f" >&2; exit 1
		fi
	done
	printf '  %-52s %8.0f req/s  p50 %8s  p99 %8s  %.2f x hello\n' "$1, saturated" "$full" \
		"$(pct "$WORK/full" 50%)" "$(pct "$WORK/full" 99%)" "$(echo "$full $HELLO" | awk '{ print $1 / $2 }')"
	printf '  %-52s %8.0f req/s  p50 %8s  p99 %8s  (%s connections, %s ms apart)\n' "$1, ~half rate" \
		"$(rps "$WORK/half")" "$(pct "$WORK/half" 50%)" "$(pct "$WORK/half" 99%)" "$half_conns" "$delay"
}
O="/api/v1/spaces/$SPACE/overview"
bench "API overview, first page" "$O?per_page=20" "$COOKIE"
bench "API overview, filter=completed" "$O?filter=completed&per_page=20" "$COOKIE"
bench "API overview, filter=action" "$O?filter=action&per_page=20" "$COOKIE"
bench "API overview, the page after item $((ITEMS / 2))" "$O?per_page=20&after=$MIDDLE" "$COOKIE"
bench "page /spaces/$SPACE/overview" "/spaces/$SPACE/overview" "$COOKIE"
bench "API overview, a member limited to one procedure" "$O?per_page=20" "$LIMITED_COOKIE"
