#!/bin/sh
# Runs every test suite: unit tests (cmocka, ASan + UBSan), the fuzz corpora
# replayed under the sanitizers, the sanitizer self-check, shell tests and the
# integration tests (node's test runner against real processes). Each suite's
# output goes to build/test-logs/<suite>.log; a failing suite's tail is shown.
# The last line is "N passed, M failed" (suites).
#
# Both store backends: a throwaway PostgreSQL cluster (tests/pg_cluster.sh,
# removed at exit whatever happens) serves the PostgreSQL pass. Every unit
# test that opens a store (its source uses store/store_testutil.h) and every
# integration test runs twice, "[sqlite]" and "[postgresql]"
# (GX_TEST_STORE); store/pg/*'s unit tests and postgresql_*.test.mjs need
# PostgreSQL and run once.
set -u
cd "$(dirname "$0")/.."
LOGS=build/test-logs
rm -rf "$LOGS"
mkdir -p "$LOGS"
passed=0
failed=0
failures=""
cases=0

pgdir=$(mktemp -d "${TMPDIR:-/tmp}/guichet-test-pg.XXXXXX")
chmod 0755 "$pgdir" # the cluster's owner (postgres, when run as root) goes through it
cleanup_pg() {
	sh tests/pg_cluster.sh remove "$pgdir/cluster" >/dev/null 2>&1 || true
	rm -rf "$pgdir"
}
trap cleanup_pg EXIT
trap 'cleanup_pg; exit 130' INT TERM

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp"

# How many test cases a suite's log reports: cmocka's "[  PASSED  ] N
# test(s)", node's "ℹ pass N", a shell test's "N passed, 0 failed",
# libFuzzer's "N files found" (inputs replayed), or 1.
count_cases() {
	n=$(sed -n -e 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' -e 's/^ℹ pass \([0-9]*\)$/\1/p' \
		-e 's/^INFO: *\([0-9]*\) files found in .*/\1/p' \
		-e 's/^\([0-9]*\) passed, 0 failed$/\1/p' "$1" | awk '{s += $1} END {print s + 0}')
	[ "$n" -gt 0 ] && echo "$n" || echo 1
}

log_of() {
	echo "$LOGS/$(echo "$1" | tr '/ ' '__').log"
}

# run_logged NAME CMD...: runs CMD, its output in NAME's log, and leaves
# "STATUS SECONDS" beside it (LOG.rc); may run in the background.
run_logged() {
	rl_log=$(log_of "$1")
	shift
	rl_start=$(date +%s)
	"$@" >"$rl_log" 2>&1
	echo "$? $(($(date +%s) - rl_start))" >"$rl_log.rc"
}

# report NAME: counts and prints what run_logged left for NAME.
report() {
	name=$1
	log=$(log_of "$name")
	read -r status secs <"$log.rc"
	if [ "$status" -eq 0 ]; then
		passed=$((passed + 1))
		n=$(count_cases "$log")
		cases=$((cases + n))
		printf 'ok    %-44s %3ss  %5s tests\n' "$name" "$secs" "$n"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		printf 'FAIL  %-44s %3ss (log: %s)\n' "$name" "$secs" "$log"
		tail -n 40 "$log" | sed 's/^/      /'
	fi
}

suite() {
	run_logged "$@"
	report "$1"
}

echo "== a throwaway PostgreSQL cluster (tests/pg_cluster.sh)"
if GX_TEST_PG_CONNINFO=$(sh tests/pg_cluster.sh start "$pgdir/cluster" 2>"$LOGS/postgresql_cluster.log"); then
	export GX_TEST_PG_CONNINFO
	suite "postgresql cluster started" true
else
	suite "postgresql cluster started" sh -c "cat '$LOGS/postgresql_cluster.log'; false"
fi

echo "== unit tests (ASan + UBSan)"
# (suite sets $name: the loops keep theirs in $unit and $file)
for t in $(find build/asan/tests -type f -name '*_test' | sort); do
	unit=${t#build/asan/tests/}
	case "$unit" in
	store/pg/*)
		suite "unit $unit [postgresql]" "$t" ;;
	*)
		if grep -q 'store/store_testutil.h' "src/${unit}.c" 2>/dev/null; then
			suite "unit $unit [sqlite]" env GX_TEST_STORE=sqlite "$t"
			suite "unit $unit [postgresql]" env GX_TEST_STORE=postgresql "$t"
		else
			suite "unit $unit" "$t"
		fi ;;
	esac
done

echo "== sanitizer self-check"
suite "sanitizers catch a planted overflow" sh tests/sanitizer_check.sh

echo "== layers: who may include whom (DESIGN.md §3, scripts/check_layers.sh)"
suite "layers" sh scripts/check_layers.sh
suite "layers self-test: planted bad includes fail" sh tests/layers_selftest.sh

echo "== fuzz corpora replayed (libFuzzer + ASan + UBSan)"
for f in $(find build/fuzz -maxdepth 1 -type f -perm -u+x | sort); do
	n=$(basename "$f")
	if [ -d "fuzz/corpus/$n" ]; then
		suite "fuzz corpus $n" sh -c "\"$f\" -runs=0 fuzz/corpus/$n && test \$(ls fuzz/corpus/$n | wc -l) -gt 0"
	else
		suite "fuzz corpus $n (missing)" false
	fi
done

echo "== shell tests"
for t in $(find tests -maxdepth 1 -name '*_test.sh' | sort); do
	suite "$(basename "$t" .sh)" sh "$t" build/asan/guichetctl
done

echo "== integration tests (node --test)"
# Every file runs twice, [sqlite] and [postgresql] (postgresql_* once),
# TEST_JOBS at a time (2: on two cores a third file adds little, the
# machine being CPU-bound with the browser tests, and it stretches every
# file's time threefold); the longest first, so that the pool ends
# together. Each finishes with a line; the table follows, in order. A hung
# test must not hang CI: each file 10 minutes at most (node's test timeout
# applies to the file as a whole, not only to each test in it).
JOBS=${TEST_JOBS:-2}
POOL="$LOGS/pool"
mkdir -p "$POOL"
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}
# weight FILE: the known long ones first (every step page in a language,
# the procedures and spaces in a browser, the allocation faults), then the
# other browser tests, then the rest.
weight() {
	case "$1" in
	procedure_pages_* | procedures_browser | spaces_browser | alloc_faults | pages) echo 0 ;;
	*_browser | torture | submit_race) echo 1 ;;
	*) echo 2 ;;
	esac
}
: >"$POOL/names"
for t in $(find tests/integration -maxdepth 1 -name '*.test.mjs' | sort); do
	file=$(basename "$t" .test.mjs)
	for backend in sqlite postgresql; do
		case "$file/$backend" in postgresql_*/sqlite) continue ;; esac
		name="integration $file [$backend]"
		log=$(log_of "$name")
		cat >"$POOL/$(weight "$file")-$file-$backend.sh" <<-EOF
			start=\$(date +%s)
			env GX_TEST_STORE=$backend timeout 660 node --test --test-timeout=600000 --test-reporter=spec $(quote "$t") >$(quote "$log") 2>&1
			status=\$?
			secs=\$((\$(date +%s) - start))
			echo "\$status \$secs" >$(quote "$log.rc")
			echo "  finished in \${secs}s (status \$status): $name"
		EOF
		echo "$name" >>"$POOL/names"
	done
done
find "$POOL" -name '*.sh' | sort | xargs -P "$JOBS" -n 1 sh
while IFS= read -r name; do
	report "$name"
done <"$POOL/names"

echo
grep -h '^spec total:' "$LOGS"/*mustache* 2>/dev/null | sed 's/^/Mustache /'
echo "$cases test cases in $passed passing suites"
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
