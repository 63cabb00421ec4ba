#!/bin/sh
# Installs the Debian packages and the npm packages (package-lock.json)
# Guichet needs to build, run and test, when any is missing. Idempotent; prints nothing when everything is already present.
# `deps.sh cluster` also installs what make run-cluster and make test-cluster
# need: etcd, Patroni and HAProxy (docs/operations.md).
set -eu

PACKAGES="gcc clang libclang-rt-14-dev make pkg-config
libh2o-evloop-dev libssl-dev libjansson-dev libsqlite3-dev libsodium-dev libcurl4-openssl-dev
libcmocka-dev nodejs npm wrk curl sqlite3 chromium fonts-dejavu-core
libhpdf-dev poppler-utils postgresql libpq-dev"
if [ "${1:-}" = cluster ]; then
	PACKAGES="$PACKAGES etcd-server etcd-client patroni haproxy"
fi

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		# node and npm may come from outside Debian: accept them when on PATH.
		case "$p" in
		nodejs) command -v node >/dev/null 2>&1 && continue ;;
		npm) command -v npm >/dev/null 2>&1 && continue ;;
		esac
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm packages, exactly as package-lock.json pins them, when missing or stale.
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "deps: installing npm packages (npm ci)" >&2
	npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
