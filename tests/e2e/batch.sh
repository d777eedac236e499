# SPDX-License-Identifier: GPL-3.0-or-later
# brief batch and brief runs as cron would run them: exit codes, manifest
# errors, statuses of failing/timing-out/memory-hungry jobs beside good ones,
# the lock, kill -9 and rerun, skipping, shards, read-only databases, logs.
. tests/lib.sh
BRIEF=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")   # absolute: tests cd around
DB=$TMP/brief.db

# ---- without the script runtime ----

check_status batch_no_manifest_is_usage 2 "$BRIEF" batch
check_status batch_bad_shard_is_usage 2 "$BRIEF" batch x.lua --shard 4/3
check_status batch_bad_log_format_is_usage 2 "$BRIEF" batch x.lua --log-format xml
check_status batch_missing_manifest_is_2 2 "$BRIEF" batch "$TMP/none.lua" --output-dir "$TMP"

cat >"$TMP/bad.lua" <<'EOF'
return {
  { name = 'weekly', script = 'ok.lua', output = 'out/{week}.pdf' },
  { name = 'digest', output = 'out/digest.pdf' },
  { name = 'weekly', script = 'ok.lua', output = 'out/{wek}.pdf', colour = 'red' },
}
EOF
"$BRIEF" batch "$TMP/bad.lua" --output-dir "$TMP" --db "$DB" >"$TMP/stdout" 2>"$TMP/err"; rc=$?
check_eq batch_manifest_error_exit_2 "$rc" 2
check batch_error_names_job_and_field grep -qF "bad.lua: job 2 'digest': field 'script': expected a string, got nil" "$TMP/err"
check batch_error_duplicate_name grep -qF "job 3 'weekly': field 'name': duplicate of job 1" "$TMP/err"
check batch_error_unknown_field grep -qF "job 3 'weekly': unknown field 'colour'" "$TMP/err"
check batch_error_unknown_placeholder grep -qF "job 3 'weekly': field 'output': 'out/{wek}.pdf': unknown placeholder {wek}" "$TMP/err"
check batch_manifest_error_runs_nothing test ! -e "$DB"

cat >"$TMP/ok.lua" <<'EOF'
-- A report in text: its params and the day it believes it is.
if brief and brief.write_output then
  brief.write_output("report " .. (brief.params.n or "-") .. " " .. brief.date.today() .. "\n")
end
EOF
cat >"$TMP/five.lua" <<'EOF'
local jobs = {}
for i = 1, 5 do
  jobs[i] = { name = 'job' .. i, script = 'ok.lua', output = 'out/{name}.pdf', params = { n = i } }
end
return jobs
EOF
"$BRIEF" batch "$TMP/five.lua" --output-dir "$TMP" --db "$DB" --dry-run >"$TMP/stdout" 2>&1; rc=$?
check_eq batch_dry_run_exit_0 "$rc" 0
check_eq batch_dry_run_lists_every_job "$(grep -c '^run ' "$TMP/stdout")" 5
check batch_dry_run_runs_nothing test ! -e "$DB"

# Shards: 1/3, 2/3 and 3/3 together run every job exactly once (whatever the
# jobs' statuses: history is what is checked).
for i in 1 2 3; do "$BRIEF" batch "$TMP/five.lua" --output-dir "$TMP" --db "$DB" --shard $i/3 2>/dev/null; done
got=$(sqlite3 "$DB" 'SELECT job FROM runs ORDER BY job' | tr '\n' ' ')
check_eq batch_shards_cover_every_job_once "$got" "job1 job2 job3 job4 job5 "
check_eq batch_shard_2_of_3 "$(sqlite3 "$DB" "SELECT group_concat(job, ' ') FROM runs WHERE id IN (3, 4)")" "job2 job5"

"$BRIEF" batch "$TMP/five.lua" --output-dir "$TMP" --db "$TMP/json.db" --log-format json --shard 1/5 2>"$TMP/err" >/dev/null
check batch_json_log_line grep -qE '^\{"time":"[0-9T:.-]+Z","job":"job1","status":"[a-z]+","duration_s":[0-9.]+,' "$TMP/err"
check batch_json_summary_line grep -qE '^\{"time":"[^"]+","summary":\{"jobs":1,' "$TMP/err"

check batch_runs_lists_table sh -c "'$BRIEF' runs --db '$DB' | grep -q '^id .*job .*status'"
check_eq batch_runs_last_2 "$("$BRIEF" runs --db "$DB" --last 2 | tail -n +2 | wc -l)" 2
check_status batch_runs_missing_db_is_1 1 "$BRIEF" runs --db "$TMP/none.db"

# Another process holds the lock: exit 75 at once, naming it; --wait waits.
rm -f "$DB.lock"
sh -c 'exec 9<>"$1"; flock -x 9; echo $$ >"$1"; sleep 3' sh "$DB.lock" &
holder=$!
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$DB.lock" ] && break; sleep 0.2; done
"$BRIEF" batch "$TMP/five.lua" --output-dir "$TMP" --db "$DB" >/dev/null 2>"$TMP/err"; rc=$?
check_eq batch_locked_exit_75 "$rc" 75
check batch_locked_names_holder grep -q "held by process $holder" "$TMP/err"
runs_before=$(sqlite3 "$DB" 'SELECT count(*) FROM runs')
start=$(date +%s)
"$BRIEF" batch "$TMP/five.lua" --output-dir "$TMP" --db "$DB" --wait 10 >/dev/null 2>"$TMP/err"; rc=$?
waited=$(( $(date +%s) - start ))
kill -0 $holder 2>/dev/null; holder_alive=$?
runs_after=$(sqlite3 "$DB" 'SELECT count(*) FROM runs')
# it waited while the holder lived (about 3 s), then ran all five jobs
check_eq batch_wait_gets_the_lock "$rc waited=$([ $waited -ge 1 ] && echo yes || echo no) holder_gone=$([ $holder_alive -ne 0 ] && echo yes || echo no) runs=$((runs_after - runs_before))" \
    "0 waited=yes holder_gone=yes runs=5"
wait $holder

# ---- with the script runtime ----

rm -f "$DB" "$DB.lock"
cat >"$TMP/fail.lua" <<'EOF'
error("boom")
EOF
cat >"$TMP/spin.lua" <<'EOF'
while true do end
EOF
cat >"$TMP/hog.lua" <<'EOF'
local t = {}
for i = 1, 1e8 do t[i] = ("x"):rep(1000) .. i end
EOF
cat >"$TMP/mixed.lua" <<'EOF'
return {
  { name = 'good1', script = 'ok.lua', output = 'out/good1.pdf' },
  { name = 'bad', script = 'fail.lua', output = 'out/bad.pdf' },
  { name = 'spin', script = 'spin.lua', output = 'out/spin.pdf', timeout = 1 },
  { name = 'hog', script = 'hog.lua', output = 'out/hog.pdf', max_memory = '16M' },
  { name = 'good2', script = 'ok.lua', output = 'out/good2.pdf' },
}
EOF
"$BRIEF" batch "$TMP/mixed.lua" --output-dir "$TMP" --db "$DB" -j 2 >/dev/null 2>"$TMP/err"; rc=$?
check_eq batch_runtime_exit_1 "$rc" 1
got=$(sqlite3 "$DB" "SELECT job || '=' || status FROM runs ORDER BY job" | tr '\n' ' ')
check_eq batch_runtime_statuses "$got" "bad=failed good1=ok good2=ok hog=failed spin=timeout "
check batch_runtime_history_failed sh -c "'$BRIEF' runs --db '$DB' --failed | grep -q ' bad ' && ! '$BRIEF' runs --db '$DB' --failed | grep -q good1"

cat >"$TMP/goods.lua" <<'EOF'
return {
  { name = 'good1', script = 'ok.lua', output = 'out/good1.pdf' },
  { name = 'good2', script = 'ok.lua', output = 'out/good2.pdf' },
}
EOF
"$BRIEF" batch "$TMP/goods.lua" --output-dir "$TMP" --db "$DB" 2>"$TMP/err"
check batch_runtime_skip sh -c "[ \$(grep -c ' skipped ' '$TMP/err') -eq 2 ]"
"$BRIEF" batch "$TMP/goods.lua" --output-dir "$TMP" --db "$DB" --force 2>"$TMP/err"
check batch_runtime_force sh -c "[ \$(grep -c ' ok ' '$TMP/err') -eq 2 ]"
check_eq batch_runtime_output_written "$(cat "$TMP/out/good1.pdf" 2>/dev/null)" "report - $(date -u +%Y-%m-%d)"
sqlite3 "$DB" "INSERT INTO bulletins(sha256, issued_on, ingested_at, encoding, bytes, article_count)
               VALUES ('00', '2023-10-27', '2026-11-25T00:00:00Z', 'UTF-8', 1, 0)"
"$BRIEF" batch "$TMP/goods.lua" --output-dir "$TMP" --db "$DB" 2>"$TMP/err"
check batch_runtime_data_change sh -c "[ \$(grep -c ' ok ' '$TMP/err') -eq 2 ]"
# Deterministic: today is the newest bulletin's date, whatever the clock says.
check_eq batch_runtime_date_from_data "$(cat "$TMP/out/good1.pdf" 2>/dev/null)" "report - 2023-10-27"
cp "$TMP/out/good1.pdf" "$TMP/good1.first"
"$BRIEF" batch "$TMP/goods.lua" --output-dir "$TMP" --db "$DB" --force 2>/dev/null
check batch_runtime_same_bytes cmp "$TMP/good1.first" "$TMP/out/good1.pdf"

# kill -9 of the batch in the middle: its jobs die with it, the lock is
# free, and a rerun completes with no temporary file left behind.
cat >"$TMP/long.lua" <<'EOF'
return {
  { name = 'first', script = 'ok.lua', output = 'out/first.pdf' },
  { name = 'slow', script = 'spin.lua', output = 'out/slow.pdf', timeout = 60 },
}
EOF
"$BRIEF" batch "$TMP/long.lua" --output-dir "$TMP" --db "$DB" 2>/dev/null &
batch=$!
for i in $(seq 1 50); do
    [ "$(sqlite3 "$DB" "SELECT count(*) FROM runs WHERE job = 'slow' AND status = 'running'" 2>/dev/null)" = 1 ] && break
    sleep 0.2
done
kill -9 $batch; wait $batch 2>/dev/null
sleep 0.5
left=$(pgrep -f "batch $TMP/long.lua" | wc -l)
echo 'local y = 2' >"$TMP/spin.lua"
"$BRIEF" batch "$TMP/long.lua" --output-dir "$TMP" --db "$DB" 2>"$TMP/err"; rc=$?
check batch_runtime_kill9 sh -c "[ $left -eq 0 ] && [ $rc -eq 0 ] && grep -q 'marked failed' '$TMP/err' && ! ls -A '$TMP/out' | grep -q '\.tmp\.' && [ -s '$TMP/out/first.pdf' ]"

# Two real batches: the second gives up with 75 naming the first.
cat >"$TMP/spin.lua" <<'EOF'
while true do end
EOF
"$BRIEF" batch "$TMP/long.lua" --output-dir "$TMP" --db "$DB" --force 2>/dev/null &
batch=$!
# Until the first batch runs its slow job (so it holds the lock).
for i in $(seq 1 50); do
    [ "$(sqlite3 "$DB" "SELECT count(*) FROM runs WHERE job = 'slow' AND status = 'running'" 2>/dev/null)" = 1 ] && break
    sleep 0.2
done
"$BRIEF" batch "$TMP/goods.lua" --output-dir "$TMP" --db "$DB" 2>"$TMP/err"; rc=$?
kill -9 $batch; wait $batch 2>/dev/null
check batch_runtime_lock_real sh -c "[ $rc -eq 75 ] && grep -q 'held by process $batch' '$TMP/err'"

# A read-only database (a shard's copy): runs, warns, records nothing.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    mkdir -p "$TMP/ro/out" && chmod 777 "$TMP/ro/out" && cp "$TMP/ok.lua" "$TMP/ro/" && chmod 755 "$TMP" "$TMP/ro"
    cp "$DB" "$TMP/ro/brief.db" && chmod 644 "$TMP/ro/brief.db"
    printf "return { { name = 'ro', script = 'ok.lua', output = 'out/ro.pdf' } }\n" >"$TMP/ro/jobs.lua"
    before=$(sqlite3 "$TMP/ro/brief.db" 'SELECT count(*) FROM runs')
    setpriv --reuid=65534 --regid=65534 --clear-groups "$BRIEF" batch "$TMP/ro/jobs.lua" --output-dir "$TMP" --db "$TMP/ro/brief.db" 2>"$TMP/err"; rc=$?
    after=$(sqlite3 "$TMP/ro/brief.db" 'SELECT count(*) FROM runs')
    check batch_runtime_read_only sh -c "[ $rc -eq 0 ] && [ $before -eq $after ] && grep -q 'read-only' '$TMP/err'"
else
    skip batch_runtime_read_only "needs root and setpriv to run as another user"
fi

# Determinism: a weekly brief over the samples, twice with --force, same bytes.
"$BRIEF" ingest --db "$TMP/samples.db" samples/ >/dev/null 2>&1
printf "return { { name = 'w', script = '%s/scripts/weekly.lua', output = 'det/weekly-{week}.pdf', params = { week = '2023-W43' } } }\n" \
    "$PWD" >"$TMP/det.lua"
"$BRIEF" batch "$TMP/det.lua" --output-dir "$TMP" --db "$TMP/samples.db" 2>"$TMP/err"; rc1=$?
cp "$TMP/det/weekly-2023-W43.pdf" "$TMP/first.pdf" 2>/dev/null
"$BRIEF" batch "$TMP/det.lua" --output-dir "$TMP" --db "$TMP/samples.db" --force 2>>"$TMP/err"; rc2=$?
check batch_runtime_determinism sh -c "[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && cmp '$TMP/first.pdf' '$TMP/det/weekly-2023-W43.pdf' && qpdf --check '$TMP/first.pdf' >/dev/null"

# Eight jobs or more: the main faces' files are copied into memory before
# the first fork (fonts_make_resident). Each job's brief is still the bytes
# a standalone brief run writes, with the same date.
printf "return { %s }\n" "$(for i in 1 2 3 4 5 6 7 8; do printf "{ name = 'r%s', script = '%s/scripts/weekly.lua', output = 'res/{name}.pdf', params = { week = '2023-W%s' } }, " $i "$PWD" $((40 + (i - 1) % 5 + 1)); done)" >"$TMP/res.lua"
"$BRIEF" batch "$TMP/res.lua" --output-dir "$TMP" --db "$TMP/samples.db" -j 2 --log-format json 2>"$TMP/res.json"; rc1=$?
latest=$(sqlite3 "$TMP/samples.db" 'SELECT max(issued_on) FROM bulletins')
for w in 41 42 43 44 45; do
    SOURCE_DATE_EPOCH=$(date -u -d "$latest" +%s) "$BRIEF" run "$PWD/scripts/weekly.lua" --db "$TMP/samples.db" \
        -o "$TMP/res/run$w.pdf" --set week=2023-W$w >/dev/null 2>&1
done
same=0
for i in 1 2 3 4 5 6 7 8; do
    cmp -s "$TMP/res/r$i.pdf" "$TMP/res/run$((40 + (i - 1) % 5 + 1)).pdf" && same=$((same + 1))
done
check batch_resident_fonts_same_bytes sh -c "[ $rc1 -eq 0 ] && [ $same -eq 8 ]"
# The summary says how much of each job's resident size is that copy.
check batch_resident_fonts_in_summary grep -q '"summary".*"shared_fonts_kb":[1-9]' "$TMP/res.json"

# Eight jobs or more: the batch starts itself again once with LD_BIND_NOW
# (every library function bound before the jobs fork), with the date it
# read the manifest for; not with fewer jobs, nor when LD_BIND_NOW is set.
if command -v strace >/dev/null 2>&1; then
    strace -f -e trace=execve -o "$TMP/bind.trace" "$BRIEF" batch "$TMP/res.lua" --output-dir "$TMP" \
        --db "$TMP/samples.db" -j 2 --force 2>/dev/null; rc1=$?
    check batch_bind_now_restarts_once sh -c "[ $rc1 -eq 0 ] && [ \$(grep -c 'execve(\"/proc/self/exe\"' '$TMP/bind.trace') -eq 1 ] &&
        grep -q 'execve(\"/proc/self/exe\".*\"--date\", \"[0-9-]*\"' '$TMP/bind.trace'"
    strace -f -e trace=execve -o "$TMP/bind2.trace" "$BRIEF" batch "$TMP/res.lua" --output-dir "$TMP" \
        --db "$TMP/samples.db" -j 2 --force --date 2023-11-01 2>/dev/null
    grep 'execve("/proc/self/exe"' "$TMP/bind2.trace" >"$TMP/bind2.exec"
    check batch_bind_now_keeps_given_date sh -c "grep -q '\"--date\", \"2023-11-01\"' '$TMP/bind2.exec' && [ \$(grep -o '\"--date\"' '$TMP/bind2.exec' | wc -l) -eq 1 ]"
    LD_BIND_NOW=1 strace -f -e trace=execve -o "$TMP/bind3.trace" "$BRIEF" batch "$TMP/res.lua" --output-dir "$TMP" \
        --db "$TMP/samples.db" -j 2 --force 2>/dev/null
    check batch_bind_now_not_twice sh -c "! grep -q 'execve(\"/proc/self/exe\"' '$TMP/bind3.trace'"
    strace -f -e trace=execve -o "$TMP/bind4.trace" "$BRIEF" batch "$TMP/det.lua" --output-dir "$TMP" \
        --db "$TMP/samples.db" --force 2>/dev/null
    check batch_bind_now_not_for_one_job sh -c "! grep -q 'execve(\"/proc/self/exe\"' '$TMP/bind4.trace'"
    # the manifest after "--": the date goes before it
    strace -f -e trace=execve -o "$TMP/bind5.trace" "$BRIEF" batch --output-dir "$TMP" \
        --db "$TMP/samples.db" -j 2 --force -- "$TMP/res.lua" 2>/dev/null; rc1=$?
    check batch_bind_now_manifest_after_dashes sh -c "[ $rc1 -eq 0 ] && grep -q 'execve(\"/proc/self/exe\"' '$TMP/bind5.trace'"
else
    skip batch_bind_now_restarts_once "strace is not installed"
fi

# A job's document warning comes back to the parent and is logged as the
# job's; with --strict it fails the job.
mkdir -p "$TMP/rare"
cat >"$TMP/rare/rare.lua" <<'EOF2'
local d = brief.doc.new{}
d:paragraph("罕见字𱍐")
assert(d:save("x.pdf"))
EOF2
cat >"$TMP/rare/jobs.lua" <<'EOF2'
return { { name = 'rare', script = 'rare.lua', output = 'out/rare.pdf' } }
EOF2
"$BRIEF" batch "$TMP/rare/jobs.lua" --output-dir "$TMP/rare" --db "$TMP/rare/runs.db" >/dev/null 2>"$TMP/rare.err"; rc=$?
check_eq batch_warning_job_ok "$rc" 0
check batch_warning_logged grep -q "warning: job rare: .*rare.lua:2: block 1, page 1: U+31350 '𱍐' is in no font of role body" "$TMP/rare.err"
check batch_warning_document_written test -s "$TMP/rare/out/rare.pdf"
rm -f "$TMP/rare/out/rare.pdf"
"$BRIEF" batch "$TMP/rare/jobs.lua" --output-dir "$TMP/rare" --db "$TMP/rare/runs.db" --force --strict >/dev/null 2>"$TMP/rare.err"; rc=$?
check_eq batch_strict_job_fails "$rc" 1
check batch_strict_failed_line grep -q " rare failed " "$TMP/rare.err"
check batch_strict_writes_nothing test ! -e "$TMP/rare/out/rare.pdf"
