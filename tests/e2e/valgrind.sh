# SPDX-License-Identifier: GPL-3.0-or-later
# Memory: an end-to-end run under valgrind (ingest of text and PDF, typeset, a script, and
# their failure paths: a bad file, a script error unwinding through C, a
# script over its memory limit) with no invalid access and no leak. Kept
# small: valgrind runs brief 20-50 times slower. SKIP without valgrind.
# Leaks counted are "definite" and "indirect" (memory no pointer reaches);
# fontconfig's and glib's caches are still reachable at exit, by design.
. tests/lib.sh

if ! command -v valgrind >/dev/null 2>&1; then
    skip valgrind "valgrind is not installed (make deps installs it)"
    exit 0
fi
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
BRIEF_ABS=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")

printf '重庆市总工会召开会议\n\n近日,重庆市总工会召开会议,研究“十件实事”落实举措。渝中区总工会参加。\n\n开州区总工会举办竞赛\n\n近日,开州区总工会举办职工技能竞赛。\n' > "$TMP/a.txt"
printf 'binary\000file\n' > "$TMP/bad.txt"
DB="$TMP/v.db"

# vg NAME WANT_EXIT COMMAND...: exit 99 is valgrind's finding.
vg() { name=$1; want=$2; shift 2
    $VG "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?
    if [ "$rc" -eq 99 ]; then fail "$name" "valgrind: $(grep -m3 -E 'Invalid|lost|uninitialised|==[0-9]+== [A-Z]' "$TMP/err" | tr '\n' ' ')"
    elif [ "$rc" -ne "$want" ]; then fail "$name" "exit $rc, want $want: $(head -c 300 "$TMP/err" | tr '\n' ' ')"
    else pass "$name"; fi; }

vg valgrind_ingest 0 "$BRIEF" ingest --db "$DB" "$TMP/a.txt"
vg valgrind_ingest_bad_file 1 "$BRIEF" ingest --db "$DB" "$TMP/bad.txt"
# a PDF: the reader's child (poppler) and the parent's layout; a scan refused
vg valgrind_ingest_pdf 0 "$BRIEF" ingest --db "$DB" tests/data/pdf/tiny.pdf
vg valgrind_ingest_pdf_refused 1 "$BRIEF" ingest --db "$DB" tests/data/pdf/scanned.pdf
vg valgrind_search 0 "$BRIEF" search --db "$DB" 工会
(cd "$TMP" && vg valgrind_typeset 0 "$BRIEF_ABS" typeset a.txt -o a.pdf)
check valgrind_typeset_pdf_ok qpdf --check "$TMP/a.pdf"
printf 'for _, r in ipairs(brief.data.query("SELECT title, body FROM articles")) do print(r.title, #r.body) end\n' > "$TMP/ok.lua"
vg valgrind_script 0 "$BRIEF" run "$TMP/ok.lua" --db "$DB"
printf 'local rows = brief.data.query("SELECT * FROM articles")\nerror("stop here")\n' > "$TMP/err.lua"
vg valgrind_script_error 1 "$BRIEF" run "$TMP/err.lua" --db "$DB"
printf 'local t = {} for i = 1, 1e8 do t[i] = brief.data.query("SELECT title FROM articles") end\n' > "$TMP/mem.lua"
vg valgrind_script_memory_limit 1 "$BRIEF" run "$TMP/mem.lua" --db "$DB" --max-memory 16
# An image file shorter than any header (1 byte): its probe read bytes it
# had not read (issue 12); now it is refused, reading nothing more.
printf '\377' > "$TMP/tiny.png"
printf 'local d = brief.doc.new{}\nassert(not pcall(d.image, d, "%s/tiny.png"))\n' "$TMP" > "$TMP/tiny.lua"
vg valgrind_short_image 0 "$BRIEF" run "$TMP/tiny.lua"
# A batch: the parent (manifest, lock, history) and its forked job, which runs a
# script that writes a document (--trace-children follows the fork).
mkdir -p "$TMP/batch"
printf 'local d = brief.doc.new{title = "测试"}\nd:heading("重庆市总工会召开会议")\nd:paragraph("近日,重庆市总工会召开会议。")\nd:save()\n' > "$TMP/batch/doc.lua"
printf 'return {\n  { name = "one", script = "doc.lua", output = "out/{name}.pdf" },\n  { name = "bad", script = "err.lua", output = "out/{name}.pdf" },\n}\n' > "$TMP/batch/jobs.lua"
cp "$TMP/err.lua" "$TMP/batch/err.lua"
VG="$VG --trace-children=yes"
vg valgrind_batch 1 "$BRIEF" batch "$TMP/batch/jobs.lua" --output-dir "$TMP" --db "$DB"
check valgrind_batch_pdf_ok qpdf --check "$TMP/batch/out/one.pdf"
# A finding in the forked job shows only in its own report: no invalid access or
# uninitialised value may appear there. (Its leak report is not read: a job that
# _exits holds the parent's pre-fork allocations, which valgrind counts as lost;
# the parent's own leaks fail it through --error-exitcode.) The good job is ok.
if grep -qE '^==[0-9]+== .*(Invalid|uninitialised|Mismatched|overlap)' "$TMP/err"; then
    fail valgrind_batch_children_clean "$(grep -m3 -E '^==[0-9]+== .*(Invalid|uninitialised|Mismatched|overlap)' "$TMP/err" | tr '\n' ' ')"
else pass valgrind_batch_children_clean; fi
check valgrind_batch_job_ok grep -qE ' one ok ' "$TMP/err"
