# SPDX-License-Identifier: GPL-3.0-or-later
# brief ingest on Word documents, as a user runs it: the round trip text ->
# stored articles -> .docx (tests/tools/make_docx.py, three ways of marking
# headings: Word's style names, Chinese names under localised ids, bold and
# size alone) -> brief ingest gives the articles, titles and paragraphs of
# the text (the samples, and the seed when present); the Chinese-named
# fixture with a table and a text box; bad files beside good ones refused by
# name with nothing stored for them (a zip bomb, sizes that lie, XXE, a
# billion laughs, deep nesting, truncated, encrypted, not Word, a legacy
# .doc); a .docx is known by its bytes, not its name.
. tests/lib.sh

q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }
# title | subtitle | body of every article, in order of file, one a line
articles() { q "$1" "SELECT a.title || '|' || coalesce(a.subtitle, '') || '|' || a.body FROM articles a
                     JOIN bulletins b ON b.id = a.bulletin_id ORDER BY replace(b.file_name, '.docx', '.txt'), a.id"; }
D=tests/data/docx
if ! command -v python3 >/dev/null 2>&1; then
    skip docx_round_trip "python3 is not installed (tests/tools/make_docx.py writes the .docx files)"
    exit 0
fi

# ---- the round trip: the samples (and the seed) as Word documents ----------------------
mkdir -p "$TMP/rt/txt"
cp samples/2023/*.txt "$TMP/rt/txt/"
seed=$(seed_file)
[ -n "$seed" ] && cp "$seed" "$TMP/rt/txt/"
"$BRIEF" ingest --db "$TMP/rt/t.db" "$TMP/rt/txt" >/dev/null 2>&1
articles "$TMP/rt/t.db" > "$TMP/rt/t.out"
n=$(ls "$TMP/rt/txt" | wc -l)
for flavor in english chinese bold; do
    mkdir -p "$TMP/rt/$flavor"
    python3 tests/tools/make_docx.py sample --flavor "$flavor" "$TMP/rt/t.db" "$TMP/rt/$flavor" "$TMP/rt/txt"/*.txt \
        2>>"$TMP/rt/make.err"
    "$BRIEF" ingest --db "$TMP/rt/$flavor.db" "$TMP/rt/$flavor" >"$TMP/rt/out" 2>"$TMP/rt/err"; rc=$?
    check_eq "docx_round_trip_${flavor}_exit_0" "$rc" 0
    check_eq "docx_round_trip_${flavor}_every_file_stored" "$(q "$TMP/rt/$flavor.db" 'SELECT count(*) FROM bulletins')" "$n"
    check_eq "docx_round_trip_${flavor}_source_kind" \
        "$(q "$TMP/rt/$flavor.db" "SELECT group_concat(DISTINCT encoding) FROM bulletins")" docx
    articles "$TMP/rt/$flavor.db" > "$TMP/rt/$flavor.out"
    check "docx_round_trip_${flavor}_same_articles_titles_paragraphs" diff "$TMP/rt/t.out" "$TMP/rt/$flavor.out"
    # the dates too: from the file name, and the masthead of jiulongpo_jianbao_38
    check_eq "docx_round_trip_${flavor}_same_dates" \
        "$(q "$TMP/rt/$flavor.db" "SELECT group_concat(coalesce(issued_on, '-'), ' ') FROM (SELECT issued_on FROM bulletins ORDER BY file_name)")" \
        "$(q "$TMP/rt/t.db" "SELECT group_concat(coalesce(issued_on, '-'), ' ') FROM (SELECT issued_on FROM bulletins ORDER BY file_name)")"
    if [ -n "$seed" ]; then
        s=$(basename "$seed" .txt)
        check_eq "docx_round_trip_${flavor}_seed_3_articles_17_paragraphs" \
            "$(q "$TMP/rt/$flavor.db" "SELECT count(*) || ' ' || sum(length(body) - length(replace(body, char(10), '')) + 1)
                 FROM articles a JOIN bulletins b ON b.id = a.bulletin_id WHERE b.file_name LIKE '%$s.docx'")" "3 17"
    else
        skip "docx_round_trip_${flavor}_seed_3_articles_17_paragraphs" "no seed bulletin in $SEEDS"
    fi
done
check_eq docx_make_docx_quiet "$(cat "$TMP/rt/make.err")" ""
# the styles were what told the headlines: --explain shows the Title's line first
"$BRIEF" ingest --explain "$TMP/rt/english/2023-10-13_jiulongpo.docx" >"$TMP/explain" 2>&1
check docx_explain_names_the_source_kind \
    grep -q "^$TMP/rt/english/2023-10-13_jiulongpo.docx: docx, 3 articles, date 2023-10-13 (filename, day)" "$TMP/explain"
check docx_explain_numbers_paragraphs grep -Eq '^ +1  headline +headline +九龙坡区总工会 助力企业打造现代制造业产业工人队伍$' "$TMP/explain"

# ---- a bulletin written as Word documents are: Chinese style names, a table, a text box --
"$BRIEF" ingest --explain "$D/chinese.docx" >"$TMP/explain" 2>&1; rc=$?
check_eq docx_chinese_exit_0 "$rc" 0
# the masthead's date over core.xml's dcterms:created (2024-03-14: weak evidence)
check docx_chinese_summary grep -q "^$D/chinese.docx: docx, 2 articles, date 2024-03-15 (metadata, day)" "$TMP/explain"
check docx_chinese_masthead grep -Eq '^ +1  masthead +masthead +渝北区工会工作简报$' "$TMP/explain"
check docx_chinese_title_by_style grep -q '^article 1: 渝北区总工会开展春季职工技能比武$' "$TMP/explain"
check docx_chinese_subtitle_by_style grep -q '^  subtitle: ——参赛职工超过八百人$' "$TMP/explain"
check docx_chinese_title_by_outline_level grep -q '^article 2: 渝北区总工会慰问环卫职工$' "$TMP/explain"
check docx_chinese_table_row_a_line grep -Eq '^ +[0-9]+  text +[a-z]+ +走访企业 36家 覆盖三个园区$' "$TMP/explain"
check_eq docx_chinese_text_box_once "$(grep -c '图为活动现场职工参加技能比武。' "$TMP/explain")" 2   # its line, and the caption
check docx_chinese_deleted_text_skipped sh -c "! grep -q '共有九百人报名' '$TMP/explain'"
check docx_chinese_inserted_text_kept grep -q '各项目前三名由区总工会颁发证书' "$TMP/explain"
# a table's rows end no sentence, and are paragraphs of their own all the same (block_end)
"$BRIEF" ingest --db "$TMP/rows.db" "$D/chinese.docx" >/dev/null 2>&1
check_eq docx_table_rows_stay_paragraphs \
    "$(q "$TMP/rows.db" "SELECT count(*) FROM paragraphs WHERE text IN ('项目 数量 备注', '走访企业 36家 覆盖三个园区', '慰问职工 1200余人 一线为主')")" 3

# ---- bad files beside good ones: refused by name, nothing stored for them -------------------
mkdir -p "$TMP/mixed"
python3 tests/tools/make_docx.py hostile "$TMP/mixed"
cp "$D/chinese.docx" samples/2023/2023-10-13_jiulongpo.txt tests/data/pdf/tiny.pdf "$TMP/mixed/"
"$BRIEF" ingest --db "$TMP/m.db" "$TMP/mixed" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq bad_docx_exit_1 "$rc" 1
check_eq bad_docx_good_files_stored \
    "$(q "$TMP/m.db" "SELECT group_concat(replace(file_name, '$TMP/mixed/', ''), ' ') FROM (SELECT file_name FROM bulletins ORDER BY id)")" \
    "2023-10-13_jiulongpo.txt chinese.docx tiny.pdf"
check bad_docx_summary grep -q '^ingested 14 files: 3 new bulletins, [0-9]* articles, 0 duplicates, 11 failed' "$TMP/out"
m="$TMP/mixed"
check bad_docx_bomb_by_declared_size \
    grep -q "^brief ingest: $m/bomb.docx: word/document.xml is 100 MB uncompressed (over 64 MB, the limit): a zip bomb?" "$TMP/err"
check bad_docx_bomb_sizes_that_lie \
    grep -q "^brief ingest: $m/bomb_lying.docx: word/document.xml is over 64 MB uncompressed (the limit), more than its zip entry declares" "$TMP/err"
check bad_docx_xxe_refused grep -q "^brief ingest: $m/xxe.docx: word/document.xml declares a DTD" "$TMP/err"
check bad_docx_laughs_refused grep -q "^brief ingest: $m/laughs.docx: word/document.xml declares a DTD" "$TMP/err"
check bad_docx_deep_nesting grep -q "^brief ingest: $m/deep.docx: malformed XML in word/document.xml (line 1: elements nested more than 256 deep)" "$TMP/err"
check bad_docx_truncated grep -q "^brief ingest: $m/truncated.docx: truncated or damaged zip archive" "$TMP/err"
check bad_docx_encrypted grep -q "^brief ingest: $m/encrypted.docx: the .docx is encrypted (a password on its zip)" "$TMP/err"
check bad_docx_not_word grep -q "^brief ingest: $m/notword.docx: a zip archive, not a Word document (no word/document.xml in it)" "$TMP/err"
check bad_docx_many_entries grep -q "^brief ingest: $m/many_entries.docx: 20001 files in the zip (over 10000" "$TMP/err"
check bad_docx_malformed grep -q "^brief ingest: $m/malformed.docx: malformed XML in word/document.xml" "$TMP/err"
check bad_docx_legacy_doc \
    grep -q "^brief ingest: $m/legacy.doc: a Word 97-2003 (.doc) or WPS file: save it as .docx and ingest that$" "$TMP/err"
check_eq bad_docx_libraries_quiet "$(grep -vc '^brief ingest: ' "$TMP/err")" 0
check_eq bad_docx_nothing_half_stored \
    "$(q "$TMP/m.db" "SELECT count(*) FROM articles a LEFT JOIN bulletins b ON b.id = a.bulletin_id WHERE b.id IS NULL")" 0
# XXE: the file it names is never read into the store
check_eq bad_docx_xxe_passwd_not_read "$(sqlite3 "$TMP/m.db" .dump | grep -c 'root:')" 0
# the same bytes again: the duplicate rule on the .docx's bytes
"$BRIEF" ingest --db "$TMP/m.db" "$D/chinese.docx" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq docx_duplicate_exit_0 "$rc" 0
check docx_duplicate_already_stored grep -q 'chinese.docx: already stored (bulletin 2)' "$TMP/err"

# ---- known by its bytes, not its name -----------------------------------------------------
cp "$D/chinese.docx" "$TMP/looks_like_text.txt"
cp "$D/legacy.doc" "$TMP/old_named_new.docx"
cp "$D/legacy.doc" "$TMP/from_wps.wps"
"$BRIEF" ingest --db "$TMP/n.db" "$TMP/looks_like_text.txt" "$TMP/old_named_new.docx" "$TMP/from_wps.wps" \
    >/dev/null 2>"$TMP/err"; rc=$?
check_eq docx_by_content_exit_1 "$rc" 1
check_eq docx_by_content_kind "$(q "$TMP/n.db" "SELECT replace(file_name, '$TMP/', '') || '=' || encoding FROM bulletins")" \
    "looks_like_text.txt=docx"
check docx_by_content_legacy_named_docx grep -q "old_named_new.docx: a Word 97-2003 (.doc) or WPS file: save it as .docx" "$TMP/err"
check docx_by_content_wps grep -q "from_wps.wps: a Word 97-2003 (.doc) or WPS file" "$TMP/err"
"$BRIEF" ingest --explain - < "$D/chinese.docx" >"$TMP/out" 2>&1
check docx_from_stdin grep -q '^(stdin): docx, 2 articles' "$TMP/out"
# a directory of .doc files alone: each refused by name, not "no file in it"
mkdir -p "$TMP/old"
cp "$D/legacy.doc" "$TMP/old/a.doc"
"$BRIEF" ingest --db "$TMP/o.db" "$TMP/old" >/dev/null 2>"$TMP/err"
check docx_directory_of_doc_files_refused_by_name grep -q "old/a.doc: a Word 97-2003 (.doc) or WPS file" "$TMP/err"
# a document without text: empty, as an empty text file is
python3 - "$TMP/empty.docx" <<'EOF'
import sys, zipfile
sys.path.insert(0, "tests/tools")
import make_docx
make_docx.write_docx(sys.argv[1], make_docx.document_xml("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"))
EOF
"$BRIEF" ingest --db "$TMP/e.db" "$TMP/empty.docx" >/dev/null 2>"$TMP/err"; rc=$?
check_eq docx_empty_exit_1 "$rc" 1
check docx_empty_says_so grep -q "empty.docx: no text$" "$TMP/err"
