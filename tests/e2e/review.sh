# SPDX-License-Identifier: GPL-3.0-or-later
# Reviewing and correcting what ingest decided (issue 20), from the command
# line on a fresh database: the warnings of brief ingest (stderr and
# --json), brief bulletins and its filters, brief show, brief set / join /
# split / delete with the full-text index, the mentions, the weekly brief
# and the digest following, corrections surviving a re-ingest and a
# delete + --restore, and what a user can get wrong. Read back with the
# sqlite3 CLI, pdftotext and python3's json.
. tests/lib.sh

q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }
all_text() { pdftotext "$1" - 2>/dev/null | tr -d ' \n\t\f\r'; }
fts_ok() { q "$1" "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check');
                   INSERT INTO article_folds_fts(article_folds_fts) VALUES ('integrity-check'); SELECT 'ok'"; }
DB="$TMP/r.db"

# ---- an undated file is ingested with a warning naming it -----------------------
mkdir -p "$TMP/in"
cat > "$TMP/in/notes.txt" <<'EOF'
工会召开会议

重庆市总工会召开专题会议,传达学习全国工会十八大精神。会议强调要提高站位。

渝北区开展职工活动

渝北区总工会开展职工健步走活动,三百余名职工参加。
EOF
"$BRIEF" ingest --db "$DB" "$TMP/in/notes.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq review_undated_stored "$rc|$(q "$DB" 'SELECT count(*) FROM bulletins WHERE issued_on IS NULL')" "0|1"
check review_undated_warning_names_file grep -q "notes.txt: warning: no date: not in any weekly brief; give one with --date or 'brief set 1 --date" "$TMP/err"
check review_summary_counts_warnings grep -q '^1 warning' "$TMP/out"
cp "$TMP/in/notes.txt" "$TMP/in/notes2.txt"; printf '\n' >> "$TMP/in/notes2.txt"
"$BRIEF" ingest --db "$TMP/j.db" --json "$TMP/in/notes2.txt" >"$TMP/j.json" 2>"$TMP/j.err"
check_eq review_ingest_json_warning "$(python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); w=d["warnings"]
print(d["stored"], len(w), w[0]["kind"], w[0]["bulletin_id"], w[0]["article"], w[0]["file"].endswith("notes2.txt"))' "$TMP/j.json")" \
    "1 1 undated 1 None True"
check review_ingest_json_warning_also_stderr grep -q 'warning: no date' "$TMP/j.err"

# An article without a headline (titled by its first clause) and one without
# a paragraph are warned about too.
printf '本周,重庆市总工会召开会议,部署下一阶段工作。会议要求各级工会抓好落实。\n' > "$TMP/in/2023-10-25_bare.txt"
"$BRIEF" ingest --db "$TMP/w.db" "$TMP/in/2023-10-25_bare.txt" >/dev/null 2>"$TMP/w.err"
check review_weak_title_warning grep -q "article 1: no headline found, titled by its first clause '本周'" "$TMP/w.err"
check_eq review_weak_title_flag "$("$BRIEF" bulletins --db "$TMP/w.db" --flagged --json | python3 -c 'import json,sys; print([b["flags"] for b in json.load(sys.stdin)])')" "['weak-title']"

# ---- brief bulletins ---------------------------------------------------------------
"$BRIEF" ingest --db "$DB" samples/2023/2023-10-24_nanan.txt samples/2023/2023-10-12_wanzhou.txt >/dev/null 2>&1
"$BRIEF" bulletins --db "$DB" --undated --json >"$TMP/b.json"; rc=$?
check_eq review_bulletins_undated "$rc|$(python3 -c '
import json,sys; print([(b["id"], b["file_name"].split("/")[-1], b["flags"], b["articles"]) for b in json.load(open(sys.argv[1]))])' "$TMP/b.json")" \
    "0|[(1, 'notes.txt', 'undated', 2)]"
check_eq review_undated_has_no_precision "$(python3 -c 'import json,sys; print([b.get("date_precision") for b in json.load(open(sys.argv[1]))])' "$TMP/b.json")" "[None]"
check_eq review_bulletins_all_undated_last "$("$BRIEF" bulletins --db "$DB" --json | python3 -c 'import json,sys; print([b["id"] for b in json.load(sys.stdin)])')" "[3, 2, 1]"
check_eq review_bulletins_since "$("$BRIEF" bulletins --db "$DB" --since 2023-10-20 --json | python3 -c 'import json,sys; print([b["issued_on"] for b in json.load(sys.stdin)])')" "['2023-10-24']"
check_eq review_bulletins_source "$("$BRIEF" bulletins --db "$DB" --source nobody --json)" "[]"
"$BRIEF" bulletins --db "$DB" >"$TMP/table"
check review_bulletins_table grep -q 'notes.txt .* undated' "$TMP/table"
check_status review_bulletins_bad_since 2 "$BRIEF" bulletins --db "$DB" --since 2023-02-30
check_status review_bulletins_no_db 1 "$BRIEF" bulletins --db "$TMP/none.db"

# ---- brief show --------------------------------------------------------------------
"$BRIEF" show --db "$DB" 1 >"$TMP/show"; rc=$?
check_eq review_show_text "$rc|$(grep -c '^article ' "$TMP/show")|$(grep -c 'title by    headline' "$TMP/show")" "0|2|2"
check review_show_says_undated grep -q "date        none: in no weekly brief" "$TMP/show"
"$BRIEF" show --db "$DB" --json 1 >"$TMP/show.json"
check_eq review_show_json "$(python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); a=d["articles"]
print(d["bulletin"]["flags"], len(a), a[0]["title_rule"], a[0]["paragraphs"][0]["text"][:6], d["corrections"])' "$TMP/show.json")" \
    "undated 2 headline 重庆市总工会 []"
check_status review_show_missing 1 "$BRIEF" show --db "$DB" 99
check_status review_show_not_a_number 2 "$BRIEF" show --db "$DB" 1x

# ---- brief set --date puts it into the 2023-W43 digest ------------------------------
"$BRIEF" run scripts/digest.lua --db "$DB" --set week=2023-W43 -o "$TMP/before.pdf" >/dev/null 2>&1
check_eq review_digest_before_without "$(all_text "$TMP/before.pdf" | grep -c 渝北区开展职工活动)" "0"
check review_set_date "$BRIEF" set --db "$DB" 1 --date 2023-10-24
"$BRIEF" run scripts/digest.lua --db "$DB" --set week=2023-W43 -o "$TMP/after.pdf" >/dev/null 2>&1
check_eq review_set_date_in_digest "$(all_text "$TMP/after.pdf" | grep -c 渝北区开展职工活动)" "1"
check_eq review_set_date_stored "$(q "$DB" 'SELECT issued_on, date_source FROM bulletins WHERE id = 1')" "2023-10-24|correction"
check_eq review_set_date_recorded "$(q "$DB" "SELECT action, old_value IS NULL, new_value, made_by <> '' FROM corrections")" "date|1|2023-10-24|1"

# ---- a wrong title: search, the weekly brief, re-ingest -----------------------------
check review_set_title "$BRIEF" set --db "$DB" 1 --article 2 --title 渝北区职工健步走
"$BRIEF" search --db "$DB" 健步走 >"$TMP/s"
check review_title_in_search grep -q '渝北区职工【健步走】' "$TMP/s"
check_eq review_old_title_gone "$("$BRIEF" search --db "$DB" --json 渝北区开展职工活动 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["hits"]))')" "0"
"$BRIEF" run scripts/weekly.lua --db "$DB" --set week=2023-W43 -o "$TMP/weekly.pdf" >/dev/null 2>&1
check_eq review_title_in_weekly "$(all_text "$TMP/weekly.pdf" | grep -c 渝北区职工健步走)" "1"
check_eq review_fts_after_set "$(fts_ok "$DB")" "ok"
"$BRIEF" ingest --db "$DB" "$TMP/in/notes.txt" >/dev/null 2>"$TMP/again.err"
check_eq review_reingest_keeps_title "$(grep -c 'already stored (bulletin 1)' "$TMP/again.err")|$(q "$DB" 'SELECT title FROM articles WHERE bulletin_id = 1 AND seq = 2')" "1|渝北区职工健步走"
check_eq review_mentions_follow_title "$(q "$DB" "SELECT count FROM mentions m JOIN articles a ON a.id = m.article_id WHERE a.bulletin_id = 1 AND a.seq = 2 AND m.value = '渝北区'")" "2"

# ---- delete, re-ingest, restore -----------------------------------------------------
check review_delete "$BRIEF" delete --db "$DB" 1
check_eq review_delete_gone "$(q "$DB" 'SELECT count(*) FROM bulletins WHERE file_name LIKE "%notes.txt"')|$(fts_ok "$DB")" "0|ok"
"$BRIEF" ingest --db "$DB" "$TMP/in/notes.txt" >/dev/null 2>"$TMP/del.err"; rc=$?
check_eq review_deleted_refused "$rc|$(grep -c 'deleted by a correction (brief delete): not stored again; --restore stores it' "$TMP/del.err")|$(q "$DB" 'SELECT count(*) FROM bulletins WHERE file_name LIKE "%notes.txt"')" "0|1|0"
"$BRIEF" ingest --db "$DB" --restore "$TMP/in/notes.txt" >/dev/null 2>"$TMP/res.err"
check_eq review_restore_reapplies "$(q "$DB" "SELECT b.issued_on || ' ' || a.title FROM articles a JOIN bulletins b ON b.id = a.bulletin_id WHERE b.file_name LIKE '%notes.txt' AND a.seq = 2")" "2023-10-24 渝北区职工健步走"
check review_restore_says_so grep -q 'with 2 earlier corrections applied again' "$TMP/res.err"
check_eq review_restore_no_stale_warning "$(grep -c 'warning' "$TMP/res.err")|$(fts_ok "$DB")" "0|ok"
ID=$(q "$DB" "SELECT id FROM bulletins WHERE file_name LIKE '%notes.txt'")

# ---- join and split --------------------------------------------------------------------
check review_join "$BRIEF" join --db "$DB" "$ID" 1
check_eq review_join_rows "$(q "$DB" "SELECT article_count FROM bulletins WHERE id = $ID")|$(q "$DB" "SELECT paragraph_count FROM articles WHERE bulletin_id = $ID")|$(q "$DB" "SELECT text FROM paragraphs p JOIN articles a ON a.id = p.article_id WHERE a.bulletin_id = $ID AND p.seq = 2")" \
    "1|3|渝北区职工健步走"
check_eq review_join_index "$(fts_ok "$DB")|$("$BRIEF" search --db "$DB" --json 健步走活动 | python3 -c 'import json,sys; print([h["title"] for h in json.load(sys.stdin)["hits"]])')" "ok|['工会召开会议']"
check review_split "$BRIEF" split --db "$DB" "$ID" 1 2
check_eq review_split_rows "$(q "$DB" "SELECT group_concat(seq || ':' || title || ':' || paragraph_count, ' ') FROM (SELECT * FROM articles WHERE bulletin_id = $ID ORDER BY seq)")|$(fts_ok "$DB")" \
    "1:工会召开会议:1 2:渝北区职工健步走:1|ok"
check_status review_split_paragraph_1_refused 1 "$BRIEF" split --db "$DB" "$ID" 1 1
check_eq review_show_lists_corrections "$("$BRIEF" show --db "$DB" "$ID" | grep -c '^  #')" "6"

# ---- what a user can get wrong: refused, nothing changed --------------------------------
before=$(q "$DB" 'SELECT count(*) FROM corrections')
"$BRIEF" set --db "$DB" "$ID" --date 2023-10-30 --article 9 --title X >/dev/null 2>"$TMP/e"; rc=$?
check_eq review_set_all_or_none "$rc|$(q "$DB" "SELECT issued_on FROM bulletins WHERE id = $ID")|$(q "$DB" 'SELECT count(*) FROM corrections')" "1|2023-10-24|$before"
check review_set_names_article grep -q "bulletin $ID has 2 articles, not 9 (nothing was changed)" "$TMP/e"
check_status review_set_no_database 1 "$BRIEF" set --db "$TMP/missing.db" 1 --source x
check_eq review_set_creates_no_database "$(ls "$TMP"/missing.db* 2>/dev/null | wc -l)" 0
check_status review_set_missing_bulletin 1 "$BRIEF" set --db "$DB" 99 --source x
check_status review_set_bad_date 2 "$BRIEF" set --db "$DB" "$ID" --date 2023-13-01
check_status review_set_title_without_article 2 "$BRIEF" set --db "$DB" "$ID" --title X
check_status review_set_nothing 2 "$BRIEF" set --db "$DB" "$ID"
check_status review_set_same_title 1 "$BRIEF" set --db "$DB" "$ID" --article 1 --title 工会召开会议
check_status review_set_control_refused 1 "$BRIEF" set --db "$DB" "$ID" --article 1 --title "$(printf 'a\nb')"
check_status review_set_bidi_refused 1 "$BRIEF" set --db "$DB" "$ID" --article 1 --title "$(printf 'a\342\200\256b')"
check_status review_join_last_refused 1 "$BRIEF" join --db "$DB" "$ID" 2
check_status review_delete_missing 1 "$BRIEF" delete --db "$DB" 99
check_status review_delete_huge_id 2 "$BRIEF" delete --db "$DB" 99999999999999999999
check_eq review_errors_left_db_whole "$(fts_ok "$DB")|$(q "$DB" 'PRAGMA integrity_check')" "ok|ok"
chmod 0444 "$DB"
if [ "$(id -u)" != 0 ]; then check_status review_read_only_file 1 "$BRIEF" set --db "$DB" "$ID" --source x; fi
chmod 0644 "$DB"

# ---- Big5 and UTF-16: every character right, body too ------------------------------------
text='重慶市總工會舉辦職工技能競賽

10月20日,重慶市總工會在九龍坡區舉辦職工技能競賽,三百餘名職工參加,𥚃外同慶。'
printf '%s\n' "$text" | iconv -f UTF-8 -t BIG5-HKSCS > "$TMP/in/2023-10-20_big5.txt" 2>/dev/null ||
    printf '%s\n' "$text" | sed 's/𥚃/裡/' | iconv -f UTF-8 -t BIG5 > "$TMP/in/2023-10-20_big5.txt"
printf '%s\n' "$text" | iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } > "$TMP/in/2023-10-21_utf16.txt"
"$BRIEF" ingest --db "$TMP/enc.db" "$TMP/in/2023-10-20_big5.txt" "$TMP/in/2023-10-21_utf16.txt" >/dev/null 2>&1
want=$(printf '%s' "$text" | sed -n 3p)
check_eq review_big5_body_exact "$(q "$TMP/enc.db" "SELECT body FROM articles_v WHERE file_name LIKE '%big5.txt'" | sed 's/裡/𥚃/')" "$want"
check_eq review_utf16_body_exact "$(q "$TMP/enc.db" "SELECT body FROM articles_v WHERE file_name LIKE '%utf16.txt'")" "$want"

# ---- corrections from scripts: trusted only -------------------------------------------
cat > "$TMP/fix.lua" <<'LUA'
local ok, err = brief.data.set(1, {date = "2023-10-26", article = 1, title = "脚本改的标题"})
assert(ok, err)
local none, why = brief.data.set(1, {article = 9, title = "x"})
assert(none == nil and why:find("has 2 articles, not 9", 1, true), why)
assert(brief.data.value("SELECT title FROM articles_v WHERE bulletin_id = 1 AND seq = 1") == "脚本改的标题")
assert(brief.data.join(1, 1))
assert(brief.data.split(1, 1, 2))
assert(select(2, brief.data.delete(99)) == "no bulletin 99")
LUA
cp "$TMP/in/notes.txt" "$TMP/lua.txt"
"$BRIEF" ingest --db "$TMP/lua.db" "$TMP/lua.txt" >/dev/null 2>&1
cat > "$TMP/sneak.lua" <<'LUA'
for _, name in ipairs{"set", "join", "split", "delete"} do
  local ok, err = pcall(brief.data[name], 1, 1, 2)
  assert(not ok and err:find("not allowed in a sandboxed script", 1, true), err)
end
local ok = pcall(brief.data.query, "UPDATE bulletins SET issued_on = '2023-01-01'")
assert(not ok)
LUA
check review_sandboxed_script_refused "$BRIEF" run "$TMP/sneak.lua" --db "$TMP/lua.db"
"$BRIEF" run "$TMP/fix.lua" --db "$TMP/lua.db" >"$TMP/lua.out" 2>&1; rc=$?
check_status review_sandboxed_set_raises 1 "$BRIEF" run "$TMP/fix.lua" --db "$TMP/lua.db"
check_eq review_sandboxed_changed_nothing "$(q "$TMP/lua.db" 'SELECT count(*) FROM corrections')|$(q "$TMP/lua.db" 'SELECT ifnull(issued_on, "none") FROM bulletins')" "0|none"
check review_trusted_script_corrects "$BRIEF" run "$TMP/fix.lua" --db "$TMP/lua.db" --trust
check_eq review_trusted_recorded "$(q "$TMP/lua.db" "SELECT count(*) || ' ' || min(made_by) FROM corrections")|$(fts_ok "$TMP/lua.db")" "4 script fix.lua ($(id -un))|ok"
