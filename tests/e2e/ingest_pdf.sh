# SPDX-License-Identifier: GPL-3.0-or-later
# brief ingest on PDFs, as a user runs it: the round trip text -> brief
# typeset -> PDF -> brief ingest gives the articles, titles and paragraphs
# of the text (the samples, and the seed when present); ReportLab's PDFs
# (two columns, running heads, page numbers, spaced paragraphs) give those
# of the text they were made from; bad PDFs beside good files are refused by
# name and store nothing; a PDF is known by its bytes, not its name.
. tests/lib.sh

q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }
# title | subtitle | body of every article, in order, one a line
articles() { q "$1" "SELECT a.title || '|' || coalesce(a.subtitle, '') || '|' || a.body FROM articles a
                     ORDER BY a.bulletin_id, a.id"; }
D=tests/data/pdf

# ---- the round trip: the samples (and the seed) set by brief typeset ------------------
mkdir -p "$TMP/rt/txt" "$TMP/rt/pdf"
cp samples/2023/*.txt "$TMP/rt/txt/"
seed=$(seed_file)
[ -n "$seed" ] && cp "$seed" "$TMP/rt/txt/"
for f in "$TMP/rt/txt"/*.txt; do
    b=${f##*/}
    "$BRIEF" typeset "$f" -o "$TMP/rt/pdf/${b%.txt}.pdf" >/dev/null 2>>"$TMP/rt/typeset.err"
done
"$BRIEF" ingest --db "$TMP/rt/t.db" "$TMP/rt/txt" >/dev/null 2>&1
"$BRIEF" ingest --db "$TMP/rt/p.db" "$TMP/rt/pdf" >"$TMP/rt/out" 2>"$TMP/rt/err"; rc=$?
check_eq pdf_round_trip_exit_0 "$rc" 0
n=$(ls "$TMP/rt/txt" | wc -l)
check_eq pdf_round_trip_every_file_stored "$(q "$TMP/rt/p.db" 'SELECT count(*) FROM bulletins')" "$n"
check_eq pdf_round_trip_source_kind "$(q "$TMP/rt/p.db" "SELECT group_concat(DISTINCT encoding) FROM bulletins")" pdf
articles "$TMP/rt/t.db" > "$TMP/rt/t.out"
articles "$TMP/rt/p.db" > "$TMP/rt/p.out"
check pdf_round_trip_same_articles_titles_paragraphs diff "$TMP/rt/t.out" "$TMP/rt/p.out"
check_eq pdf_round_trip_page_numbers_are_furniture \
    "$(q "$TMP/rt/p.db" "SELECT count(*) FROM articles WHERE body GLOB '*- [0-9] -*' OR body GLOB '*- [0-9][0-9] -*'")" 0
if [ -n "$seed" ]; then
    s=$(basename "$seed" .txt)
    check_eq pdf_round_trip_seed_3_articles_17_paragraphs \
        "$(q "$TMP/rt/p.db" "SELECT count(*) || ' ' || sum(length(body) - length(replace(body, char(10), '')) + 1)
                             FROM articles a JOIN bulletins b ON b.id = a.bulletin_id WHERE b.file_name LIKE '%$s.pdf'")" \
        "3 17"
else
    skip pdf_round_trip_seed_3_articles_17_paragraphs "no seed bulletin in $SEEDS"
fi

# ---- a second producer: ReportLab (fixtures committed; tests/data/pdf/make_reportlab.py) ----
"$BRIEF" ingest --db "$TMP/rl_t.db" "$D/reportlab_source.txt" >/dev/null 2>&1
articles "$TMP/rl_t.db" > "$TMP/rl_t.out"
for f in reportlab_2col reportlab_spaced; do
    "$BRIEF" ingest --db "$TMP/$f.db" "$D/$f.pdf" >/dev/null 2>"$TMP/$f.err"; rc=$?
    check_eq "${f}_exit_0" "$rc" 0
    articles "$TMP/$f.db" > "$TMP/$f.out"
    check "${f}_same_articles_as_its_text" diff "$TMP/rl_t.out" "$TMP/$f.out"
    check_eq "${f}_3_articles_10_paragraphs" \
        "$(q "$TMP/$f.db" "SELECT count(*) || ' ' || sum(length(body) - length(replace(body, char(10), '')) + 1) FROM articles")" \
        "3 10"
    # the masthead's date, not the PDF's creation date (2000-01-01: weak evidence)
    check_eq "${f}_date_from_the_text" "$(q "$TMP/$f.db" "SELECT issued_on || ' ' || date_source FROM bulletins")" \
        "2024-03-15 metadata"
done
"$BRIEF" ingest --explain "$D/reportlab_2col.pdf" >"$TMP/explain" 2>&1
check pdf_explain_names_the_source_kind grep -q '^tests/data/pdf/reportlab_2col.pdf: pdf, 3 articles, date 2024-03-15' "$TMP/explain"
check pdf_explain_page_numbers_by_place grep -Eq '^ +[0-9]+  furniture  pdf-page-number +第 2 页$' "$TMP/explain"
check pdf_explain_running_head_by_place grep -Eq '^ +[0-9]+  furniture  pdf-running-head +2024年第6期$' "$TMP/explain"
# the paragraph the page break cut, whole
check pdf_paragraph_joined_across_the_page_break \
    grep -q '体验饮水、充电、休息' "$TMP/reportlab_2col.out"

# ---- bad PDFs beside good files: refused by name, nothing stored for them -------------
mkdir -p "$TMP/mixed"
cp "$D/reportlab_2col.pdf" "$D/tiny.pdf" "$D/scanned.pdf" "$D/locked_password.pdf" "$D/locked_nocopy.pdf" "$TMP/mixed/"
cp samples/2023/2023-10-13_jiulongpo.txt "$TMP/mixed/"
head -c 60000 "$D/reportlab_spaced.pdf" > "$TMP/mixed/truncated.pdf"
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' \
    > "$TMP/mixed/malformed.pdf"
"$BRIEF" ingest --db "$TMP/m.db" "$TMP/mixed" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq bad_pdfs_exit_1 "$rc" 1
check_eq bad_pdfs_good_files_stored \
    "$(q "$TMP/m.db" "SELECT group_concat(replace(file_name, '$TMP/mixed/', ''), ' ') FROM bulletins ORDER BY id")" \
    "2023-10-13_jiulongpo.txt reportlab_2col.pdf tiny.pdf"
check bad_pdfs_summary grep -q '^ingested 8 files: 3 new bulletins, [0-9]* articles, 0 duplicates, 5 failed' "$TMP/out"
check bad_pdf_scanned_says_no_text_layer \
    grep -q "mixed/scanned.pdf: no text layer (1 page, no text on it: a scan?); brief does no OCR" "$TMP/err"
check bad_pdf_password_says_so grep -q "mixed/locked_password.pdf: the PDF needs a password to open" "$TMP/err"
check bad_pdf_nocopy_says_so grep -q "mixed/locked_nocopy.pdf: the PDF is encrypted and its permissions forbid copying" "$TMP/err"
check bad_pdf_truncated_says_so grep -q "mixed/truncated.pdf: truncated PDF (no %%EOF at its end)" "$TMP/err"
check bad_pdf_malformed_says_so grep -q "mixed/malformed.pdf: malformed PDF" "$TMP/err"
check_eq bad_pdfs_poppler_quiet "$(grep -vc '^brief ingest: ' "$TMP/err")" 0
check_eq bad_pdfs_nothing_half_stored "$(q "$TMP/m.db" "SELECT count(*) FROM articles a LEFT JOIN bulletins b ON b.id = a.bulletin_id WHERE b.id IS NULL")" 0
# the same bytes again: the duplicate rule on the PDF's bytes
"$BRIEF" ingest --db "$TMP/m.db" "$D/reportlab_2col.pdf" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq pdf_duplicate_exit_0 "$rc" 0
check pdf_duplicate_already_stored grep -q 'reportlab_2col.pdf: already stored (bulletin 2)' "$TMP/err"

# ---- known by its bytes, not its name --------------------------------------------------
cp "$D/tiny.pdf" "$TMP/looks_like_text.txt"
cp samples/2023/2023-10-12_wanzhou.txt "$TMP/named_pdf.pdf"
"$BRIEF" ingest --db "$TMP/n.db" "$TMP/looks_like_text.txt" "$TMP/named_pdf.pdf" >/dev/null 2>"$TMP/err"; rc=$?
check_eq by_content_exit_0 "$rc" 0
check_eq by_content_kinds \
    "$(q "$TMP/n.db" "SELECT group_concat(replace(file_name, '$TMP/', '') || '=' || encoding, ' ') FROM bulletins ORDER BY id")" \
    "looks_like_text.txt=pdf named_pdf.pdf=gb18030"
# standard input too
"$BRIEF" ingest --explain - < "$D/tiny.pdf" >"$TMP/out" 2>&1
check pdf_from_stdin grep -q '^(stdin): pdf, 1 article' "$TMP/out"

# ---- hostile PDFs (tests/data/pdf/make_hostile.py): each its clear answer ---------------
if command -v python3 >/dev/null 2>&1; then
    mkdir -p "$TMP/h"
    python3 "$D/make_hostile.py" "$TMP/h"
    "$BRIEF" ingest --db "$TMP/h.db" "$TMP/h" >"$TMP/out" 2>"$TMP/err"; rc=$?
    check_eq hostile_pdfs_exit_1 "$rc" 1
    check hostile_pdf_page_tree_loop_no_text grep -q "h/page_tree_loop.pdf: no text layer (2 pages, no text on any: a scan?)" "$TMP/err"
    check_eq hostile_pdfs_only_the_loop_fails "$(grep '^brief ingest: ' "$TMP/err" | grep -vc ': warning: ')" 1
    check_eq hostile_pdf_control_chars_and_offpage_text_dropped \
        "$(q "$TMP/h.db" "SELECT body FROM articles a JOIN bulletins b ON b.id = a.bulletin_id WHERE b.file_name LIKE '%control_offpage.pdf'")" \
        "Union news in brief.
The congress met."
    check_eq hostile_pdf_giant_page_read "$(q "$TMP/h.db" "SELECT count(*) FROM bulletins WHERE file_name LIKE '%giant_page.pdf'")" 1
    check_eq hostile_pdf_deep_nesting_read "$(q "$TMP/h.db" "SELECT count(*) FROM bulletins WHERE file_name LIKE '%deep_nesting.pdf'")" 1
    # 50,000 lines that might be running heads, each checked in linear time
    check_eq hostile_pdf_many_heads_are_furniture \
        "$(q "$TMP/h.db" "SELECT article_count || ' ' || (furniture_lines >= 45000) FROM bulletins WHERE file_name LIKE '%many_heads.pdf'")" \
        "1000 1"
    check_eq hostile_pdf_many_lines_read "$(q "$TMP/h.db" "SELECT count(*) FROM bulletins WHERE file_name LIKE '%many_lines.pdf'")" 1
else
    skip hostile_pdfs "python3 is not installed"
fi
