#!/bin/sh
# The letter box: durable deliveries and the letter box page.
#
# 1. Deliveries: wrk POSTs /api/org/v1/letterbox/documents as the commune's
#    case system (bearer token), a multipart body with a 100 KiB PDF and a new
#    Idempotency-Key each time, to a person who opted in: each 201 is the
#    document, its bytes, its SHA-256, its notifications in the outbox and the
#    key's answer, committed through group commit (fsynced) before the answer.
# 2. The page: a second person's letter box holding BENCH_DOCUMENTS documents
#    (filled in SQL), GET /spaces/{space}/letterbox (unread first, 20 a page)
#    and the API's first page, with BENCH_PAGE_CONNECTIONS connections.
# Both against guichetd's /hello in the same run.
# Env: BENCH_SECONDS (5), BENCH_DOCUMENTS (10000), BENCH_PDF_KIB (100),
# BENCH_PAGE_CONNECTIONS (16), BENCH_STORE (sqlite, or postgresql: a
# throwaway PostgreSQL 15 cluster on the same disk, tests/pg_cluster.sh).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init letterbox
DURATION=${BENCH_SECONDS:-5}
DOCS=${BENCH_DOCUMENTS:-10000}
KIB=${BENCH_PDF_KIB:-100}
PAGE_C=${BENCH_PAGE_CONNECTIONS:-16}
STORE=${BENCH_STORE:-sqlite}
export GUICHET_STORE_SQLITE_PATH="$WORK/db"
if [ "$STORE" = postgresql ]; then
	chmod 0755 "$WORK"
	PG_EXTRA_OPTIONS="-c shared_buffers=256MB" sh tests/pg_cluster.sh start "$WORK/pg" >"$WORK/conninfo"
	PG_DIR="$WORK/pg"
	psql -X -q -d "$(cat "$WORK/conninfo")" -c 'CREATE DATABASE guichet_bench'
	PG_CONNINFO="$(cat "$WORK/conninfo") dbname=guichet_bench"
	export GUICHET_STORE_BACKEND=postgresql GUICHET_STORE_POSTGRESQL_CONNINFO="$PG_CONNINFO"
fi
store_sql() {
	if [ "$STORE" = postgresql ]; then psql -X -q -At -d "$PG_CONNINFO" -c "$1"; else sqlite3 "$WORK/db" "$1"; fi
}
GD_PORT=$(bench_port)
SITE="http://127.0.0.1:$GD_PORT"
IDP_PORT=0 IDP_REDIRECT_URIS="$SITE/auth/callback" node idp/server.mjs >"$WORK/idp.log" 2>&1 &
pids="$pids $!"
bench_wait_issuer
echo '{"registers": []}' >"$WORK/registers.json"
# The sender has no SMTP server to reach: notifications wait in the outbox (nobody here verified an address).
GUICHET_LISTEN_PORT=$GD_PORT GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER=$ISSUER \
	GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_SOURCES_REGISTERS="$WORK/registers.json" \
	GUICHET_RECEIPTS_KEY_FILE="$WORK/key" GUICHET_MAIL_CODE_KEY_FILE="$WORK/code.key" \
	GUICHET_LOG_PATH=/dev/null build/release/guichetd --threads 1 &
pids="$pids $!"
bench_wait_healthy "$SITE"

# The person who receives, and the one whose letter box is read.
COOKIE=$(node bench/login.mjs "$SITE" 1985031410148)
COOKIE2=$(node bench/login.mjs "$SITE" 1972110213859)
me() { curl -fsS -H "Cookie: $1" "$SITE/api/v1/me"; }
field() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const m=JSON.parse(s);console.log($1)})"; }
SPACE=$(me "$COOKIE" | field 'm.active_space.id')
CSRF=$(me "$COOKIE" | field 'm.csrf_token')
SPACE2=$(me "$COOKIE2" | field 'm.active_space.id')
curl -fsS -X PUT -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
	-d '{"choices":[{"org":"commune","type":"certificate","electronic":true}]}' \
	"$SITE/api/v1/spaces/$SPACE/letterbox/settings" >/dev/null

# The commune's case system and its token.
CTL="build/release/guichetctl"
$CTL org clients keygen --private "$WORK/priv.jwk" --public "$WORK/pub.jwk" >/dev/null
CLIENT=$($CTL org clients add commune --jwk "$WORK/pub.jwk" --scopes letterbox.send)
ASSERTION=$(GUICHET_SITE_URL=$SITE $CTL org client-assertion --key "$WORK/priv.jwk" --client "$CLIENT")
TOKEN=$(curl -fsS -d grant_type=client_credentials -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
	--data-urlencode "client_assertion=$ASSERTION" "$SITE/api/org/v1/token" | field 'm.access_token')

# The body: the metadata and a KIB KiB PDF; wrk sends it with a new key each time.
node -e '
const kib = Number(process.argv[1]), boundary = "benchboundary";
const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), require("crypto").randomBytes(kib * 1024 - 16), Buffer.from("\n%%EOF\n")]); // incompressible, as a real PDF
const meta = JSON.stringify({ recipient: { national_id: "1985031410148" }, type: "certificate",
  title: "Certificat de résidence", notification_title: "Un certificat" });
process.stdout.write(Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"\r\n\r\n${meta}\r\n`),
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.pdf"\r\n\r\n`), pdf,
  Buffer.from(`\r\n--${boundary}--\r\n`)]));' "$KIB" >"$WORK/body"
cat >"$WORK/send.lua" <<LUA
local f = io.open("$WORK/body", "rb")
local body = f:read("*a")
f:close()
local n = 0
request = function()
	n = n + 1
	return wrk.format("POST", "/api/org/v1/letterbox/documents", {
		["Authorization"] = "Bearer $TOKEN",
		["Content-Type"] = "multipart/form-data; boundary=benchboundary",
		["Idempotency-Key"] = "bench-" .. n,
	}, body)
end
LUA

# The second person's letter box: DOCS documents, in SQL (the bytes shared: only the list is read).
echo "letterbox bench ($STORE): $DOCS documents in one letter box"
if [ "$STORE" = postgresql ]; then
	psql -X -q -v ON_ERROR_STOP=1 -d "$PG_CONNINFO" -c "INSERT INTO letterbox_documents (space_id, org_id, doc_type,
	 title, title_folded, notice_title, file_name, content_type, size, sha256, sender, delivered_at_us, expires_at_us,
	 unread) SELECT $SPACE2, CASE WHEN i % 3 = 0 THEN 'cns' ELSE 'commune' END, 'certificate', 'Document numéro ' || i,
	 'document numero ' || i, 'Un document', 'd.pdf', 'application/pdf', 16, repeat('0', 64), 'bench',
	 1700000000000000 + i::bigint * 1000000, 9000000000000000000, CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END
	 FROM generate_series(1, $DOCS) AS g(i)" -c 'VACUUM ANALYZE' -c CHECKPOINT
else
	sqlite3 "$WORK/db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $DOCS)
	 INSERT INTO letterbox_documents (space_id, org_id, doc_type, title, title_folded, notice_title, file_name,
	 content_type, size, sha256, sender, delivered_at_us, expires_at_us, unread) SELECT $SPACE2,
	 CASE WHEN i % 3 = 0 THEN 'cns' ELSE 'commune' END, 'certificate', 'Document numéro ' || i, 'document numero ' || i,
	 'Un document', 'd.pdf', 'application/pdf', 16, printf('%064d', 0), 'bench', 1700000000000000 + i * 1000000,
	 9000000000000000000, CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END FROM n; ANALYZE;"
fi

rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct() { awk -v q="$2" '$1 == q { print $2 }' "$1"; }
wrk -t1 -c64 -d1s "$SITE/hello" >/dev/null
wrk -t1 -c64 -d"${DURATION}s" --latency "$SITE/hello" >"$WORK/hello"
wrk -t1 -c64 -d"${DURATION}s" --latency -s "$WORK/send.lua" "$SITE" >"$WORK/send"
DELIVERED=$(store_sql "SELECT count(*) FROM letterbox_documents WHERE space_id = $SPACE")
OUTBOX=$(store_sql "SELECT count(*) FROM mail_outbox")
NON2XX=$(awk '/Non-2xx/ { print $NF }' "$WORK/send")
wrk -t1 -c"$PAGE_C" -d"${DURATION}s" --latency -H "Cookie: $COOKIE2" "$SITE/spaces/$SPACE2/letterbox" >"$WORK/page"
wrk -t1 -c"$PAGE_C" -d"${DURATION}s" --latency -H "Cookie: $COOKIE2" "$SITE/api/v1/spaces/$SPACE2/letterbox" >"$WORK/api"
wrk -t1 -c"$PAGE_C" -d"${DURATION}s" --latency -H "Cookie: $COOKIE2" \
	"$SITE/spaces/$SPACE2/letterbox?state=unread&q=numero+99" >"$WORK/search"
wrk -t1 -c1 -d"${DURATION}s" --latency -H "Cookie: $COOKIE2" "$SITE/spaces/$SPACE2/letterbox" >"$WORK/page1"

echo "letterbox bench ($STORE), $DURATION s each, release build, one loop thread:"
printf '  guichetd /hello                          %8.0f req/s  p99 %s\n' "$(rps "$WORK/hello")" "$(pct "$WORK/hello" 99%)"
printf '  deliveries, %s KiB PDF (c=64)           %8.0f req/s  p50 %s  p99 %s  (%s stored, %s notifications queued%s)\n' \
	"$KIB" "$(rps "$WORK/send")" "$(pct "$WORK/send" 50%)" "$(pct "$WORK/send" 99%)" "$DELIVERED" "$OUTBOX" \
	"${NON2XX:+, $NON2XX non-2xx}"
printf '  letter box page, %s docs (c=%s)       %8.0f req/s  p50 %s  p99 %s\n' "$DOCS" "$PAGE_C" "$(rps "$WORK/page")" "$(pct "$WORK/page" 50%)" "$(pct "$WORK/page" 99%)"
printf '  letter box page, %s docs (c=1)        %8.0f req/s  p50 %s  p99 %s\n' "$DOCS" "$(rps "$WORK/page1")" "$(pct "$WORK/page1" 50%)" "$(pct "$WORK/page1" 99%)"
printf '  letter box API, %s docs (c=%s)        %8.0f req/s  p50 %s  p99 %s\n' "$DOCS" "$PAGE_C" "$(rps "$WORK/api")" "$(pct "$WORK/api" 50%)" "$(pct "$WORK/api" 99%)"
printf '  unread + search page, %s docs (c=%s)  %8.0f req/s  p50 %s  p99 %s\n' "$DOCS" "$PAGE_C" "$(rps "$WORK/search")" "$(pct "$WORK/search" 50%)" "$(pct "$WORK/search" 99%)"
echo "deliveries $(rps "$WORK/send") hello $(rps "$WORK/hello")" |
	awk '{ printf "deliveries / hello: %.3f; target >= 2000 deliveries/s: %s\n", $2 / $4, ($2 >= 2000 ? "met" : "NOT met") }'
if [ -n "${PG_DIR:-}" ]; then
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	pids=""
	sh tests/pg_cluster.sh remove "$PG_DIR"
fi
