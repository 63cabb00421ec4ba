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
		(cd "$CLUSTER_DIR" && exec setpriv --reuid=postgres --regid=postgres --init-groups -- env HOME="$CLUSTER_DIR" "$@")
	else
		"$@"
	fi
}

# spawn NAME LOG CMD...: CMD in the background as the cluster's user, its
# output appended to LOG, its pid recorded under NAME (the background
# subshell execs setsid and setpriv, which exec CMD: the pid is the
# server's own; in a session of its own, Ctrl-C in the terminal does not
# reach it: down.sh stops the servers in order). The pid file also holds the
# process's start time: a pid is reused once its process is gone (quickly on
# a busy machine), and only the process that was started may be signalled.
spawn() {
	sp_name=$1 sp_log=$2
	shift 2
	if [ "$(id -u)" -eq 0 ]; then
		# In the cluster's folder: the checkout may be closed to postgres.
		sp_dir=$(pwd)
		cd "$CLUSTER_DIR"
		spawn_as_caller "$sp_name" "$sp_log" setpriv --reuid=postgres --regid=postgres --init-groups -- env HOME="$CLUSTER_DIR" "$@"
		cd "$sp_dir"
	else
		spawn_as_caller "$sp_name" "$sp_log" "$@"
	fi
}

# spawn_as_caller NAME LOG CMD...: as spawn, but as the caller (guichetd,
# which reads the checkout's build/ and etc/).
spawn_as_caller() {
	sp_name=$1 sp_log=$2
	shift 2
	(exec setsid "$@" >>"$sp_log" 2>&1) &
	echo "$! $(started_at $!)" >"$CLUSTER_DIR/run/$sp_name.pid"
}

# started_at PID: the process's start time (clock ticks since boot, field 22
# of /proc/PID/stat, after its parenthesised name), or nothing.
started_at() {
	sed -n 's/^.*) //p' "/proc/$1/stat" 2>/dev/null | awk '{ print $20 }'
}

# running PID START: whether that very process still runs (not a zombie, not
# another process that got its pid).
running() {
	[ -n "$2" ] || return 1
	rs=$(sed -n 's/^.*) //p' "/proc/$1/stat" 2>/dev/null) || return 1
	set -- "$2" $rs
	[ "$2" != Z ] && [ "${21}" = "$1" ]
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
# (CLUSTER_DIR/run/NAME.pid; a name may be a glob: "pg*") that still run,
# waits for them (at most 20 s, then SIGKILL), removes their pid files. Only
# the processes this cluster started are signalled (pid and start time).
stop_recorded() {
	sr_procs=""
	for n in "$@"; do
		for f in "$CLUSTER_DIR"/run/$n.pid; do
			[ -f "$f" ] || continue
			read -r sr_pid sr_start <"$f" || true
			rm -f "$f"
			if running "$sr_pid" "$sr_start"; then
				kill "$sr_pid" 2>/dev/null && sr_procs="$sr_procs $sr_pid:$sr_start"
			fi
		done
	done
	sr_i=0
	for ps in $sr_procs; do
		sr_pid=${ps%%:*} sr_start=${ps#*:}
		while running "$sr_pid" "$sr_start" && [ $sr_i -lt 200 ]; do
			sr_i=$((sr_i + 1))
			sleep 0.1
		done
		! running "$sr_pid" "$sr_start" || kill -9 "$sr_pid" 2>/dev/null || true
	done
}
