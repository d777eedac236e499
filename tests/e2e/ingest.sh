# SPDX-License-Identifier: GPL-3.0-or-later
# brief ingest as a user runs it: encodings, line endings, duplicates, bad
# files beside good ones, directories, stdin, --date, kill -9 mid-ingest.
# Results are read back with the sqlite3 CLI.
. tests/lib.sh

q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }

# A small bulletin: two articles, the words given in the first article's
# text so that each file's bytes (and content) differ.
bulletin() { # WORD
    printf '重庆市总工会召开专题会议%s\n\n' "$1"
    printf '近日,重庆市总工会召开专题会议,传达学习中国工会十八大精神,研究%s贯彻落实举措。会议要求各级工会认真抓好落实。\n\n' "$1"
    printf '会议强调,要扎实推进“十件实事”各项工作,切实为职工办实事、解难事。\n\n'
    printf '开州区总工会举办职工技能竞赛\n\n'
    printf '10月20日,开州区总工会举办职工技能竞赛,吸引三百余名职工参加,%s。\n' "$1"
}

mkdir -p "$TMP/in/sub"
bulletin 甲乙丙 > "$TMP/in/a_lf.txt"
bulletin 丁戊己 | sed 's/$/\r/' > "$TMP/in/b_crlf.txt"
bulletin 庚辛壬 | iconv -f UTF-8 -t GB18030 > "$TMP/in/sub/c_gb18030.txt"
{ printf '\357\273\277'; bulletin 癸子丑; } > "$TMP/in/sub/d_bom.txt"
bulletin 寅卯辰 | iconv -f UTF-8 -t GB18030 | sed 's/$/\r/' > "$TMP/in/sub/e_gb_crlf.txt"
DB="$TMP/a.db"

# ---- every encoding and line ending, a directory argument -------------------------
"$BRIEF" ingest --db "$DB" "$TMP/in" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq ingest_directory_exit_0 "$rc" 0
check_eq ingest_directory_stores_every_file "$(q "$DB" 'SELECT count(*) FROM bulletins')" 5
# (the five bulletins differ by a few words: their first articles are one story, issue 19;
# the second ones are too short to tell)
check ingest_summary_line grep -Eq '^ingested 5 files: 5 new bulletins, [0-9]+ articles, 0 duplicates, 0 failed, [0-9.]+ MB in [0-9.]+ s; 4 articles continue an earlier story$' "$TMP/out"
check_eq ingest_directory_sorted_recursive \
    "$(q "$DB" "SELECT replace(file_name, rtrim(file_name, replace(file_name, '/', '')), '') FROM bulletins ORDER BY id" | tr '\n' ' ')" \
    "a_lf.txt b_crlf.txt c_gb18030.txt d_bom.txt e_gb_crlf.txt "
check_eq ingest_gb18030_detected "$(q "$DB" "SELECT encoding FROM bulletins WHERE file_name LIKE '%c_gb18030.txt'")" gb18030
check_eq ingest_gb18030_decoded \
    "$(q "$DB" "SELECT count(*) FROM articles a JOIN bulletins b ON b.id = a.bulletin_id WHERE b.file_name LIKE '%c_gb18030.txt' AND a.body LIKE '%研究庚辛壬贯彻%'")" 1
check_eq ingest_crlf_leaves_no_cr "$(q "$DB" "SELECT count(*) FROM articles WHERE body LIKE '%' || char(13) || '%' OR title LIKE '%' || char(13) || '%'")" 0
check_eq ingest_bom_not_in_title "$(q "$DB" "SELECT count(*) FROM articles WHERE title LIKE char(65279) || '%'")" 0
check_eq ingest_same_text_same_articles \
    "$(q "$DB" "SELECT count(DISTINCT article_count) || '/' || min(article_count) FROM bulletins")" "1/2"
check_eq ingest_source_is_directory_name "$(q "$DB" "SELECT group_concat(DISTINCT source) FROM bulletins WHERE file_name LIKE '%/sub/%'")" sub
check_eq ingest_fts_in_sync "$(q "$DB" "SELECT count(*) FROM articles_fts WHERE body LIKE '%技能竞赛%'")" 5
check_eq ingest_integrity_ok "$(q "$DB" 'PRAGMA integrity_check')" ok
# The index was written through brief's own trigram tokenizer (fts_trigram.h);
# FTS5's integrity-check, run by the sqlite3 shell with SQLite's built-in one,
# re-tokenizes every article and finds the same index.
check_eq ingest_fts_index_is_sqlites \
    "$(q "$DB" "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check'); SELECT 'ok'")" ok
check_eq ingest_new_db_16k_pages "$(q "$DB" 'PRAGMA page_size')" 16384
check_eq ingest_ingested_at_utc "$(q "$DB" "SELECT count(*) FROM bulletins WHERE ingested_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'")" 5

# ---- the same bytes again, under any name, add nothing -------------------------------
cp "$TMP/in/a_lf.txt" "$TMP/copy_of_a.txt"
"$BRIEF" ingest --db "$DB" "$TMP/in" "$TMP/copy_of_a.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq reingest_exit_0 "$rc" 0
check_eq reingest_adds_nothing "$(q "$DB" "SELECT count(*) || '/' || (SELECT count(*) FROM articles) FROM bulletins")" \
    "5/10"
check reingest_says_already_stored grep -q 'copy_of_a.txt: already stored' "$TMP/err"
check reingest_summary grep -q '^ingested 6 files: 0 new bulletins, 0 articles, 6 duplicates, 0 failed' "$TMP/out"

# ---- bad files beside good ones ----------------------------------------------------
mkdir -p "$TMP/mixed"
bulletin 一二三 > "$TMP/mixed/1_good.txt"
printf 'PK\003\004\000\000\001\002binary\000\000data' > "$TMP/mixed/2_binary.txt"
: > "$TMP/mixed/3_empty.txt"
bulletin 四五六 > "$TMP/mixed/4_good.txt"
"$BRIEF" ingest --db "$TMP/mixed.db" "$TMP/mixed" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq bad_files_exit_1 "$rc" 1
check bad_binary_named grep -Eq '^brief ingest: .*2_binary.txt:([0-9]+:)? ' "$TMP/err"
check bad_empty_named grep -Eq '^brief ingest: .*3_empty.txt:([0-9]+:)? ' "$TMP/err"
check_eq bad_files_good_ones_stored "$(q "$TMP/mixed.db" 'SELECT count(*) FROM bulletins')" 2
check bad_files_summary grep -q '^ingested 4 files: 2 new bulletins, .* 2 failed' "$TMP/out"
# Undecodable: GB18030 bytes read as UTF-8.
"$BRIEF" ingest --db "$TMP/mixed.db" --encoding utf-8 "$TMP/in/sub/c_gb18030.txt" "$TMP/in/a_lf.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq undecodable_exit_1 "$rc" 1
check undecodable_named_with_line grep -Eq '^brief ingest: .*c_gb18030.txt:([0-9]+:)? ' "$TMP/err"
check_eq undecodable_others_stored "$(q "$TMP/mixed.db" "SELECT count(*) FROM bulletins WHERE file_name LIKE '%a_lf.txt'")" 1
"$BRIEF" ingest --db "$TMP/mixed.db" "$TMP/no/such/file.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq missing_file_exit_1 "$rc" 1
check missing_file_named grep -q 'no/such/file.txt: No such file' "$TMP/err"

# ---- a write failure mid-batch: the failing file is reported, the batch's
# other files are stored again one by one. The failure is a trigger planted
# in the database that aborts on one article.
mkdir -p "$TMP/boom"
bulletin 一一一 > "$TMP/boom/1.txt"
bulletin 爆炸了 > "$TMP/boom/2.txt"
bulletin 三三三 > "$TMP/boom/3.txt"
"$BRIEF" ingest --db "$TMP/boom.db" "$TMP/in/a_lf.txt" >/dev/null 2>&1
sqlite3 "$TMP/boom.db" "CREATE TRIGGER boom BEFORE INSERT ON articles WHEN new.body LIKE '%爆炸了%'
    BEGIN SELECT RAISE(ABORT, 'planted failure'); END"
"$BRIEF" ingest --db "$TMP/boom.db" "$TMP/boom" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq write_failure_exit_1 "$rc" 1
check write_failure_named grep -q '2.txt: .*planted failure' "$TMP/err"
check_eq write_failure_others_stored "$(q "$TMP/boom.db" "SELECT count(*) FROM bulletins WHERE file_name LIKE '%/boom/%'")" 2
check_eq write_failure_whole_bulletins "$(q "$TMP/boom.db" "SELECT count(*) FROM bulletins b
    WHERE article_count <> (SELECT count(*) FROM articles WHERE bulletin_id = b.id)")" 0
check write_failure_summary grep -q '^ingested 3 files: 2 new bulletins, .* 1 failed' "$TMP/out"

# ---- --encoding forced -------------------------------------------------------------
"$BRIEF" ingest --db "$TMP/enc.db" --encoding gb18030 "$TMP/in/sub/c_gb18030.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq encoding_gb18030_forced "$rc|$(q "$TMP/enc.db" "SELECT encoding FROM bulletins")" "0|gb18030"
"$BRIEF" ingest --db "$TMP/enc.db" --encoding UTF-8 "$TMP/in/a_lf.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq encoding_utf8_forced "$rc|$(q "$TMP/enc.db" "SELECT encoding FROM bulletins WHERE id = 2")" "0|utf-8"

# ---- standard input, --date, --source ----------------------------------------------
bulletin 七八九 | "$BRIEF" ingest --db "$TMP/stdin.db" --date 2023-11-05 - >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq stdin_exit_0 "$rc" 0
check_eq stdin_source_and_date \
    "$(q "$TMP/stdin.db" "SELECT source || '|' || ifnull(file_name, 'NULL') || '|' || issued_on || '|' || date_source FROM bulletins")" \
    "stdin|NULL|2023-11-05|option"
"$BRIEF" ingest --db "$TMP/stdin.db" --source 渝中区 --date 2024-02-29 "$TMP/mixed/4_good.txt" >"$TMP/out" 2>&1
check_eq source_option "$(q "$TMP/stdin.db" "SELECT source || '|' || issued_on FROM bulletins WHERE id = 2")" "渝中区|2024-02-29"

# ---- usage errors: exit 2, nothing created -----------------------------------------
check_status usage_no_path 2 "$BRIEF" ingest --db "$TMP/u.db"
check_status usage_bad_option 2 "$BRIEF" ingest --db "$TMP/u.db" --frobnicate "$TMP/in"
check_status usage_bad_encoding 2 "$BRIEF" ingest --db "$TMP/u.db" --encoding latin1 "$TMP/in"
check_status usage_bad_date 2 "$BRIEF" ingest --db "$TMP/u.db" --date 2023-02-30 "$TMP/in"
check_status usage_bad_date_format 2 "$BRIEF" ingest --db "$TMP/u.db" --date 20231105 "$TMP/in"
check_eq usage_creates_nothing "$(ls "$TMP"/u.db* 2>/dev/null | wc -l)" 0
check help_exit_0 "$BRIEF" ingest --help

# ---- a database from a newer brief is refused -----------------------------------------
cp "$DB" "$TMP/newer.db"
sqlite3 "$TMP/newer.db" 'PRAGMA user_version = 99'
"$BRIEF" ingest --db "$TMP/newer.db" "$TMP/mixed/1_good.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq newer_db_refused "$rc" 1
check newer_db_message grep -q 'newer than this brief' "$TMP/err"

# ---- a database of schema version 1 (brief 0.1.0) is migrated --------------------
# Paragraphs were a table holding their text; now they are spans of the body,
# read through a view of the same name and columns. The view must give back
# exactly the old rows, the index must still be SQLite's, and new bulletins go in.
sqlite3 "$TMP/v1.db" < tests/data/schema-v1.sql
para_rows() { q "$1" "SELECT article_id, seq, chars, text FROM paragraphs WHERE article_id <= 7 ORDER BY 1, 2"; }
para_rows "$TMP/v1.db" > "$TMP/v1.paragraphs"
"$BRIEF" ingest --db "$TMP/v1.db" "$TMP/mixed/1_good.txt" >/dev/null 2>"$TMP/err"; rc=$?
check_eq migrate_v1_exit_0 "$rc" 0
check_eq migrate_v1_version "$(q "$TMP/v1.db" 'PRAGMA user_version')" 5
para_rows "$TMP/v1.db" > "$TMP/v2.paragraphs"
check migrate_v1_paragraphs_same cmp -s "$TMP/v1.paragraphs" "$TMP/v2.paragraphs"
check_eq migrate_v1_paragraph_count "$(q "$TMP/v1.db" 'SELECT count(*) FROM paragraphs WHERE article_id <= 7')" 25
check_eq migrate_v1_fts_ok \
    "$(q "$TMP/v1.db" "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check'); PRAGMA integrity_check")" ok
check_eq migrate_v1_new_bulletin "$(q "$TMP/v1.db" 'SELECT count(*) FROM bulletins')" 3
# Every article's body is its paragraphs joined by one newline, old and new.
check_eq migrate_v1_bodies_are_paragraphs "$(q "$TMP/v1.db" "SELECT count(*) FROM articles a WHERE a.body <>
    ifnull((SELECT group_concat(text, char(10)) FROM (SELECT text FROM paragraphs p WHERE p.article_id = a.id ORDER BY seq)), '')")" 0

# ---- kill -9 in the middle of many files --------------------------------------------
# 2,400 distinct bulletins of ~24 KB (56 MB, about a second of ingest on an idle
# machine): long enough that the kill lands mid-way (batches commit every
# 0.25 s); killed at the first commit.
mkdir -p "$TMP/many"
awk -v dir="$TMP/many" 'BEGIN {
    para = "近日,重庆市总工会召开专题会议,传达学习中国工会十八大精神,研究贯彻落实举措,会议要求各级工会认真抓好落实。";
    for (f = 1; f <= 2400; f++) {
        file = sprintf("%s/%04d.txt", dir, f);
        for (a = 1; a <= 6; a++) {
            printf "第%d期第%d篇工会工作动态\n\n", f, a > file;
            for (p = 1; p <= 12; p++) printf "%d-%d-%d。%s%s\n\n", f, a, p, para, para > file;
        }
        close(file);
    }
}'
"$BRIEF" ingest --db "$TMP/clean.db" "$TMP/many" >/dev/null 2>&1
"$BRIEF" ingest --db "$TMP/killed.db" "$TMP/many" >/dev/null 2>&1 &
pid=$!
n=0
while [ "$n" -lt 500 ]; do
    c=$(sqlite3 "$TMP/killed.db" 'SELECT count(*) FROM bulletins' 2>/dev/null || echo 0)
    [ "${c:-0}" -ge 1 ] && break
    sleep 0.02; n=$((n + 1))
done
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
total=$(q "$TMP/clean.db" 'SELECT count(*) FROM bulletins')
stored=$(q "$TMP/killed.db" 'SELECT count(*) FROM bulletins')
check_eq kill9_integrity_ok "$(q "$TMP/killed.db" 'PRAGMA integrity_check')" ok
check_eq kill9_fts_integrity_ok \
    "$(q "$TMP/killed.db" "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check'); SELECT 'ok'")" ok
check_eq kill9_whole_bulletins_only "$(q "$TMP/killed.db" "ATTACH '$TMP/clean.db' AS c;
    SELECT count(*) FROM bulletins k JOIN c.bulletins cb USING (sha256)
    WHERE (SELECT count(*) || '/' || sum(chars) FROM main.articles WHERE bulletin_id = k.id)
       <> (SELECT count(*) || '/' || sum(chars) FROM c.articles WHERE bulletin_id = cb.id)
       OR (SELECT count(*) FROM main.paragraphs p JOIN main.articles a ON a.id = p.article_id WHERE a.bulletin_id = k.id)
       <> (SELECT count(*) FROM c.paragraphs p JOIN c.articles a ON a.id = p.article_id WHERE a.bulletin_id = cb.id)")" 0
check_eq kill9_no_strangers "$(q "$TMP/killed.db" "ATTACH '$TMP/clean.db' AS c;
    SELECT count(*) FROM bulletins WHERE sha256 NOT IN (SELECT sha256 FROM c.bulletins)")" 0
if [ "${stored:-0}" -gt 0 ] && [ "${stored:-0}" -lt "$total" ]; then
    pass kill9_landed_mid_ingest
    # Ingesting again completes the set.
    "$BRIEF" ingest --db "$TMP/killed.db" "$TMP/many" >/dev/null 2>&1
    check_eq kill9_resume_completes "$(q "$TMP/killed.db" 'SELECT count(*) FROM bulletins')" "$total"
else
    skip kill9_landed_mid_ingest "the ingest stored $stored of $total before the kill"
fi

# ---- the progress bar on a terminal ---------------------------------------------------
if command -v script >/dev/null 2>&1; then
    script -qec "$BRIEF ingest --db $TMP/tty.db $TMP/in" /dev/null >"$TMP/tty.out" 2>&1
    check progress_bar_on_terminal grep -q 'files .* MB .* articles' "$TMP/tty.out"
else
    skip progress_bar_on_terminal "no script(1)"
fi
"$BRIEF" ingest --db "$TMP/notty.db" "$TMP/in" >"$TMP/out" 2>"$TMP/err"
# (warnings may be there: no bar, no carriage return, no escape)
check_eq no_progress_off_terminal "$(tr -cd '\r\033' <"$TMP/err" | wc -c | tr -d ' ')|$(grep -c 'files .* MB' "$TMP/err")" "0|0"

# ---- the real bulletin ------------------------------------------------------------
seed=$(seed_file)
if [ -n "$seed" ]; then
    "$BRIEF" ingest --db "$TMP/seed.db" "$seed" >"$TMP/out" 2>"$TMP/err"; rc=$?
    check_eq seed_ingests "$rc" 0
    check seed_has_articles test "$(q "$TMP/seed.db" 'SELECT count(*) FROM articles')" -ge 2
    check_eq seed_fts_finds "$(q "$TMP/seed.db" "SELECT count(*) > 0 FROM articles_fts WHERE articles_fts MATCH '\"十八大\"'")" 1
else
    skip seed_ingests "no seed bulletin in $SEEDS"
fi

# ---- two threads, one result ------------------------------------------------------
# With two CPUs, ingest parses a few files ahead on a second thread while it
# stores (intake.c's pipeline); on one CPU it works on one thread. Both give
# the same messages and the same database, but for the time of ingest.
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
    "$BRIEF" ingest --db "$TMP/two.db" samples/ tests/data/resend >"$TMP/two.out" 2>"$TMP/two.err"
    taskset -c 0 "$BRIEF" ingest --db "$TMP/one.db" samples/ tests/data/resend >"$TMP/one.out" 2>"$TMP/one.err"
    # the summary's seconds ("0.1 MB in 0.0 s") are the one thing that may differ
    untime() { sed -E 's/ in [0-9]+\.[0-9]+ s/ in T s/' "$1"; }
    check_eq one_cpu_same_messages "$(untime "$TMP/one.out")" "$(untime "$TMP/two.out")"
    check one_cpu_same_warnings cmp "$TMP/one.err" "$TMP/two.err"
    undate() { sqlite3 "$1" .dump | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z//g'; }
    undate "$TMP/one.db" >"$TMP/one.sql"
    undate "$TMP/two.db" >"$TMP/two.sql"
    check one_cpu_same_database cmp "$TMP/one.sql" "$TMP/two.sql"
else
    skip one_cpu_same_database "taskset or a second CPU missing"
fi
