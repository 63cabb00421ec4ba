#!/bin/sh
# Correction requests (docs/corrections.md), against guichetd's /hello in
# the same run:
#  - guichetd: POST /api/v1/corrections (multipart; a new Idempotency-Key
#    each: the check with the procedures' validator, the year's reference,
#    the Ed25519 receipt, the request and its first event committed through
#    group commit before 201), and GET /api/v1/corrections/{id} (the request
#    with its timeline and files);
#  - registryd: POST /v1/corrections (a new request id each: parsed against
#    the description, the record read, the request and its access-log row
#    committed before 201), and a page of the decisions feed.
# guichetd's sync is slowed down (corrections.sync_ms = 1 h) so that only
# the requests measured run. Env: BENCH_SECONDS (5).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init corrections
DURATION=${BENCH_SECONDS:-5}
ANNE=1985031410148
GD_PORT=$(bench_port)
REG_PORT=$(bench_port)
SITE="http://127.0.0.1:$GD_PORT"
REG="http://127.0.0.1:$REG_PORT"
KEY=demo-guichet-registry-key-0001

# The persons register: one record, served by a release registryd.
printf '[{"key_type":"national_id","key":"%s","as_of":"2026-01-03","version":4,"data":{"address.street":"Rue de la Gare"}}]' \
	"$ANNE" >"$WORK/seed.json"
GUICHET_LOG_PATH=/dev/null build/release/registryd --register registers/persons.json --db "$WORK/persons.db" \
	--seed-json "$WORK/seed.json"
GUICHET_LOG_PATH=/dev/null build/release/registryd --register registers/persons.json --db "$WORK/persons.db" \
	--clients etc/registry-clients.json --port "$REG_PORT" --threads 1 &
pids="$pids $!"
bench_wait_healthy "$REG"

IDP_PORT=0 IDP_REDIRECT_URIS="$SITE/auth/callback" node idp/server.mjs >"$WORK/idp.log" 2>&1 &
pids="$pids $!"
bench_wait_issuer
node -e '
const c = JSON.parse(require("fs").readFileSync("etc/registers.json", "utf8"));
c.registers = c.registers.filter((r) => r.name === "persons").map((r) => ({ ...r, url: process.argv[1] }));
require("fs").writeFileSync(process.argv[2], JSON.stringify(c));' "$REG" "$WORK/registers.json"
GUICHET_LISTEN_PORT=$GD_PORT GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER=$ISSUER \
	GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_STORE_SQLITE_PATH="$WORK/db" \
	GUICHET_SOURCES_REGISTERS="$WORK/registers.json" GUICHET_RECEIPTS_KEY_FILE="$WORK/key" \
	GUICHET_CORRECTIONS_SYNC_MS=3600000 GUICHET_LOG_PATH=/dev/null build/release/guichetd --threads 1 &
pids="$pids $!"
bench_wait_healthy "$SITE"
COOKIE=$(node bench/login.mjs "$SITE" "$ANNE")
CSRF=$(curl -fsS -H "Cookie: $COOKIE" "$SITE/api/v1/me" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).csrf_token))')

# POST /api/v1/corrections: one multipart body, a new key each time.
cat >"$WORK/file.lua" <<LUA
local n = 0
local b = "gxbench"
wrk.method = "POST"
wrk.headers["Cookie"] = "$COOKIE"
wrk.headers["X-CSRF-Token"] = "$CSRF"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. b
local body = "--" .. b .. "\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n" ..
  '{"register":"persons","attribute":"address.street","current":{"value":"Rue de la Gare","version":4},' ..
  '"proposed":"Rue Neuve","explanation":"I moved; my lease is attached."}' .. "\r\n--" .. b .. "--\r\n"
request = function()
  n = n + 1
  wrk.headers["Idempotency-Key"] = "bench-" .. n
  return wrk.format(nil, "/api/v1/corrections", nil, body)
end
LUA
# POST /v1/corrections at the register: a new request id each time.
cat >"$WORK/register_file.lua" <<LUA
local n = 0
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $KEY"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local body = '{"request_id":"bench-' .. n .. '","subject":{"type":"national_id","value":"$ANNE"},' ..
    '"attribute":"address.street","current":{"value":"Rue de la Gare","version":4},"proposed":"Rue Neuve",' ..
    '"explanation":"moved","requester":{"organisation":"guichet","on_behalf_of":"$ANNE"}}'
  return wrk.format(nil, "/v1/corrections", nil, body)
end
LUA

rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct() { awk -v q="$2" '$1 == q { print $2 }' "$1"; }
non2xx() { awk '/Non-2xx/ { print $NF }' "$1"; }
wrk -t1 -c64 -d"${DURATION}s" --latency "$SITE/hello" >"$WORK/hello"
wrk -t1 -c64 -d"${DURATION}s" --latency -s "$WORK/file.lua" "$SITE" >"$WORK/file"
ID=$(curl -fsS -H "Cookie: $COOKIE" "$SITE/api/v1/corrections" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).corrections[0].id))')
wrk -t1 -c64 -d"${DURATION}s" --latency -H "Cookie: $COOKIE" "$SITE/api/v1/corrections/$ID" >"$WORK/get"
wrk -t1 -c64 -d"${DURATION}s" --latency -s "$WORK/register_file.lua" "$REG" >"$WORK/register_file"
# A page of the feed: 100 decisions (those of the first requests filed, rejected by the command).
for i in $(seq 1 100); do
	GUICHET_LOG_PATH=/dev/null build/release/registryd corrections reject "$i" --register registers/persons.json \
		--db "$WORK/persons.db" --operator bench --reason "bench" >/dev/null
done
wrk -t1 -c64 -d"${DURATION}s" --latency -H "Authorization: Bearer $KEY" "$REG/v1/corrections/decisions?after=0&limit=100" >"$WORK/feed"
wrk -t1 -c64 -d"${DURATION}s" --latency "$SITE/hello" >"$WORK/hello2"

FILED=$(sqlite3 "$WORK/db" "SELECT count(*) FROM corrections")
REGISTERED=$(sqlite3 "$WORK/persons.db" "SELECT count(*) FROM corrections")
HELLO=$(printf '%s\n%s\n' "$(rps "$WORK/hello")" "$(rps "$WORK/hello2")" | sort -g | tail -n 1)
echo "correction bench (SQLite, one loop thread each, wrk -t1 -c64 -d${DURATION}s)"
printf '  guichetd /hello (best of two)        %8.0f req/s\n' "$HELLO"
for what in file get register_file feed; do
	label=$(case $what in
		file) echo "guichetd POST /api/v1/corrections";;
		get) echo "guichetd GET /api/v1/corrections/{id}";;
		register_file) echo "registryd POST /v1/corrections";;
		feed) echo "registryd decisions feed, 100 items";;
	esac)
	printf '  %-36s %8.0f req/s  p50 %s  p99 %s  ratio to /hello %.3f%s\n' "$label" "$(rps "$WORK/$what")" \
		"$(pct "$WORK/$what" 50%)" "$(pct "$WORK/$what" 99%)" "$(echo "$(rps "$WORK/$what") $HELLO" | awk '{ print $1 / $2 }')" \
		"$( [ -z "$(non2xx "$WORK/$what")" ] || echo "  (non-2xx: $(non2xx "$WORK/$what"))")"
done
echo "  stored: $FILED requests on the platform, $REGISTERED at the register"
