# Sourced by scripts/cluster/*.sh: who runs the cluster's servers, free
# ports, waiting for a URL, and the processes started (one pid file each).
#
# As root (CI), etcd, Patroni (and the PostgreSQL servers it starts) and
# HAProxy run as the unprivileged "postgres" user that Debian's postgresql
# package creates (PostgreSQL refuses to run as root); otherwise as the
# caller.

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

cluster_user() {
	if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

# as_owner CMD...: CMD as the cluster's user, in the foreground.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=postgres --regid=postgres --init-groups -- env HOME="$CLUSTER_DIR" "$@"
	else
		"$@"
	fi
}

# spawn NAME LOG CMD...: CMD in the background as the cluster's user, its
# output appended to LOG, its pid recorded under NAME (the background
# subshell execs setsid and setpriv, which exec CMD: the pid is the
# server's own; in a session of its own, Ctrl-C in the terminal does not
# reach it: down.sh stops the servers in order).
spawn() {
	sp_name=$1 sp_log=$2
	shift 2
	if [ "$(id -u)" -eq 0 ]; then
		(exec setsid setpriv --reuid=postgres --regid=postgres --init-groups -- env HOME="$CLUSTER_DIR" "$@" >>"$sp_log" 2>&1) &
	else
		(exec setsid "$@" >>"$sp_log" 2>&1) &
	fi
	echo $! >"$CLUSTER_DIR/run/$sp_name.pid"
}

# A free port on 127.0.0.1, as the kernel gives it (another process may take
# it before the server binds; the servers here bind within a second).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_url URL SECONDS LOG [CURL_OPTIONS]: until URL answers 2xx; else show LOG's tail and fail.
wait_url() {
	wu_url=$1 wu_secs=$2 wu_log=$3
	shift 3
	wu_i=0
	until curl -fsS -o /dev/null "$@" "$wu_url" 2>/dev/null; do
		wu_i=$((wu_i + 1))
		if [ "$wu_i" -gt $((wu_secs * 10)) ]; then
			echo "cluster: $wu_url did not answer within ${wu_secs}s; $wu_log says:" >&2
			tail -n 30 "$wu_log" >&2 2>/dev/null || true
			return 1
		fi
		sleep 0.1
	done
}

# stop_recorded NAME...: SIGTERM to the recorded processes of these names
# (CLUSTER_DIR/run/NAME.pid; a name may be a glob: "pg*"), waits for them
# (at most 20 s, then SIGKILL), removes their pid files. Only pids this
# cluster wrote are signalled.
stop_recorded() {
	sr_pids=""
	for n in "$@"; do
		for f in "$CLUSTER_DIR"/run/$n.pid; do
			[ -f "$f" ] || continue
			p=$(cat "$f")
			rm -f "$f"
			kill "$p" 2>/dev/null && sr_pids="$sr_pids $p"
		done
	done
	sr_i=0
	for p in $sr_pids; do
		while kill -0 "$p" 2>/dev/null && [ $sr_i -lt 200 ]; do
			sr_i=$((sr_i + 1))
			sleep 0.1
		done
		kill -9 "$p" 2>/dev/null || true
	done
}
