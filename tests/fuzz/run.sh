#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs each libFuzzer target of build/fuzz/ for FUZZ_SECONDS (default 60):
# the corpus grows in build/fuzz-corpus/<target>/ (seeded from
# tests/fuzz/<target>/), crashes, leaks and hangs land in
# build/fuzz-crashes/<target>/. A finding fails the run; copy the file into
# tests/fuzz/<target>/ once fixed, and `make test` replays it from then on.
cd "$(dirname "$0")/../.." || exit 2
seconds=${FUZZ_SECONDS:-60}
status=0
for bin in build/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=${bin##*/fuzz_}
    corpus=build/fuzz-corpus/$name; crashes=build/fuzz-crashes/$name
    mkdir -p "$corpus" "$crashes"
    cp tests/fuzz/"$name"/* "$corpus"/ 2>/dev/null
    echo "== fuzz $name: $seconds s"
    # -timeout: one input taking 120 s is a hang (a 100,000-character
    # paragraph takes 0.3 s in ./brief, seconds under ASan and libFuzzer on
    # a loaded machine); -rss_limit_mb: 2.5 GB is a blow-up (brief's own
    # limits keep far below it, docs/limits.md).
    "$bin" -max_total_time="$seconds" -timeout=120 -rss_limit_mb=2560 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" 2>build/fuzz-$name.log
    rc=$?
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|^#[0-9]+ *DONE' build/fuzz-$name.log
    # slow-unit-* files are inputs over 10 s: worth a look, not a failure.
    found=$(ls "$crashes" | grep -E '^(crash|leak|timeout|oom)-')
    [ -n "$(ls "$crashes" | grep '^slow-unit-')" ] && echo "note: slow inputs in $crashes/"
    if [ $rc -ne 0 ] || [ -n "$found" ]; then
        echo "FAIL fuzz $name (exit $rc): see build/fuzz-$name.log and $crashes/"
        grep -E 'ERROR|SUMMARY' build/fuzz-$name.log | head -5
        status=1
    else
        echo "PASS fuzz $name"
    fi
done
exit $status
