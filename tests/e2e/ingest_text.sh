# SPDX-License-Identifier: GPL-3.0-or-later
# brief ingest on text as users copy it (issue 13, and issue 20's encodings):
# Big5, Big5-HKSCS and UTF-16 read with every character right, --encoding
# naming each, Big5 told from GBK; --explain printing roles and storing
# nothing; metadata stored (author, source, credit, captions, url, a
# month-only date); mentions of traditional text and aliases scoped to their
# region; a version-2 database migrated with its traditional articles
# folded for search. Results read back with the sqlite3 CLI.
. tests/lib.sh

q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }

# ---- encodings -------------------------------------------------------------------
mkdir -p "$TMP/enc"
trad() { printf '重慶市總工會舉辦職工技能競賽%s\n\n10月20日,重慶市總工會在九龍坡區舉辦職工技能競賽,三百餘名職工參加。\n' "$1"; }
trad 一 | iconv -f UTF-8 -t BIG5 > "$TMP/enc/big5.txt"
trad 二 | iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } > "$TMP/enc/utf16le.txt"
trad 三 | iconv -f UTF-8 -t UTF-16BE | { printf '\376\377'; cat; } > "$TMP/enc/utf16be.txt"
trad 四 | iconv -f UTF-8 -t GBK > "$TMP/enc/gbk_trad.txt"     # traditional text in GBK stays GB18030
# 𨋢 (U+282E2, lift, Hong Kong) is in Big5-HKSCS, not in Big5
printf '香港工會舉辦𨋢安全講座\n\n工聯會今日舉辦𨋢安全講座,提醒工友注意安全。\n' | iconv -f UTF-8 -t BIG5-HKSCS > "$TMP/enc/hkscs.txt"
"$BRIEF" ingest --db "$TMP/enc.db" "$TMP/enc" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq enc_all_stored "$rc|$(q "$TMP/enc.db" 'SELECT count(*) FROM bulletins')" "0|5"
enc_of() { q "$TMP/enc.db" "SELECT encoding FROM bulletins WHERE file_name LIKE '%/$1'"; }
title_of() { q "$TMP/enc.db" "SELECT a.title FROM articles a JOIN bulletins b ON b.id = a.bulletin_id WHERE b.file_name LIKE '%/$1'"; }
check_eq enc_big5_detected "$(enc_of big5.txt)|$(title_of big5.txt)" "big5|重慶市總工會舉辦職工技能競賽一"
check_eq enc_utf16le_read "$(enc_of utf16le.txt)|$(title_of utf16le.txt)" "utf-16le|重慶市總工會舉辦職工技能競賽二"
check_eq enc_utf16be_read "$(enc_of utf16be.txt)|$(title_of utf16be.txt)" "utf-16be|重慶市總工會舉辦職工技能競賽三"
check_eq enc_gbk_traditional_is_gb18030 "$(enc_of gbk_trad.txt)|$(title_of gbk_trad.txt)" "gb18030|重慶市總工會舉辦職工技能競賽四"
check_eq enc_hkscs_detected "$(enc_of hkscs.txt)|$(title_of hkscs.txt)" "big5-hkscs|香港工會舉辦𨋢安全講座"
check_eq enc_samples_shapes_big5 \
    "$(q "$TMP/enc.db" "SELECT count(*) FROM bulletins WHERE encoding = 'big5'")" 1
# --encoding names each; a wrong one is an error naming the file and line.
for e in big5 Big5 big5-hkscs utf-16 utf-16le gb18030 gbk utf-8; do
    "$BRIEF" ingest --db "$TMP/e1.db" --encoding "$e" "$TMP/enc/big5.txt" >/dev/null 2>&1
    [ $? -le 1 ] || fail "enc_option_$e" "not accepted"
done
check_status enc_option_unknown 2 "$BRIEF" ingest --db "$TMP/e2.db" --encoding latin1 "$TMP/enc/big5.txt"
"$BRIEF" ingest --db "$TMP/e3.db" --encoding big5 "$TMP/enc/gbk_trad.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq enc_forced_big5_on_gbk_fails "$rc" 1
check enc_forced_big5_message grep -Eq 'gbk_trad.txt:[0-9]+: invalid Big5 byte sequence' "$TMP/err"
"$BRIEF" ingest --db "$TMP/e4.db" --encoding big5 "$TMP/enc/big5.txt" >/dev/null 2>&1
check_eq enc_forced_big5 "$(q "$TMP/e4.db" 'SELECT encoding FROM bulletins')" big5
# A control character in UTF-16 is found after decoding, with its line.
{ printf '\377\376'; printf 'a\nb\n\007\n' | iconv -f UTF-8 -t UTF-16LE; } > "$TMP/enc16bad.txt"
"$BRIEF" ingest --db "$TMP/e5.db" "$TMP/enc16bad.txt" >"$TMP/out" 2>"$TMP/err"
check enc_utf16_control_named grep -q 'enc16bad.txt:3: control character 0x07' "$TMP/err"

# ---- --explain: every line with its role and rule, nothing stored -----------------
"$BRIEF" ingest --db "$TMP/explain.db" --explain tests/data/shapes/web_nav_breadcrumb_meta.txt >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq explain_exit_0 "$rc" 0
check_eq explain_stores_nothing "$(ls "$TMP"/explain.db* 2>/dev/null | wc -l)" 0
check explain_header grep -q 'web_nav_breadcrumb_meta.txt: utf-8, 1 article, date 2023-07-24 (metadata, day)' "$TMP/out"
check explain_breadcrumb grep -Eq '^ +3  furniture +breadcrumb +当前位置:首页' "$TMP/out"
check explain_headline grep -Eq '^ +5  headline +headline +九龙坡区总工会开展' "$TMP/out"
check explain_meta grep -Eq '^ +6  meta +meta-source +来源:九龙坡区总工会' "$TMP/out"
check explain_article grep -q '^  author: 周晓岚' "$TMP/out"

# ---- metadata stored -----------------------------------------------------------------
"$BRIEF" ingest --db "$TMP/meta.db" tests/data/shapes/runon_captions_credits.txt tests/data/shapes/dashiji_month_hanzi_year.txt \
    tests/data/shapes/web_footer_share_related.txt >/dev/null 2>&1
check_eq meta_credit_source "$(q "$TMP/meta.db" "SELECT credit || '|' || source_name FROM articles WHERE title LIKE '涪陵区总工会举办%'")" \
    "陈晓峰|涪陵区总工会"
check_eq meta_captions "$(q "$TMP/meta.db" "SELECT group_concat(c.text, '|') FROM captions c JOIN articles a ON a.id = c.article_id
    WHERE a.title LIKE '涪陵区总工会举办%' ORDER BY c.seq")" "两支代表队在首场比赛中激烈拼抢 黄文斌 摄|图为开幕式上运动员代表宣誓。涪陵区总工会供图"
check_eq meta_month_only "$(q "$TMP/meta.db" "SELECT issued_on || '|' || date_precision || '|' || date_source FROM bulletins WHERE file_name LIKE '%dashiji%'")" \
    "2023-01-01|month|headline"
check_eq meta_url "$(q "$TMP/meta.db" "SELECT url FROM bulletins WHERE file_name LIKE '%web_footer%'")" \
    "https://www.example.org.cn/news/2023/0612/1234.html"
check_eq meta_author "$(q "$TMP/meta.db" "SELECT author FROM articles_v WHERE file_name LIKE '%web_footer%'")" 谭雪梅
# A month-only bulletin is in its month's range, by its first day.
check_eq meta_month_in_range "$(q "$TMP/meta.db" "SELECT count(*) FROM articles_v WHERE issued_on BETWEEN '2023-01-01' AND '2023-01-31'")" 1

# ---- mentions: traditional text, aliases of a region ----------------------------------
mkdir -p "$TMP/m"
printf '重慶市總工會召開會議\n\n9月1日,重慶市總工會在渝中區召開「五型工會」建設推進會,市總工會主要負責人出席。\n' > "$TMP/m/trad.txt"
printf '杭州市总工会召开会议\n\n9月1日,杭州市总工会召开会议,市总工会主要负责人出席。\n' > "$TMP/m/hangzhou.txt"
printf '九龙坡区总工会召开会议\n\n9月1日,九龙坡区总工会召开会议,市总工会主要负责人出席。\n' > "$TMP/m/chongqing.txt"
"$BRIEF" ingest --db "$TMP/m.db" "$TMP/m" >/dev/null 2>&1
ments() { q "$TMP/m.db" "SELECT group_concat(x, ' ') FROM (SELECT m.kind || ':' || m.value || '=' || m.count AS x FROM mentions m
    JOIN articles a ON a.id = m.article_id JOIN bulletins b ON b.id = a.bulletin_id WHERE b.file_name LIKE '%/$1'
    ORDER BY m.kind, m.value)"; }
check_eq mentions_traditional "$(ments trad.txt)" "org:重庆市总工会=3 place:渝中区=1 term:五型工会=1"
check_eq mentions_alias_not_in_hangzhou "$(ments hangzhou.txt)" ""
check_eq mentions_alias_in_chongqing "$(ments chongqing.txt)" "org:九龙坡区总工会=2 org:重庆市总工会=1 place:九龙坡区=2"

# ---- search: simplified and traditional find each other, marks on the stored text ----
"$BRIEF" ingest --db "$TMP/s.db" "$TMP/enc/big5.txt" tests/data/shapes/wap_date_first_meta.txt >/dev/null 2>&1
"$BRIEF" search --db "$TMP/s.db" 工会 >"$TMP/out" 2>&1
check search_simplified_finds_traditional grep -q '重慶市總【工會】舉辦職工技能競賽一' "$TMP/out"
check search_simplified_finds_simplified grep -q '【工会】' "$TMP/out"
"$BRIEF" search --db "$TMP/s.db" 區總工會 >"$TMP/out" 2>&1
check_eq search_traditional_finds_simplified "$(grep -c '^[0-9]' "$TMP/out")" 1
check search_traditional_marks_simplified grep -q '铜梁【区总工会】' "$TMP/out"
printf 'for _, a in ipairs(brief.data.search("职工技能竞赛")) do print(a.title) end\n' > "$TMP/s.lua"
"$BRIEF" run "$TMP/s.lua" --db "$TMP/s.db" >"$TMP/out" 2>&1
check search_lua_folded grep -q '重慶市總工會舉辦職工技能競賽一' "$TMP/out"

# ---- a database of schema version 2 is migrated, its traditional text folded ----------
sqlite3 "$TMP/v2.db" < tests/data/schema-v2.sql
"$BRIEF" ingest --db "$TMP/v2.db" tests/data/shapes/wap_date_first_meta.txt >/dev/null 2>"$TMP/err"; rc=$?
check_eq migrate_v2_exit_0 "$rc" 0
check_eq migrate_v2_version "$(q "$TMP/v2.db" 'PRAGMA user_version')" 5
check_eq migrate_v2_text_is_metadata "$(q "$TMP/v2.db" "SELECT group_concat(date_source, ' ') FROM bulletins")" "option metadata metadata"
check_eq migrate_v2_folded "$(q "$TMP/v2.db" "SELECT title FROM article_folds")" "重庆市总工会举办职工技能竞赛"
check_eq migrate_v2_fts_ok "$(q "$TMP/v2.db" "INSERT INTO article_folds_fts(article_folds_fts) VALUES ('integrity-check');
    INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check'); PRAGMA integrity_check")" ok
# Deleting a bulletin takes its folded copy and its index rows with it.
check_eq fold_cascade "$(q "$TMP/v2.db" "PRAGMA foreign_keys = ON; DELETE FROM bulletins WHERE id = 1;
    INSERT INTO article_folds_fts(article_folds_fts) VALUES ('integrity-check'); SELECT count(*) FROM article_folds")" 0
