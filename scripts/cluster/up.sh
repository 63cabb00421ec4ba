#!/bin/sh
# Starts the cluster's servers in the background and returns once they
# serve (docs/operations.md):
#
#   WEB_PORT=8080 GUICHETD_PORTS="p1 p2 p3" sh scripts/cluster/up.sh DIR
#
# - etcd (one member), the store of Patroni's leader key;
# - two PostgreSQL 15 servers, pg1 and pg2, each under its Patroni: one
#   primary, one synchronous standby (synchronous_mode);
# - HAProxy: WEB_PORT balanced over the guichetd on GUICHETD_PORTS (which
#   the caller starts: HAProxy sends them nothing until their /readyz says
#   ready), and PG_PORT routed to the primary;
# - the database "guichet", made when missing.
#
# DIR keeps everything: data, logs, configuration, the ports (chosen free at
# the first start and kept, so a second start finds the same cluster), the
# pids (DIR/run/*.pid) that scripts/cluster/down.sh DIR stops. Writes
# DIR/cluster.env (NAME=value lines: the ports, PG_CONNINFO for guichetd).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
. "$HERE/config.sh"
CLUSTER_DIR=${1:?usage: up.sh DIR}
: "${WEB_PORT:?WEB_PORT: where HAProxy serves guichetd}"
: "${GUICHETD_PORTS:?GUICHETD_PORTS: the guichetd instances HAProxy balances}"
for b in etcd patroni haproxy "$PGBIN/postgres"; do
	command -v "$b" >/dev/null 2>&1 || { echo "cluster: $b is missing (sh scripts/deps.sh cluster installs it)" >&2; exit 1; }
done

mkdir -p "$CLUSTER_DIR"
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd -P)
mkdir -p "$CLUSTER_DIR/run" "$CLUSTER_DIR/etcd" "$CLUSTER_DIR/pg1/log" "$CLUSTER_DIR/pg2/log"
chmod 0755 "$CLUSTER_DIR"
chmod 0700 "$CLUSTER_DIR/etcd" "$CLUSTER_DIR/pg1" "$CLUSTER_DIR/pg2"
[ "$(id -u)" -ne 0 ] || chown -R postgres: "$CLUSTER_DIR"

# The servers' ports: chosen once, kept in DIR/ports.
if [ ! -f "$CLUSTER_DIR/ports" ]; then
	{
		for v in ETCD_PORT ETCD_PEER_PORT PG1_PORT PG1_API PG2_PORT PG2_API PG_PORT STATS_PORT; do
			echo "$v=$(free_port)"
		done
	} >"$CLUSTER_DIR/ports"
fi
. "$CLUSTER_DIR/ports"

# etcd: one member, on this machine only.
spawn etcd "$CLUSTER_DIR/etcd/etcd.log" etcd --name gx-etcd --data-dir "$CLUSTER_DIR/etcd/data" \
	--listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
	--listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
	--initial-cluster "gx-etcd=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-token "guichet-$ETCD_PEER_PORT" \
	--initial-cluster-state new
wait_url "http://127.0.0.1:$ETCD_PORT/health" 30 "$CLUSTER_DIR/etcd/etcd.log"

# Two Patroni, each with its PostgreSQL: the first to take the initialize
# key in etcd runs initdb, the other clones it (pg_basebackup) and follows.
patroni_yml pg1 "$PG1_PORT" "$PG1_API" >"$CLUSTER_DIR/pg1/patroni.yml"
patroni_yml pg2 "$PG2_PORT" "$PG2_API" >"$CLUSTER_DIR/pg2/patroni.yml"
for n in pg1 pg2; do
	[ "$(id -u)" -ne 0 ] || chown postgres: "$CLUSTER_DIR/$n/patroni.yml"
	spawn "patroni-$n" "$CLUSTER_DIR/$n/patroni.log" patroni "$CLUSTER_DIR/$n/patroni.yml"
done

# Ready when one is the primary and the other its synchronous standby.
i=0
until curl -fsS "http://127.0.0.1:$PG1_API/cluster" 2>/dev/null |
	python3 -c 'import json, sys; m = json.load(sys.stdin)["members"]; r = sorted(x["role"] for x in m if x["state"] in ("running", "streaming")); sys.exit(0 if r == ["leader", "sync_standby"] else 1)' 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 1200 ]; then
		echo "cluster: no primary with a synchronous standby after 120 s; see $CLUSTER_DIR/pg*/patroni.log" >&2
		tail -n 20 "$CLUSTER_DIR/pg1/patroni.log" "$CLUSTER_DIR/pg2/patroni.log" >&2 || true
		exit 1
	fi
	sleep 0.1
done

# HAProxy: the one entry point, for browsers and for guichetd's connections.
haproxy_cfg >"$CLUSTER_DIR/haproxy.cfg"
haproxy_503 >"$CLUSTER_DIR/haproxy-503.http"
haproxy -q -c -f "$CLUSTER_DIR/haproxy.cfg" >/dev/null
spawn haproxy "$CLUSTER_DIR/haproxy.log" haproxy -db -f "$CLUSTER_DIR/haproxy.cfg"

PG_CONNINFO="host=127.0.0.1 port=$PG_PORT user=guichet dbname=guichet connect_timeout=2"
i=0
until psql -X -q -At -d "host=127.0.0.1 port=$PG_PORT user=guichet dbname=postgres connect_timeout=2" \
	-c 'SELECT 1 WHERE NOT pg_is_in_recovery()' 2>/dev/null | grep -q 1; do
	i=$((i + 1))
	if [ $i -gt 300 ]; then
		echo "cluster: the primary cannot be reached through HAProxy (127.0.0.1:$PG_PORT); see $CLUSTER_DIR/haproxy.log" >&2
		tail -n 20 "$CLUSTER_DIR/haproxy.log" >&2 || true
		exit 1
	fi
	sleep 0.1
done
if [ -z "$(psql -X -q -At -d "host=127.0.0.1 port=$PG_PORT user=guichet dbname=postgres" \
	-c "SELECT 1 FROM pg_database WHERE datname = 'guichet'")" ]; then
	psql -X -q -d "host=127.0.0.1 port=$PG_PORT user=guichet dbname=postgres" -c 'CREATE DATABASE guichet'
fi

{
	cat "$CLUSTER_DIR/ports"
	echo "WEB_PORT=$WEB_PORT"
	echo "GUICHETD_PORTS=\"$GUICHETD_PORTS\""
	echo "PG_CONNINFO=\"$PG_CONNINFO\""
} >"$CLUSTER_DIR/cluster.env"
