# Sourced by session.sh, prefill.sh, submissions.sh and backoffice.sh: a
# work folder and the processes to stop on exit, free loopback ports, and the
# waits for the OpenID provider and guichetd to be up. A script adds what it
# starts in the background to $pids.

# bench_init NAME: to the repository's root; WORK, pids and the exit trap.
bench_init() {
	ROOT=$(cd "$(dirname "$0")/.." && pwd)
	cd "$ROOT"
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/guichet-$1-bench.XXXXXX")
	pids=""
	trap bench_cleanup EXIT INT TERM
	# wrk sends from one address, faster than any person: no rate limit.
	export GUICHET_LIMITS_RATE_ADDRESS_PER_S=0 GUICHET_LIMITS_RATE_LOGIN_PER_MIN=0 \
		GUICHET_LIMITS_RATE_VERIFY_PER_MIN=0 GUICHET_LIMITS_RATE_SESSION_PER_S=0 GUICHET_LIMITS_RATE_CLIENT_PER_S=0
}

bench_cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	# A PostgreSQL cluster a script started there (BENCH_STORE=postgresql).
	[ ! -d "$WORK/pg" ] || sh tests/pg_cluster.sh remove "$WORK/pg" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}

# A free port on 127.0.0.1, as the kernel gives it.
bench_port() {
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# bench_wait_issuer [TENTHS]: ISSUER from the provider's log ($WORK/idp.log),
# waiting at most TENTHS tenths of a second (100).
bench_wait_issuer() {
	i=0
	until ISSUER=$(sed -n 's/.*"issuer":"\([^"]*\)".*/\1/p' "$WORK/idp.log" | head -n 1) && [ -n "$ISSUER" ]; do
		i=$((i + 1)); [ $i -lt "${1:-100}" ] || { cat "$WORK/idp.log" >&2; exit 1; }; sleep 0.1
	done
}

# bench_wait_healthy SITE: until guichetd answers /healthz (ten seconds at most).
bench_wait_healthy() {
	i=0
	until curl -fsS "$1/healthz" >/dev/null 2>&1; do
		i=$((i + 1)); [ $i -lt 100 ] || exit 1; sleep 0.1
	done
}
