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

suite() {
	name=$1
	shift
	log="$LOGS/$(echo "$name" | tr '/ ' '__').log"
	start=$(date +%s)
	if "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		n=$(count_cases "$log")
		cases=$((cases + n))
		printf 'ok    %-44s %3ss  %5s tests\n' "$name" "$(($(date +%s) - start))" "$n"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		printf 'FAIL  %-44s %3ss (log: %s)\n' "$name" "$(($(date +%s) - start))" "$log"
		tail -n 40 "$log" | sed 's/^/      /'
	fi
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
for t in $(find tests/integration -maxdepth 1 -name '*.test.mjs' | sort); do
	# A hung test must not hang CI: each test 4 minutes at most, each file 10.
	file=$(basename "$t" .test.mjs)
	for backend in sqlite postgresql; do
		case "$file/$backend" in postgresql_*/sqlite) continue ;; esac
		suite "integration $file [$backend]" env GX_TEST_STORE=$backend \
			timeout 600 node --test --test-timeout=240000 --test-reporter=spec "$t"
	done
done

echo
grep -h '^spec total:' "$LOGS"/*mustache* 2>/dev/null | sed 's/^/Mustache /'
echo "$cases test cases in $passed passing suites"
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
