#!/bin/sh
# A throwaway PostgreSQL 15 cluster for the tests (docs/development.md):
#
#   tests/pg_cluster.sh start DIR    initdb in DIR (created; must not exist),
#                                    start on a free loopback port with its
#                                    socket in DIR; prints the libpq
#                                    connection string of its "postgres" db
#   tests/pg_cluster.sh stop DIR     stop the server, keep the data
#   tests/pg_cluster.sh resume DIR   start it again (same port and data)
#   tests/pg_cluster.sh remove DIR   stop it (immediately) and delete DIR
#   tests/pg_cluster.sh conninfo DIR the connection string again
#
# As root (CI), initdb and postgres run as the unprivileged "postgres" user
# that Debian's package creates, owning DIR (DIR's parent must let it through);
# the superuser role is "guichet" with trust authentication (nothing listens
# beyond 127.0.0.1 and the socket).
# Commits are durable (fsync=on), as in production. PG_EXTRA_OPTIONS adds
# server settings ("-c shared_buffers=256MB", for the benchmarks).
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
	echo "usage: $0 start|stop|resume|remove|conninfo DIR" >&2
	exit 2
fi

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

conninfo() {
	echo "host=$dir port=$(cat "$dir/port") user=guichet dbname=postgres"
}

free_port() {
	node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

server_start() {
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -s \
		-o "-p $(cat "$dir/port") -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=300 -c shared_buffers=64MB ${PG_EXTRA_OPTIONS:-}" \
		start
}

case "$cmd" in
start)
	if [ -e "$dir" ]; then
		echo "pg_cluster: $dir exists" >&2
		exit 1
	fi
	mkdir -p "$dir"
	chmod 0755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
	as_owner "$PGBIN/initdb" -D "$dir/data" -U guichet --auth=trust -E UTF8 --locale=C.UTF-8 -N >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	# The port is free when chosen; another process may take it before the
	# server binds: then try another.
	tries=0
	while :; do
		free_port | as_owner tee "$dir/port" >/dev/null
		if server_start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 5 ]; then
			tail -n 20 "$dir/server.log" >&2 || true
			exit 1
		fi
	done
	conninfo
	;;
stop)
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -w -s -m fast stop
	;;
resume)
	server_start
	;;
remove)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$PGBIN/pg_ctl" -D "$dir/data" -w -s -m immediate stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
conninfo)
	conninfo
	;;
*)
	echo "usage: $0 start|stop|resume|remove|conninfo DIR" >&2
	exit 2
	;;
esac
