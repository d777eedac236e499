# SPDX-License-Identifier: GPL-3.0-or-later
# brief search and brief sql as a user runs them, on bulletins this test
# writes and ingests; results checked as text and read back with sqlite3.
. tests/lib.sh

DB="$TMP/s.db"
printf '职工技能大赛在九龙坡区开赛\n\n10月10日,全市职工职业技能大赛决赛在九龙坡区开赛,来自38个区县的选手同场竞技。\n\n大赛设置数控车工、电工、焊工等12个竞赛项目。\n' > "$TMP/old.txt"
printf '市总工会部署四季度重点工作\n\n10月9日,市总工会召开四季度工作推进会,部署重点工作,推进职业技能培训。\n\n会议要求各级工会保持冲刺状态。\n' > "$TMP/new.txt"
printf '工会驿站服务户外劳动者\n\n全市新建改建工会驿站126个,为快递员、外卖配送员提供休息、饮水服务。\n' > "$TMP/undated.txt"
if ! "$BRIEF" ingest --db "$DB" --date 2023-10-10 "$TMP/old.txt" >"$TMP/out" 2>&1 ||
   ! "$BRIEF" ingest --db "$DB" --date 2023-10-24 "$TMP/new.txt" >"$TMP/out" 2>&1 ||
   ! "$BRIEF" ingest --db "$DB" "$TMP/undated.txt" >"$TMP/out" 2>&1; then
    fail search_setup "brief ingest failed: $(head -c 300 "$TMP/out")"
    exit 0
fi

# ---- search --------------------------------------------------------------------------
"$BRIEF" search --db "$DB" 技能大赛 >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq search_exit_0 "$rc" 0
check search_marks_match grep -q '【技能大赛】' "$TMP/out"
check search_shows_date_and_title grep -q '^2023-10-10  职工【技能大赛】在九龙坡区开赛$' "$TMP/out"
check_eq search_only_matching "$(grep -c '^20' "$TMP/out")" 1
# Newest first, undated last; a two-character word (no trigram) still found.
"$BRIEF" search --db "$DB" 工会 >"$TMP/out" 2>"$TMP/err"
check_eq search_newest_first_undated_last "$(grep -Eo '^(20[0-9-]+|\(no date\))' "$TMP/out" | tr '\n' ' ')" \
    "2023-10-24 (no date) "
check search_two_chars_marked grep -q '【工会】' "$TMP/out"
check_eq search_one_char "$("$BRIEF" search --db "$DB" 焊 | grep -c '【焊】')" 1
check_eq search_every_word "$("$BRIEF" search --db "$DB" 职业技能 四季度 | grep -c '^20')" 1
check_eq search_limit "$("$BRIEF" search --db "$DB" --limit 1 职工 | grep -Ec '^(20|\(no)')" 1
"$BRIEF" search --db "$DB" 不存在的内容 >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq search_no_match_exit_0 "$rc" 0
check_eq search_no_match_empty_stdout "$(wc -c <"$TMP/out" | tr -d ' ')" 0
check search_no_match_says_so grep -q 'no article contains' "$TMP/err"
check_status search_usage_no_text 2 "$BRIEF" search --db "$DB"
check_status search_usage_bad_limit 2 "$BRIEF" search --db "$DB" --limit 0 工会
check_status search_usage_bad_option 2 "$BRIEF" search --db "$DB" --frobnicate 工会
"$BRIEF" search --db "$TMP/none.db" 工会 >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq search_missing_db_exit_1 "$rc" 1
check search_missing_db_message grep -q 'none.db: no such database' "$TMP/err"
check_eq search_missing_db_not_created "$(ls "$TMP"/none.db* 2>/dev/null | wc -l)" 0
# brief search and brief.data.search are one search: the same words for the
# same text. A no-break space (U+00A0, which text pasted from a web page
# carries) separates words in both.
nbsp=$(printf '\350\201\214\345\267\245\302\240\347\253\236\350\265\233')   # 职工<U+00A0>竞赛
check_eq search_nbsp_separates_words "$("$BRIEF" search --db "$DB" "$nbsp" 2>&1 | grep -c '^20')" 1
printf 'print(#brief.data.search(brief.params.q))\n' >"$TMP/nbsp.lua"
check_eq search_same_as_data_search "$("$BRIEF" run "$TMP/nbsp.lua" --db "$DB" --set "q=$nbsp" 2>&1)" \
    "$("$BRIEF" search --db "$DB" "$nbsp" 2>/dev/null | grep -Ec '^(20|\(no date\))')"
# BRIEF_DB is the default database.
check_eq search_brief_db_env "$(BRIEF_DB="$DB" "$BRIEF" search 驿站 | grep -c '【驿站】')" 2

# ---- sql: table ---------------------------------------------------------------------
"$BRIEF" sql --db "$DB" "SELECT '中文' AS name, 7 AS n UNION ALL SELECT 'abc', 12345" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq sql_table_exit_0 "$rc" 0
# CJK characters are two columns wide: '中文' pads like 'abcd'.
check_eq sql_table_aligned "$(cat "$TMP/out")" "name      n
----  -----
中文      7
abc   12345
(2 rows)"
check_eq sql_table_counts "$("$BRIEF" sql --db "$DB" 'SELECT count(*) AS n FROM bulletins' | sed -n 3p | tr -d ' ')" 3

# ---- sql: CSV (RFC 4180) and JSON ---------------------------------------------------
"$BRIEF" sql --db "$DB" --csv "SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z, 3 AS n" >"$TMP/out"
printf 'x,y,z,n\r\n"a,b","say ""hi""",,3\r\n' >"$TMP/want"
check sql_csv_rfc4180 cmp "$TMP/out" "$TMP/want"
"$BRIEF" sql --db "$DB" --json "SELECT id, title, issued_on, 1.5 AS f FROM articles_v ORDER BY id" >"$TMP/out.json"
check_eq sql_json_valid "$(sqlite3 :memory: "SELECT json_valid(readfile('$TMP/out.json'))")" 1
check_eq sql_json_values "$(sqlite3 :memory: "SELECT json_array_length(readfile('$TMP/out.json')) || '|' ||
    json_extract(readfile('$TMP/out.json'), '\$[0].title') || '|' ||
    json_type(readfile('$TMP/out.json'), '\$[2].issued_on') || '|' ||
    json_extract(readfile('$TMP/out.json'), '\$[0].f')")" "3|职工技能大赛在九龙坡区开赛|null|1.5"
check_eq sql_json_empty "$("$BRIEF" sql --db "$DB" --json 'SELECT * FROM bulletins WHERE 0')" "[]"
check_eq sql_json_escapes "$("$BRIEF" sql --db "$DB" --json "SELECT 'a\"b' || char(10) || 'c' AS s")" '[
  {"s": "a\"b\nc"}
]'

# ---- sql: read-only, errors ---------------------------------------------------------
"$BRIEF" sql --db "$DB" "DELETE FROM bulletins" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq sql_write_refused_exit_1 "$rc" 1
check sql_write_refused_message grep -q 'read-only' "$TMP/err"
check_eq sql_write_changed_nothing "$(sqlite3 "$DB" 'SELECT count(*) FROM bulletins')" 3
check_status sql_pragma_write_refused 1 "$BRIEF" sql --db "$DB" "PRAGMA user_version = 7"
check_eq sql_pragma_unchanged "$(sqlite3 "$DB" 'PRAGMA user_version')" 5
check_status sql_two_statements_refused 1 "$BRIEF" sql --db "$DB" "SELECT 1; DELETE FROM bulletins"
# A read-only connection opens no other file and takes no function pointer.
sqlite3 "$TMP/other.db" "CREATE TABLE secret(x); INSERT INTO secret VALUES ('s')"
check_status sql_attach_refused 1 "$BRIEF" sql --db "$DB" "ATTACH '$TMP/other.db' AS o"
check_status sql_fts3_tokenizer_refused 1 "$BRIEF" sql --db "$DB" "SELECT fts3_tokenizer('t', x'4141414141414141')"
"$BRIEF" sql --db "$DB" "SELECT nope FROM bulletins" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq sql_error_exit_1 "$rc" 1
check sql_error_names_problem grep -q '^brief sql: no such column: nope' "$TMP/err"
check_status sql_usage_no_query 2 "$BRIEF" sql --db "$DB"
check_status sql_usage_two_formats 2 "$BRIEF" sql --db "$DB" --csv --json "SELECT 1"
check_status sql_missing_db 1 "$BRIEF" sql --db "$TMP/none.db" "SELECT 1"

# ---- the real bulletin --------------------------------------------------------------
seed=$(seed_file)
if [ -n "$seed" ]; then
    "$BRIEF" ingest --db "$TMP/seed.db" "$seed" >/dev/null 2>&1
    check search_seed_substring sh -c "'$BRIEF' search --db '$TMP/seed.db' 十八大精神 | grep -q '【十八大精神】'"
else
    skip search_seed_substring "no seed bulletin in $SEEDS"
fi
