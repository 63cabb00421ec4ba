#!/bin/sh
# Guichet benchmarks (see bench/README.md, docs/performance.md).
#
#   sh bench/run.sh          (or: make bench, which builds release first)
#
# 1. HTTP: starts the libh2o baseline (bench/hello_h2o) and guichetd, each on
#    its own free loopback port, waits until both answer, then runs wrk against
#    GET /hello on each IN TURN with identical settings, alternating
#    (h2o, guichetd, h2o, guichetd, ...), and reports the best run of each and
#    the ratio guichetd/h2o. Absolute numbers drift with the machine; the ratio,
#    measured in the same run, is the figure we track.
# 2. Storage: runs bench/commit_bench (one fsync per row vs group commit) if it
#    has been built, passing its output through.
# The summary is also written to build/bench/results.md.
#
# Environment (all optional):
#   BENCH_SECONDS=10         wrk duration of each run (-d)
#   BENCH_CONNECTIONS=64     wrk connections (-c)
#   BENCH_THREADS=1          wrk threads (-t)
#   BENCH_SERVER_THREADS=1   event-loop threads of each server (--threads)
#   BENCH_ROUNDS=2           alternating rounds; the best run of each is kept
#   BENCH_PIN=1              with taskset and >= 2 CPUs: wrk on CPU 0, the
#                            servers on the others (0: let the scheduler place them)
#   BENCH_WARMUP=1           seconds of unmeasured load on each server first (0: none)
#   BENCH_COMMIT_SECONDS     commit_bench --seconds (default: BENCH_SECONDS)
#   BENCH_COMMIT_CONCURRENCY commit_bench --concurrency (default: BENCH_CONNECTIONS)
#   BENCH_OUT=build/bench/results.md
#   HELLO_H2O=build/release/bench/hello_h2o
#   GUICHETD=build/release/guichetd    (a second hello_h2o also works: the
#                                      script passes it --port and probes /hello)
#   COMMIT_BENCH=build/release/bench/commit_bench
#   GUICHET_LOG_PATH=/dev/null         passed to guichetd
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)

HELLO_H2O=${HELLO_H2O:-$ROOT/build/release/bench/hello_h2o}
GUICHETD=${GUICHETD:-$ROOT/build/release/guichetd}
COMMIT_BENCH=${COMMIT_BENCH:-$ROOT/build/release/bench/commit_bench}
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_THREADS:-1}
SERVER_THREADS=${BENCH_SERVER_THREADS:-1}
ROUNDS=${BENCH_ROUNDS:-2}
WARMUP=${BENCH_WARMUP:-1}
PIN=${BENCH_PIN:-1}
COMMIT_SECONDS=${BENCH_COMMIT_SECONDS:-$DURATION}
COMMIT_CONCURRENCY=${BENCH_COMMIT_CONCURRENCY:-$CONNS}
OUT=${BENCH_OUT:-$ROOT/build/bench/results.md}
GUICHET_LOG=${GUICHET_LOG_PATH:-/dev/null}
READY_TIMEOUT=30
# wrk sends from one address, faster than any person: no rate limit.
export GUICHET_LIMITS_RATE_ADDRESS_PER_S=0 GUICHET_LIMITS_RATE_LOGIN_PER_MIN=0 \
	GUICHET_LIMITS_RATE_VERIFY_PER_MIN=0 GUICHET_LIMITS_RATE_SESSION_PER_S=0 GUICHET_LIMITS_RATE_CLIENT_PER_S=0

die() {
	echo "bench: $*" >&2
	exit 1
}

is_uint() {
	case $1 in '' | *[!0-9]*) return 1 ;; esac
	return 0
}

val=
for v in DURATION CONNS WRK_THREADS SERVER_THREADS ROUNDS WARMUP COMMIT_SECONDS COMMIT_CONCURRENCY; do
	eval "val=\$$v"
	is_uint "$val" || die "$v must be a non-negative integer (got '$val')"
done
if [ "$DURATION" -lt 1 ] || [ "$CONNS" -lt 1 ] || [ "$WRK_THREADS" -lt 1 ] ||
	[ "$SERVER_THREADS" -lt 1 ] || [ "$ROUNDS" -lt 1 ]; then
	die "BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_SERVER_THREADS, BENCH_ROUNDS must be >= 1"
fi
[ "$CONNS" -ge "$WRK_THREADS" ] || die "BENCH_CONNECTIONS must be >= BENCH_THREADS (wrk)"

command -v wrk >/dev/null 2>&1 || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null 2>&1 || die "curl not found"
[ -x "$HELLO_H2O" ] || die "$HELLO_H2O not built (make MODE=release build, or make bench)"
[ -x "$GUICHETD" ] || die "$GUICHETD not built (make bench builds it; GUICHETD=path overrides)"

# --- temp files and cleanup ---------------------------------------------------
# Everything lives under build/bench (on the repository's disk, so that
# commit_bench's fsyncs hit a real disk and not a tmpfs) and goes on exit.
mkdir -p "$ROOT/build/bench" "$(dirname "$OUT")"
WORK=$(mktemp -d "$ROOT/build/bench/run.XXXXXX")
H2O_PID=
GD_PID=
FG_PID=

stop_server() { # pid name
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null || return 0
	n=0
	while kill -0 "$1" 2>/dev/null; do
		n=$((n + 1))
		if [ "$n" -ge 50 ]; then
			echo "bench: $2 (pid $1) ignored SIGTERM for 5 s; killing it" >&2
			kill -KILL "$1" 2>/dev/null || true
			break
		fi
		sleep 0.1
	done
	wait "$1" 2>/dev/null || true
}

cleanup() {
	trap - EXIT INT TERM HUP
	if [ -n "$FG_PID" ]; then
		kill -TERM "$FG_PID" 2>/dev/null || true
		wait "$FG_PID" 2>/dev/null || true
		FG_PID=
	fi
	stop_server "$H2O_PID" hello_h2o
	stop_server "$GD_PID" guichetd
	H2O_PID=
	GD_PID=
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# fg_run outfile cmd...: runs cmd with its output in outfile and waits for it.
# It runs in the background and is waited for, rather than in the foreground,
# so that Ctrl-C / SIGTERM reach our trap at once (wrk catches SIGINT, prints
# partial figures and exits 0, and the shell would carry on as if it had
# finished); cleanup then stops it.
fg_run() {
	fg_out=$1
	shift
	"$@" >"$fg_out" 2>&1 &
	FG_PID=$!
	fg_rc=0
	wait "$FG_PID" || fg_rc=$?
	FG_PID=
	return "$fg_rc"
}

# --- free loopback ports --------------------------------------------------------
# Ask the kernel for two distinct free ports (bind port 0, read it back, close).
free_ports() {
	if command -v node >/dev/null 2>&1; then
		node -e '
			const net = require("net");
			const a = net.createServer(), b = net.createServer();
			a.listen(0, "127.0.0.1", () => b.listen(0, "127.0.0.1", () => {
				console.log(a.address().port + " " + b.address().port);
				a.close(); b.close();
			}));'
	elif command -v python3 >/dev/null 2>&1; then
		python3 -c '
import socket
a = socket.socket(); a.bind(("127.0.0.1", 0))
b = socket.socket(); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])'
	else
		die "need node or python3 to find free ports"
	fi
}
# shellcheck disable=SC2046 # two words on purpose
set -- $(free_ports)
H2O_PORT=${1:-}
GD_PORT=${2:-}
if ! is_uint "$H2O_PORT" || ! is_uint "$GD_PORT"; then
	die "could not find free ports"
fi

# --- CPU placement --------------------------------------------------------------
# wrk and the server under test share the machine; keeping them on separate
# CPUs removes the scheduler's placement from the noise.
NCPU=$(nproc 2>/dev/null || echo 1)
WRK_CPU='' SRV_CPU=''
PIN_NOTE="not pinned"
if [ "$PIN" != 0 ] && [ "$NCPU" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
	WRK_CPU="taskset -c 0"
	SRV_CPU="taskset -c 1-$((NCPU - 1))"
	PIN_NOTE="wrk on CPU 0, servers on CPU 1-$((NCPU - 1))"
fi

# --- start the servers ----------------------------------------------------------
# shellcheck disable=SC2086 # SRV_CPU/WRK_CPU are split on purpose
$SRV_CPU "$HELLO_H2O" --port "$H2O_PORT" --threads "$SERVER_THREADS" >"$WORK/hello_h2o.log" 2>&1 &
H2O_PID=$!

# guichetd is configured by the environment; a hello_h2o standing in for it
# (to test this script) takes --port instead.
case $(basename "$GUICHETD") in
hello_h2o*) GD_ARGS="--port $GD_PORT" GD_PROBE=/hello GD_LABEL="hello_h2o again (calibration: h2o vs h2o)" ;;
*) GD_ARGS='' GD_PROBE=/healthz GD_LABEL=guichetd ;;
esac
# shellcheck disable=SC2086 # GD_ARGS is split on purpose
GUICHET_LISTEN_PORT=$GD_PORT \
	GUICHET_STORE_SQLITE_PATH="$WORK/guichet.sqlite" \
	GUICHET_LOG_PATH=$GUICHET_LOG \
	$SRV_CPU "$GUICHETD" --threads "$SERVER_THREADS" $GD_ARGS >"$WORK/guichetd.log" 2>&1 &
GD_PID=$!

wait_ready() { # pid name url
	deadline=$(($(date +%s) + READY_TIMEOUT))
	while :; do
		if ! kill -0 "$1" 2>/dev/null; then
			echo "bench: $2 exited before answering $3; its output:" >&2
			sed 's/^/  | /' "$WORK/$2.log" >&2
			exit 1
		fi
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$3" 2>/dev/null) || code=000
		[ "$code" = 200 ] && return 0
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "bench: $2 did not answer 200 on $3 within ${READY_TIMEOUT}s (last: $code); its output:" >&2
			sed 's/^/  | /' "$WORK/$2.log" >&2
			exit 1
		fi
		sleep 0.1
	done
}
wait_ready "$H2O_PID" hello_h2o "http://127.0.0.1:$H2O_PORT/hello"
wait_ready "$GD_PID" guichetd "http://127.0.0.1:$GD_PORT$GD_PROBE"

# Both must serve the same thing, or the comparison means nothing.
curl -s --max-time 2 "http://127.0.0.1:$H2O_PORT/hello" >"$WORK/h2o.body"
curl -s --max-time 2 "http://127.0.0.1:$GD_PORT/hello" >"$WORK/gd.body"
cmp -s "$WORK/h2o.body" "$WORK/gd.body" ||
	echo "bench: warning: GET /hello bodies differ: h2o '$(cat "$WORK/h2o.body")' vs guichetd '$(cat "$WORK/gd.body")'" >&2

# --- wrk ------------------------------------------------------------------------
WRK_SETTINGS="-t$WRK_THREADS -c$CONNS -d${DURATION}s --latency"

# run_wrk name port round: runs wrk, appends "name round rps p50ms p99ms errors"
# to $WORK/runs.
run_wrk() {
	# shellcheck disable=SC2086
	fg_run "$WORK/wrk.$1.$3.txt" $WRK_CPU wrk $WRK_SETTINGS "http://127.0.0.1:$2/hello" ||
		{ cat "$WORK/wrk.$1.$3.txt" >&2; die "wrk failed against $1"; }
	awk -v name="$1" -v round="$3" '
		function ms(v) {
			if (v ~ /us$/) return v / 1000;
			if (v ~ /ms$/) return v + 0;
			if (v ~ /m$/)  return v * 60000;
			if (v ~ /s$/)  return v * 1000;
			return v + 0;
		}
		/^Requests\/sec:/ { rps = $2 }
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/Non-2xx or 3xx responses:/ { err += $NF }
		/Socket errors:/ {
			for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) err += $i + 0
		}
		END {
			if (rps == "" || p50 == "" || p99 == "") exit 1;
			printf "%s %s %.2f %.3f %.3f %d\n", name, round, rps, p50, p99, err
		}' "$WORK/wrk.$1.$3.txt" >>"$WORK/runs" ||
		{ cat "$WORK/wrk.$1.$3.txt" >&2; die "could not parse wrk output for $1"; }
	tail -n 1 "$WORK/runs" | awk '{
		printf "  %-9s round %s: %10.0f req/s  p50 %7.3f ms  p99 %7.3f ms%s\n",
			$1, $2, $3, $4, $5, ($6 > 0 ? "  ERRORS: " $6 : "") }'
}

# Other work on the machine is the main source of noise: measure the CPU
# already in use (the servers are idle now) over one second, and say so.
cpu_sample() { awk '$1 == "cpu" { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6; exit }' /proc/stat; }
BG_BUSY=unknown
if [ -r /proc/stat ]; then
	s1=$(cpu_sample)
	sleep 1
	s2=$(cpu_sample)
	BG_BUSY=$(echo "$s1 $s2" | awk '{ t = $3 - $1; i = $4 - $2; printf "%.0f", (t > 0 ? 100 * (t - i) / t : 0) }')
fi
BG_NOTE="CPU busy before the runs (other work): ${BG_BUSY}%"
if is_uint "$BG_BUSY" && [ "$BG_BUSY" -gt 10 ]; then
	BG_NOTE="$BG_NOTE -- WARNING: the machine is not idle, expect noise (BENCH_ROUNDS=4 helps)"
fi

CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "bench: wrk $WRK_SETTINGS, GET /hello, $ROUNDS alternating round(s), server threads $SERVER_THREADS"
echo "bench: machine: $NCPU core(s), ${CPU:-unknown CPU}; $PIN_NOTE"
echo "bench: $BG_NOTE"
echo "bench: hello_h2o on 127.0.0.1:$H2O_PORT, guichetd on 127.0.0.1:$GD_PORT ($GUICHETD)"

if [ "$WARMUP" -gt 0 ]; then
	for p in "$H2O_PORT" "$GD_PORT"; do
		# shellcheck disable=SC2086
		fg_run /dev/null $WRK_CPU wrk "-t$WRK_THREADS" "-c$CONNS" "-d${WARMUP}s" "http://127.0.0.1:$p/hello" || true
	done
fi

: >"$WORK/runs"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	run_wrk h2o "$H2O_PORT" "$r"
	run_wrk guichetd "$GD_PORT" "$r"
	r=$((r + 1))
done

for p in "$H2O_PID" "$GD_PID"; do
	kill -0 "$p" 2>/dev/null || die "a server died during the benchmark (pid $p)"
done

# The best run of each server (highest req/s; its p50/p99 are from that same
# run), then the table.
best() { sort -k3,3nr "$WORK/runs" | awk -v n="$1" '$1 == n { print; exit }'; }
# shellcheck disable=SC2046 # fields on purpose
set -- $(best h2o)
H_RPS=$3 H_P50=$4 H_P99=$5 H_ERR=$6
# shellcheck disable=SC2046
set -- $(best guichetd)
G_RPS=$3 G_P50=$4 G_P99=$5 G_ERR=$6

awk -v hr="$H_RPS" -v hp50="$H_P50" -v hp99="$H_P99" -v he="$H_ERR" \
	-v gr="$G_RPS" -v gp50="$G_P50" -v gp99="$G_P99" -v ge="$G_ERR" \
	-v gname="$GD_LABEL" '
	function commas(x,   s, r) {
		s = sprintf("%.0f", x); r = "";
		while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
		return s r
	}
	BEGIN {
		ratio = gr / hr;
		print "| server | req/s | p50 (ms) | p99 (ms) | req/s vs h2o | errors |";
		print "|---|---:|---:|---:|---:|---:|";
		printf "| hello_h2o (libh2o baseline) | %s | %.3f | %.3f | 1.00 | %d |\n", commas(hr), hp50, hp99, he;
		printf "| %s | %s | %.3f | %.3f | %.2f | %d |\n", gname, commas(gr), gp50, gp99, ratio, ge;
		print "";
		printf "guichetd/h2o req/s ratio: %.2f (target >= 0.80: %s); p99 ratio: %.2f\n",
			ratio, (ratio >= 0.8 ? "met" : "NOT met"), gp99 / hp99;
		if (he + ge > 0)
			print "WARNING: wrk reported errors or non-2xx responses; the figures above are not valid.";
	}' >"$WORK/table.md"

echo
cat "$WORK/table.md"

{
	echo "# Guichet benchmark results"
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "- machine: $NCPU core(s), ${CPU:-unknown CPU}, $(uname -sr)"
	echo "- wrk: \`wrk $WRK_SETTINGS http://127.0.0.1:PORT/hello\`, $ROUNDS alternating round(s), best run of each (p50/p99 from that run)"
	echo "- placement: $PIN_NOTE"
	echo "- $BG_NOTE"
	echo "- server threads: $SERVER_THREADS each; guichetd binary: \`$GUICHETD\`"
	echo
	echo "## HTTP: GET /hello"
	echo
	cat "$WORK/table.md"
	echo
	echo "All runs (in order):"
	echo
	echo "| server | round | req/s | p50 (ms) | p99 (ms) | errors |"
	echo "|---|---:|---:|---:|---:|---:|"
	awk '{ printf "| %s | %s | %.0f | %.3f | %.3f | %d |\n", $1, $2, $3, $4, $5, $6 }' "$WORK/runs"
} >"$OUT"

# The servers are no longer needed; stop them before the disk benchmark.
stop_server "$H2O_PID" hello_h2o
H2O_PID=
stop_server "$GD_PID" guichetd
GD_PID=

# --- commit_bench ---------------------------------------------------------------
{
	echo
	echo "## Storage: one fsync per row vs group commit"
	echo
} >>"$OUT"
if [ -x "$COMMIT_BENCH" ]; then
	echo
	echo "bench: $(basename "$COMMIT_BENCH") --db DIR --seconds $COMMIT_SECONDS --concurrency $COMMIT_CONCURRENCY"
	mkdir -p "$WORK/commit"
	if fg_run "$WORK/commit.txt" "$COMMIT_BENCH" --db "$WORK/commit" --seconds "$COMMIT_SECONDS" \
		--concurrency "$COMMIT_CONCURRENCY"; then
		cat "$WORK/commit.txt"
		{
			echo "\`commit_bench --seconds $COMMIT_SECONDS --concurrency $COMMIT_CONCURRENCY\` (target: group commit >= 5x one fsync per row):"
			echo
			cat "$WORK/commit.txt"
		} >>"$OUT"
	else
		cat "$WORK/commit.txt" >&2
		echo "commit_bench failed; see the run's output." >>"$OUT"
		echo "bench: commit_bench failed" >&2
		echo "bench: summary written to $OUT"
		exit 1
	fi
else
	echo
	echo "bench: $COMMIT_BENCH not built; skipping the commit benchmark"
	echo "(commit_bench not built; skipped)" >>"$OUT"
fi

echo
echo "bench: summary written to $OUT"
