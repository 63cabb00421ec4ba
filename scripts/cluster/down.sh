#!/bin/sh
# Stops what scripts/cluster/up.sh DIR started, in order: the guichetd that
# scripts/cluster/run.sh started there, HAProxy, the two
# Patroni (each stops its PostgreSQL), etcd last (Patroni releases its
# leader key there). A PostgreSQL left behind by a Patroni that did not stop
# in time is stopped immediately. DIR is kept; --remove deletes it too.
#   sh scripts/cluster/down.sh DIR [--remove]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
CLUSTER_DIR=${1:?usage: down.sh DIR [--remove]}
[ -d "$CLUSTER_DIR" ] || exit 0
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
stop_recorded 'guichetd-*'
stop_recorded haproxy
stop_recorded 'patroni-*'
for n in pg1 pg2; do
	pm="$CLUSTER_DIR/$n/data/postmaster.pid"
	if [ -f "$pm" ] && kill -0 "$(head -n 1 "$pm")" 2>/dev/null; then
		as_owner "$PGBIN/pg_ctl" -D "$CLUSTER_DIR/$n/data" -w -s -m immediate stop >/dev/null 2>&1 || true
	fi
done
stop_recorded etcd
if [ "${2:-}" = --remove ]; then
	rm -rf "$CLUSTER_DIR"
fi
