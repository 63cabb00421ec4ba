#!/bin/sh
# `make run`: starts the stack on the embedded default (SQLite) and tells the
# user what to open. Stops everything it started on Ctrl-C.
set -eu
cd "$(dirname "$0")/.."
mkdir -p var
PORT=${GUICHET_LISTEN_PORT:-8080}
LOG=var/guichetd.log

pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

GUICHET_LISTEN_PORT=$PORT GUICHET_LOG_PATH=$LOG build/release/guichetd --config etc/guichet.conf &
pids="$pids $!"

i=0
until curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		echo "guichetd did not come up; see $LOG" >&2
		tail -n 20 "$LOG" >&2
		exit 1
	fi
	sleep 0.1
done

cat <<MSG

  Guichet is running.

  guichetd   http://127.0.0.1:$PORT/   (database var/guichet.db, log $LOG)
             health: http://127.0.0.1:$PORT/healthz   readiness: /readyz   metrics: /metrics

  Press Ctrl-C to stop.

MSG
wait
