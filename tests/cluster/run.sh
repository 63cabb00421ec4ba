#!/bin/sh
# make test-cluster: the cluster's tests (tests/cluster/*.test.mjs), each
# starting its own cluster (scripts/cluster/up.sh: etcd, two PostgreSQL under
# Patroni, HAProxy) in a temporary folder on free loopback ports, with the
# ASan + UBSan build of guichetd. Output in build/test-logs/cluster/; prints
# one line per file, how long it took, then "N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
LOGS=build/test-logs/cluster
rm -rf "$LOGS"
mkdir -p "$LOGS"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp"
passed=0
failed=0
start=$(date +%s)
for f in tests/cluster/*.test.mjs; do
	name=$(basename "$f" .test.mjs)
	t0=$(date +%s)
	if node --test --test-timeout=600000 "$f" >"$LOGS/$name.log" 2>&1; then
		passed=$((passed + 1))
		printf 'ok    cluster %-36s %4ss\n' "$name" "$(($(date +%s) - t0))"
	else
		failed=$((failed + 1))
		printf 'FAIL  cluster %-36s %4ss (log: %s)\n' "$name" "$(($(date +%s) - t0))" "$LOGS/$name.log"
		tail -n 60 "$LOGS/$name.log" | sed 's/^/      /'
	fi
	grep '^# [a-z0-9]' "$LOGS/$name.log" | grep -v '^# \(tests\|suites\|pass\|fail\|cancelled\|skipped\|todo\|duration_ms\) ' | sed 's/^/      /'
done
echo "$passed passed, $failed failed (cluster tests, $(($(date +%s) - start)) s)"
[ "$failed" -eq 0 ]
