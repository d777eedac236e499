# SPDX-License-Identifier: GPL-3.0-or-later
# Faults of the machine under brief (docs/reliability.md): a full disk while
# ingesting and while writing a PDF, a read-only output folder, the database
# locked by another writer, a corrupted database, a font file truncated or
# gone, SIGTERM/SIGINT mid-ingest and mid-batch. Each must give a clear error and a non-zero
# exit, leave nothing half-written, and keep what was stored intact.
. tests/lib.sh

q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }
BRIEF_ABS=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")

bulletin() { # WORD
    printf '重庆市总工会召开专题会议%s\n\n' "$1"
    printf '近日,重庆市总工会召开专题会议,研究%s贯彻落实举措。会议要求各级工会认真抓好落实。\n\n' "$1"
    printf '开州区总工会举办职工技能竞赛\n\n'
    printf '10月20日,开州区总工会举办职工技能竞赛,吸引三百余名职工参加,%s。\n' "$1"
}
mkdir -p "$TMP/in"
bulletin 甲乙丙 > "$TMP/in/a.txt"
bulletin 丁戊己 > "$TMP/in/b.txt"
# Many distinct, larger bulletins (400 of ~50 KB): enough work, even on an idle
# machine, for a signal to land mid-way (batches commit every 0.25 s).
MANY=400
mkdir -p "$TMP/many"
j=0; while [ $j -lt 500 ]; do printf '第%s段,重庆市渝中区总工会组织职工开展“五型工会”建设活动。\n\n' $j; j=$((j+1)); done > "$TMP/body.txt"
i=0; while [ $i -lt $MANY ]; do
    { bulletin "第${i}号"; cat "$TMP/body.txt"; } > "$TMP/many/b$(printf %03d $i).txt"
    i=$((i+1))
done
integrity() { q "$1" 'PRAGMA integrity_check'; }

# ---- a full disk (ENOSPC) under the database and under the PDF ---------------------
# A 1 MB tmpfs needs mount privileges (root); elsewhere the checks SKIP.
SMALL="$TMP/small"; mkdir -p "$SMALL"
if mount -t tmpfs -o size=1m brief-test "$SMALL" 2>/dev/null; then
    trap 'umount "$SMALL" 2>/dev/null; rm -rf "$TMP"' EXIT
    "$BRIEF" ingest --db "$SMALL/full.db" "$TMP/in" >/dev/null 2>&1
    before=$(q "$SMALL/full.db" 'SELECT count(*) FROM bulletins')
    "$BRIEF" ingest --db "$SMALL/full.db" "$TMP/many" >"$TMP/out" 2>"$TMP/err"; rc=$?
    check_eq enospc_ingest_exit_1 "$rc" 1
    check enospc_ingest_says_disk_full grep -qi 'full' "$TMP/err"
    check_eq enospc_ingest_integrity_ok "$(integrity "$SMALL/full.db")" ok
    after=$(q "$SMALL/full.db" 'SELECT count(*) FROM bulletins')
    check enospc_ingest_keeps_earlier_data test "$after" -ge "$before"
    check_eq enospc_ingest_whole_bulletins_only \
        "$(q "$SMALL/full.db" 'SELECT count(*) FROM bulletins b WHERE article_count <> (SELECT count(*) FROM articles a WHERE a.bulletin_id = b.id)')" 0
    check enospc_ingest_summary_counts_failures grep -Eq '[1-9][0-9]* failed' "$TMP/out"
    # Free the disk: the same command completes the work, nothing lost.
    rm -f "$SMALL/filler"
    # The PDF: fill the disk, then typeset into it.
    cp "$TMP/many/b000.txt" "$TMP/doc.txt"
    rm -f "$SMALL"/full.db*
    dd if=/dev/zero of="$SMALL/filler" bs=1k count=2000 2>/dev/null
    (cd "$TMP" && "$BRIEF_ABS" typeset doc.txt -o "$SMALL/doc.pdf") >/dev/null 2>"$TMP/err"; rc=$?
    check_eq enospc_pdf_exit_1 "$rc" 1
    check enospc_pdf_says_why grep -qi 'space\|full' "$TMP/err"
    check_eq enospc_pdf_no_file_left "$(ls -A "$SMALL" | grep -v '^filler$' | tr '\n' ' ')" ""
    umount "$SMALL"
else
    skip enospc_ingest "cannot mount a 1 MB tmpfs (needs root)"
    skip enospc_pdf "cannot mount a 1 MB tmpfs (needs root)"
fi

# ---- a read-only output folder ------------------------------------------------------
mkdir -p "$TMP/ro"; chmod 555 "$TMP/ro"
if [ "$(id -u)" = 0 ]; then
    # root writes anywhere: chattr +i is not everywhere either; use a
    # read-only bind of the folder where possible.
    if mount --bind "$TMP/ro" "$TMP/ro" 2>/dev/null && mount -o remount,bind,ro "$TMP/ro" 2>/dev/null; then
        ro_mounted=1
    else
        ro_mounted=0
    fi
else
    ro_mounted=1
fi
if [ "$ro_mounted" = 1 ]; then
    (cd "$TMP" && "$BRIEF_ABS" typeset in/a.txt -o ro/a.pdf) >/dev/null 2>"$TMP/err"; rc=$?
    check_eq readonly_pdf_exit_1 "$rc" 1
    check readonly_pdf_names_the_file grep -q 'ro/a.pdf' "$TMP/err"
    check_eq readonly_pdf_nothing_written "$(ls -A "$TMP/ro")" ""
    "$BRIEF" ingest --db "$TMP/ro/x.db" "$TMP/in" >/dev/null 2>"$TMP/err"; rc=$?
    check_eq readonly_db_exit_1 "$rc" 1
    check readonly_db_names_the_file grep -q 'ro/x.db' "$TMP/err"
    [ "$(id -u)" = 0 ] && umount "$TMP/ro"
else
    skip readonly_output "root, and no read-only bind mount"
fi
chmod 755 "$TMP/ro"

# ---- the database locked by another writer ------------------------------------------
DB="$TMP/locked.db"
"$BRIEF" ingest --db "$DB" "$TMP/in/a.txt" >/dev/null 2>&1
# A writer holding the lock for 12 s, longer than brief's busy timeout (10 s).
( { echo 'BEGIN IMMEDIATE; INSERT INTO bulletins(sha256) SELECT sha256 FROM bulletins WHERE 0;'; sleep 12; echo 'COMMIT;'; } | sqlite3 "$DB" ) &
holder=$!
sleep 1
start=$(date +%s)
"$BRIEF" ingest --db "$DB" "$TMP/in/b.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
waited=$(( $(date +%s) - start ))
wait $holder
check_eq locked_db_exit_1 "$rc" 1
check locked_db_says_locked grep -qi 'locked\|busy' "$TMP/err"
check locked_db_waited_busy_timeout test "$waited" -ge 9
check_eq locked_db_integrity_ok "$(integrity "$DB")" ok
check_eq locked_db_first_bulletin_kept "$(q "$DB" 'SELECT count(*) FROM bulletins')" 1
"$BRIEF" ingest --db "$DB" "$TMP/in/b.txt" >/dev/null 2>&1
check_eq locked_db_retry_after_stores "$(q "$DB" 'SELECT count(*) FROM bulletins')" 2

# ---- a corrupted database -----------------------------------------------------------
cp "$DB" "$TMP/corrupt.db"
# Overwrite the page after the header page with garbage: SQLite's own checks notice.
ps=$(q "$DB" 'PRAGMA page_size')
printf "%${ps}s" '' | tr ' ' '\377' | dd of="$TMP/corrupt.db" bs="$ps" seek=1 conv=notrunc 2>/dev/null
# (A file already stored is found through the intact index and reported a
# duplicate: SQLite notices damage where it reads, so a new file it is.)
bulletin 庚辛壬 > "$TMP/c.txt"
"$BRIEF" ingest --db "$TMP/corrupt.db" "$TMP/c.txt" >/dev/null 2>"$TMP/err"; rc=$?
check_eq corrupt_db_ingest_exit_1 "$rc" 1
check corrupt_db_ingest_says_so grep -qi 'malformed\|corrupt\|not a brief\|not a database' "$TMP/err"
"$BRIEF" search --db "$TMP/corrupt.db" 工会 >/dev/null 2>"$TMP/err"; rc=$?
check_eq corrupt_db_search_exit_1 "$rc" 1
printf 'not a database at all\n' > "$TMP/garbage.db"
"$BRIEF" ingest --db "$TMP/garbage.db" "$TMP/in/a.txt" >/dev/null 2>"$TMP/err"; rc=$?
check_eq garbage_db_exit_1 "$rc" 1
check_eq garbage_db_untouched "$(cat "$TMP/garbage.db")" "not a database at all"

# ---- a font file truncated or gone --------------------------------------------------
font=$(fc-match -f '%{file}' 'WenQuanYi Micro Hei' 2>/dev/null)
case "$font" in
*.tt[cf])
    cp "$font" "$TMP/font.ttc"
    printf 'body = %s\nheading = %s\n' "$TMP/font.ttc" "$TMP/font.ttc" > "$TMP/roles.conf"
    (cd "$TMP" && BRIEF_FONTS="$TMP/roles.conf" "$BRIEF_ABS" typeset in/a.txt -o ok.pdf) >/dev/null 2>"$TMP/err"
    check font_copy_works test -s "$TMP/ok.pdf"
    head -c 4096 "$font" > "$TMP/font.ttc"
    (cd "$TMP" && BRIEF_FONTS="$TMP/roles.conf" "$BRIEF_ABS" typeset in/a.txt -o trunc.pdf) >/dev/null 2>"$TMP/err"; rc=$?
    check_eq font_truncated_exit_1 "$rc" 1
    check font_truncated_names_file grep -q 'font.ttc' "$TMP/err"
    check_eq font_truncated_no_pdf "$(ls "$TMP"/trunc.pdf* 2>/dev/null)" ""
    rm -f "$TMP/font.ttc"
    (cd "$TMP" && BRIEF_FONTS="$TMP/roles.conf" "$BRIEF_ABS" typeset in/a.txt -o gone.pdf) >/dev/null 2>"$TMP/err"; rc=$?
    check_eq font_gone_exit_1 "$rc" 1
    check font_gone_names_file grep -q 'font.ttc' "$TMP/err"
    check_eq font_gone_no_pdf "$(ls "$TMP"/gone.pdf* 2>/dev/null)" ""
    ;;
*) skip font_faults "WenQuanYi Micro Hei is not installed" ;;
esac

# ---- SIGTERM and SIGINT in the middle of an ingest ----------------------------------
for sig in TERM INT; do
    db="$TMP/sig$sig.db"
    "$BRIEF" ingest --db "$db" "$TMP/many" >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    # Wait for the first committed batch, then signal.
    n=0; while [ $n -lt 200 ]; do
        c=$(sqlite3 "$db" 'SELECT count(*) FROM bulletins' 2>/dev/null || echo 0)
        [ "${c:-0}" -gt 0 ] && break
        sleep 0.05; n=$((n+1))
    done
    kill -$sig $pid 2>/dev/null; wait $pid; rc=$?
    stored=$(q "$db" 'SELECT count(*) FROM bulletins')
    if [ "$stored" -ge $MANY ]; then
        skip sig${sig}_mid_ingest "the ingest finished before the signal"
        continue
    fi
    check_eq sig${sig}_exit_1 "$rc" 1
    check sig${sig}_says_interrupted grep -q "interrupted (SIG$sig)" "$TMP/err"
    check_eq sig${sig}_integrity_ok "$(integrity "$db")" ok
    check_eq sig${sig}_whole_bulletins_only \
        "$(q "$db" 'SELECT count(*) FROM bulletins b WHERE article_count <> (SELECT count(*) FROM articles a WHERE a.bulletin_id = b.id)')" 0
    "$BRIEF" ingest --db "$db" "$TMP/many" >/dev/null 2>&1
    check_eq sig${sig}_rerun_completes "$(q "$db" 'SELECT count(*) FROM bulletins')" $MANY
done

# ---- a file over the 64 MB limit (docs/limits.md) beside a good one -----------------
truncate -s 65M "$TMP/in/huge.txt"
"$BRIEF" ingest --db "$TMP/limit.db" "$TMP/in" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq oversize_file_exit_1 "$rc" 1
check oversize_file_says_limit grep -q 'huge.txt: too large (over 64 MB' "$TMP/err"
check_eq oversize_file_others_stored "$(q "$TMP/limit.db" 'SELECT count(*) FROM bulletins')" 2
rm -f "$TMP/in/huge.txt"

# ---- SIGTERM and SIGINT in the middle of a batch ------------------------------------
# Six jobs, two at a time, each a script busy for about 2 s before writing
# its output: the signal lands while two run. Finished outputs stay whole,
# the running ones leave nothing (no temporary file), the history says
# "interrupted", the database is intact, and a rerun does the rest.
mkdir -p "$TMP/batch"
cat > "$TMP/batch/slow.lua" <<'LUA'
local t = os.clock()
while os.clock() - t < 2 do end
brief.write_output("report " .. brief.params.n .. "\n")
LUA
cat > "$TMP/batch/jobs.lua" <<'LUA'
local jobs = {}
for i = 1, 6 do
  jobs[i] = { name = 'job' .. i, script = 'slow.lua', output = 'out/{name}.txt', params = { n = i } }
end
return jobs
LUA
for sig in TERM INT; do
    db="$TMP/batch$sig.db"; rm -rf "$TMP/batch/out"
    "$BRIEF" ingest --db "$db" "$TMP/in/a.txt" >/dev/null 2>&1
    "$BRIEF" batch "$TMP/batch/jobs.lua" --output-dir "$TMP" --db "$db" -j 2 >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    n=0; while [ $n -lt 300 ]; do   # until the first two jobs are done
        [ "$(ls "$TMP/batch/out" 2>/dev/null | grep -c '^job.\.txt$')" -ge 2 ] && break
        sleep 0.05; n=$((n+1))
    done
    sleep 0.5
    kill -$sig $pid 2>/dev/null; wait $pid; rc=$?
    done_jobs=$(ls "$TMP/batch/out" 2>/dev/null | grep -c '^job.\.txt$')
    if [ "$done_jobs" -ge 6 ]; then skip batch_sig${sig} "the batch finished before the signal"; continue; fi
    check_eq batch_sig${sig}_exit_1 "$rc" 1
    check_eq batch_sig${sig}_no_temporary_file "$(ls -A "$TMP/batch/out" | grep -v '^job.\.txt$' | tr '\n' ' ')" ""
    check batch_sig${sig}_outputs_whole sh -c "for f in '$TMP'/batch/out/job*.txt; do grep -q '^report [1-6]\$' \"\$f\" || exit 1; done"
    check_eq batch_sig${sig}_history_interrupted \
        "$(q "$db" "SELECT count(*) FROM runs WHERE status = 'failed' AND error LIKE 'interrupted%'")" 2
    check_eq batch_sig${sig}_none_left_running "$(q "$db" "SELECT count(*) FROM runs WHERE status = 'running'")" 0
    check_eq batch_sig${sig}_integrity_ok "$(integrity "$db")" ok
    "$BRIEF" batch "$TMP/batch/jobs.lua" --output-dir "$TMP" --db "$db" -j 2 >/dev/null 2>&1
    check_eq batch_sig${sig}_rerun_completes "$(ls "$TMP/batch/out" | grep -c '^job.\.txt$')" 6
done
