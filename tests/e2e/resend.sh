# SPDX-License-Identifier: GPL-3.0-or-later
# Corrected re-sends and reprints (issue 19), from the command line on fresh
# databases: a re-send with small edits (from another folder, a word
# changed, a paragraph added, a title corrected) replaces the earlier
# version, whose corrections follow it, and the week's digest counts its
# articles once; --keep-both keeps both; the same bytes or the same
# directory again add nothing; a story reprinted by two sources (shortened,
# with a new lead) shows once in the weekly brief with the other source
# named; two articles that share a title but not a body stay two stories.
# The variants are in tests/data/resend/ (made from samples/2023/
# 2023-10-24_nanan.txt, the rest original text). Read back with sqlite3,
# pdftotext and python3's json.
. tests/lib.sh

q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }
all_text() { pdftotext "$1" - 2>/dev/null | tr -d ' \n\t\f\r'; }
D=tests/data/resend
NANAN=samples/2023/2023-10-24_nanan.txt
RUN_ARGS="--set week=2023-W43"

# ---- the issue's case: the same file, three characters added, from another folder -------
DB="$TMP/a.db"
mkdir -p "$TMP/first" "$TMP/second"
cp "$NANAN" "$TMP/first/"
sed 's/正式上线运行/正式上线试运行/' "$NANAN" > "$TMP/second/2023-10-24_nanan.txt"
"$BRIEF" ingest --db "$DB" "$TMP/first" >/dev/null 2>&1
"$BRIEF" ingest --db "$DB" "$TMP/second" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq resend_stored "$rc|$(q "$DB" 'SELECT id, superseded_by FROM bulletins ORDER BY id' | tr '\n' ' ')" "0|1|2 2| "
check resend_summary_says_replaces grep -qE '^ingested 1 file: 1 new bulletin, 3 articles, .*; replaces bulletin 1, (99|98) % the same$' "$TMP/out"
check resend_stderr_names_both grep -q 'bulletin 2 replaces bulletin 1, .* % the same' "$TMP/err"
check_eq resend_bulletins_flags "$("$BRIEF" bulletins --db "$DB" --json | python3 -c '
import json,sys; print(" ".join("%d:%s" % (b["id"], b["flags"]) for b in json.load(sys.stdin)))')" "1:superseded 2:"
check_eq resend_articles_v_once "$(q "$DB" 'SELECT count(*) FROM articles_v')|$(q "$DB" 'SELECT count(*) FROM articles')" "3|6"
check_eq resend_views_hide "$(q "$DB" 'SELECT count(*) FROM bulletins_v')|$(q "$DB" 'SELECT count(DISTINCT bulletin_id) FROM mentions_v')" "1|1"
check_eq resend_story_links "$(q "$DB" 'SELECT count(*) FROM articles WHERE bulletin_id = 2 AND story_id IN (1, 2, 3)')" 3
"$BRIEF" search --db "$DB" 劳模工匠进校园 >"$TMP/search" 2>&1
check_eq resend_search_once "$(grep -c '^2023-10-24 .*劳模工匠进校园' "$TMP/search")" 1
"$BRIEF" run scripts/digest.lua --db "$DB" $RUN_ARGS -o "$TMP/digest.pdf" >/dev/null 2>"$TMP/run.err"
digest=$(all_text "$TMP/digest.pdf")
check_eq resend_digest_counts_once "$(echo "$digest" | grep -o '共[0-9]*篇')" "共3篇"
check_eq resend_digest_lists_once "$(echo "$digest" | grep -o '南岸区开展劳模工匠进校园活动' | wc -l)" 1
check resend_digest_has_new_text grep -q '正式上线试运行' "$(printf '%s' "$digest" > "$TMP/d.txt"; echo "$TMP/d.txt")"
"$BRIEF" show --db "$DB" 1 >"$TMP/show" 2>&1
check resend_show_superseded grep -q 'superseded  by bulletin 2' "$TMP/show"
"$BRIEF" show --db "$DB" 2 >"$TMP/show2" 2>&1
check resend_show_replaces grep -q 'replaces    bulletin 1' "$TMP/show2"

# The same bytes again are "already stored"; the same directories add nothing.
"$BRIEF" ingest --db "$DB" "$TMP/first" "$TMP/second" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq resend_again_adds_nothing "$rc|$(q "$DB" 'SELECT count(*) FROM bulletins')|$(grep -c 'already stored' "$TMP/err")" "0|2|2"
check resend_again_summary grep -q 'ingested 2 files: 0 new bulletins, 0 articles, 2 duplicates' "$TMP/out"

# ---- edits one after the other: a word, a paragraph, a title -----------------------------
DB="$TMP/b.db"
"$BRIEF" ingest --db "$DB" --source 南岸区总工会 "$NANAN" >/dev/null 2>&1
# a correction of the first version follows the re-sends
"$BRIEF" set --db "$DB" 1 --article 3 --title "南岸区总工会关爱户外劳动者" >/dev/null 2>&1
n=1
for v in word paragraph title; do
    "$BRIEF" ingest --db "$DB" --source 南岸区总工会 --date 2023-10-24 "$D/resend-$v.txt" >"$TMP/out" 2>"$TMP/err"
    check "resend_${v}_replaces" grep -qE "; replaces bulletin $n, [0-9]+ % the same" "$TMP/out"
    n=$((n + 1))
done
check_eq resend_chain "$(q "$DB" 'SELECT group_concat(coalesce(superseded_by, "-"), " ") FROM (SELECT superseded_by FROM bulletins ORDER BY id)')" "2 3 4 -"
check_eq resend_correction_carried "$(q "$DB" 'SELECT title FROM articles WHERE bulletin_id = 4 AND seq = 3')" "南岸区总工会关爱户外劳动者"
check_eq resend_title_corrected "$(q "$DB" 'SELECT title FROM articles_v WHERE seq = 2')" "南岸区总工会开展劳模工匠进校园活动"
check resend_carry_said grep -q 'corrections carried over' "$TMP/err"

# ---- --keep-both, and --json ---------------------------------------------------------------
DB="$TMP/c.db"
"$BRIEF" ingest --db "$DB" --source 南岸区总工会 "$NANAN" >/dev/null 2>&1
"$BRIEF" ingest --db "$DB" --source 南岸区总工会 --date 2023-10-24 --keep-both "$D/resend-word.txt" >"$TMP/out" 2>&1
check_eq resend_keep_both "$(q "$DB" 'SELECT count(*) FROM bulletins WHERE superseded_by IS NULL')" 2
check resend_keep_both_summary sh -c "! grep -q replaces '$TMP/out'"
DB="$TMP/j.db"
"$BRIEF" ingest --db "$DB" --source 南岸区总工会 "$NANAN" >/dev/null 2>&1
"$BRIEF" ingest --db "$DB" --source 南岸区总工会 --date 2023-10-24 --json "$D/resend-word.txt" >"$TMP/j.json" 2>/dev/null
check_eq resend_json "$(python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); r=d["replaced"][0]
print(d["superseded"], r["bulletin_id"], r["replaces"], r["similarity"] >= 90, r["file"].endswith("resend-word.txt"))' "$TMP/j.json")" \
    "1 2 1 True True"

# ---- reprints: shortened, with a new lead; one title, two stories -----------------------
DB="$TMP/d.db"
"$BRIEF" ingest --db "$DB" --source 南岸区总工会 "$NANAN" >/dev/null 2>&1
"$BRIEF" ingest --db "$DB" --source 重庆市总工会 --date 2023-10-25 "$D/reprint-city.txt" >"$TMP/out" 2>&1
check resend_reprint_summary grep -q '; 1 article continues an earlier story' "$TMP/out"
"$BRIEF" ingest --db "$DB" --source 巴南区总工会 --date 2023-10-26 "$D/reprint-lead.txt" >/dev/null 2>&1
"$BRIEF" ingest --db "$DB" --source 大渡口区总工会 --date 2023-10-26 "$D/title-dadukou.txt" >/dev/null 2>&1
"$BRIEF" ingest --db "$DB" --source 城口县总工会 --date 2023-10-26 "$D/title-chengkou.txt" >/dev/null 2>&1
check_eq resend_reprint_shortened "$(q "$DB" "SELECT story_id FROM articles WHERE title = '南岸区开展劳模工匠进校园活动' ORDER BY id" | tr '\n' ' ')" " 2 "
check_eq resend_reprint_new_lead "$(q "$DB" "SELECT story_id FROM articles WHERE title = '户外劳动者服务网络让劳动者感受到温暖'")" 3
check_eq resend_same_title_two_stories "$(q "$DB" "SELECT count(*), count(story_id) FROM articles WHERE title = '学习贯彻中国工会十八大精神'")" "2|0"
check_eq resend_no_other_links "$(q "$DB" 'SELECT count(*) FROM articles WHERE story_id IS NOT NULL')" 2
check_eq resend_bulletins_all_kept "$(q "$DB" 'SELECT count(*) FROM bulletins WHERE superseded_by IS NULL')" 5
"$BRIEF" run scripts/weekly.lua --db "$DB" $RUN_ARGS -o "$TMP/weekly.pdf" >/dev/null 2>"$TMP/run.err"
weekly=$(all_text "$TMP/weekly.pdf")
check_eq resend_weekly_story_once "$(echo "$weekly" | grep -o '劳模工匠们还走进实训车间' | wc -l)" 1
check_eq resend_weekly_names_other "$(echo "$weekly" | grep -o '另见：重庆市总工会10月25日' | wc -l)" 1
check_eq resend_weekly_names_lead "$(echo "$weekly" | grep -o '另见：巴南区总工会10月26日' | wc -l)" 1
check_eq resend_weekly_count "$(echo "$weekly" | grep -o '本期共[0-9]*篇')" "本期共7篇"
check_eq resend_weekly_both_titles "$(echo "$weekly" | grep -o '城口县总工会近日组织机关干部' | wc -l)|$(echo "$weekly" | grep -o '大渡口区总工会召开党组理论学习' | wc -l)" "1|1"
"$BRIEF" run scripts/digest.lua --db "$DB" $RUN_ARGS -o "$TMP/digest2.pdf" >/dev/null 2>&1
check_eq resend_digest_reprints "$(all_text "$TMP/digest2.pdf" | grep -o '共[0-9]*篇\|另见：[^0-9]*10月2[56]日' | tr '\n' ' ')" "共7篇 另见：重庆市总工会10月25日 另见：巴南区总工会10月26日 "
cat > "$TMP/all.lua" <<'LUA'
local first = brief.data.articles{from = "2023-10-23", to = "2023-10-29"}
local all = brief.data.articles{from = "2023-10-23", to = "2023-10-29", reprints = "all"}
local named = 0
for _, a in ipairs(first) do named = named + #a.reprints end
local orgs = 0
for _, m in ipairs(brief.data.mentions{kind = "place"}) do
  if m.value == "南岸区" then orgs = m.articles end
end
print(#first, #all, named, orgs)
local ok, err = pcall(brief.data.articles, {from = "2023-10-23", to = "2023-10-29", reprints = "some"})
print(ok, err:find("'first' or 'all'", 1, true) ~= nil)
LUA
"$BRIEF" run "$TMP/all.lua" --db "$DB" >"$TMP/all.out" 2>&1
# 南岸区 is named by the three articles of the first bulletin and by 巴南's own
# article, not again by the two reprints
check_eq resend_script_reprints "$(tr '\t\n' '  ' < "$TMP/all.out")" "7 9 2 4 false true "

# ---- the real bulletin, when present: re-sent with an edit, it replaces ---------------
seed=$(seed_file)
if [ -n "$seed" ]; then
    DB="$TMP/s.db"
    "$BRIEF" ingest --db "$DB" --source seed --date 2023-10-27 "$seed" >/dev/null 2>&1
    sed '0,/工会/s//工會/' "$seed" > "$TMP/seed-edit.txt"
    "$BRIEF" ingest --db "$DB" --source seed --date 2023-10-27 "$TMP/seed-edit.txt" >"$TMP/out" 2>&1
    check resend_seed_replaces grep -q '; replaces bulletin 1, ' "$TMP/out"
else
    skip resend_seed_replaces "no seed bulletin in $SEEDS"
fi
