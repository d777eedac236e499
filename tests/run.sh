#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every test of brief and ends with one line "N passed, N failed[, N skipped]".
#   build/unit/test_*        C unit drivers (built by `make unit`)
#   build/unit-asan/test_*   the same under AddressSanitizer + UBSan
#   build/fuzz-replay/fuzz_* the fuzz targets replaying tests/fuzz/<name>/ (ASan)
#   tests/e2e/*.sh           end-to-end: ./brief run as a user runs it
# Every test prints "PASS name", "FAIL name: why" or "SKIP name: why"; a
# driver that exits non-zero without printing a FAIL counts as one failure.
# Set TESTS=pattern to run only the suites whose path contains it.
cd "$(dirname "$0")/.." || exit 2
log=$(mktemp); cfg=$(mktemp -d); trap 'rm -rf "$log" "$cfg"' EXIT
# Tests see the shipped configuration, never the user's (~/.config/brief),
# and keep their caches (the fonts': fonts/fontcache.h) out of ~/.cache.
export XDG_CONFIG_HOME="$cfg"
export XDG_CACHE_HOME="$cfg/cache"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
: "${TESTS:=}"

run_suite() { # label command...
    label=$1; shift
    case "$label" in *"$TESTS"*) ;; *) return ;; esac
    out=$(mktemp)
    "$@" >"$out" 2>"$out.err"; rc=$?
    sed -E "s@^(PASS|FAIL|SKIP) @\1 $label: @" "$out" | grep -E '^(PASS|FAIL|SKIP) ' | tee -a "$log"
    if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$out"; then
        echo "FAIL $label: exited $rc" | tee -a "$log"
        tail -n 20 "$out.err" | sed 's/^/    /'
    elif grep -q '^FAIL ' "$out"; then
        tail -n 20 "$out.err" | sed 's/^/    /'
    fi
    rm -f "$out" "$out.err"
}

for t in build/unit/test_*; do [ -x "$t" ] && run_suite "unit/${t##*/}" "$t"; done
for t in build/unit-asan/test_*; do [ -x "$t" ] && run_suite "asan/${t##*/}" "$t"; done
# Fuzz targets built without libFuzzer replay their corpus tests/fuzz/<name>/.
for t in build/fuzz-replay/fuzz_*; do [ -x "$t" ] && run_suite "fuzz/${t##*/}" "$t" "tests/fuzz/${t##*/fuzz_}"; done
for t in tests/e2e/*.sh; do [ -f "$t" ] && run_suite "e2e/$(basename "$t" .sh)" sh "$t"; done

passed=$(grep -c '^PASS ' "$log"); failed=$(grep -c '^FAIL ' "$log"); skipped=$(grep -c '^SKIP ' "$log")
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
