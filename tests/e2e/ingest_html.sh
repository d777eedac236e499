# SPDX-License-Identifier: GPL-3.0-or-later
# brief ingest on web pages, as a user runs it: pages from files (a page is
# known by its markup, not its name), their kind and lines in --explain, a
# directory of text, PDF and pages, hostile pages beside good files (each a
# clear error naming the file, nothing stored for it); then pages fetched
# from a web server this script starts on 127.0.0.1 (tests/tools/httpd.py,
# on a free port, killed on exit): redirects followed and the final address
# stored, the HTTP charset and Last-Modified used, and every way a fetch
# fails said with its address. Nothing leaves the machine. The structure of
# each page in tests/data/html is e2e/shapes.sh's.
. tests/lib.sh

q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }
H=tests/data/html

# ---- files -------------------------------------------------------------------------
"$BRIEF" ingest --explain "$H/gov_cms_gbk_publishdate.html" >"$TMP/explain" 2>&1
check html_explain_names_the_kind grep -q "^$H/gov_cms_gbk_publishdate.html: html, 1 article, date 2023-10-27" "$TMP/explain"
check html_explain_headline_from_h1 grep -Eq '^ +[0-9]+  headline +headline +南川区总工会召开“安康杯”竞赛推进会$' "$TMP/explain"
check html_explain_caption_kept_apart grep -Eq '^ +[0-9]+  caption +caption +推进会现场。区总工会供图$' "$TMP/explain"
check_eq html_explain_no_furniture_lines "$(grep -cE '设为首页|分享到|上一篇|版权所有' "$TMP/explain")" 0

# a page is known by its markup, whatever its name; a text named .html is text
mkdir -p "$TMP/names"
cp "$H/news_og_time_iframe.html" "$TMP/names/page.txt"
cp samples/2023/2023-10-13_jiulongpo.txt "$TMP/names/text.html"
"$BRIEF" ingest --db "$TMP/names.db" "$TMP/names" >/dev/null 2>&1
check_eq html_known_by_markup_not_name \
    "$(q "$TMP/names.db" "SELECT group_concat(replace(file_name, '$TMP/names/', '') || '=' || encoding, ' ') FROM
                          (SELECT * FROM bulletins ORDER BY file_name)")" "page.txt=html text.html=utf-8"

# ---- a directory of every kind, with hostile pages among them ------------------------------
mkdir -p "$TMP/mixed/sub"
cp "$H/tw_union_big5.html" "$H/jianbao_three_stories.html" "$TMP/mixed/"
cp "$H/union_div_title_br_gb2312.html" "$TMP/mixed/sub/old_site.htm"
cp samples/2023/2023-10-13_jiulongpo.txt "$TMP/mixed/"
cp tests/data/pdf/reportlab_2col.pdf "$TMP/mixed/"
python3 - "$TMP/mixed" <<'EOF'
import sys
d = sys.argv[1]
# 100,000 nested elements: past libxml2's depth limit the rest of the page is lost
open(d + "/deep.html", "w").write("<html><body>" + "<div>" * 100000 + "<p>深处的一段文字，职工活动的报道。</p>"
                                   + "</div>" * 100000 + "</body></html>")
# only furniture: navigation, a script, a footer
open(d + "/nav_only.html", "w").write('<!DOCTYPE html><html><head><title>首页</title><script>var a = "职工";</script>'
                                      '</head><body><nav><a href="/">首页</a><a href="/n/">新闻</a></nav>'
                                      '<footer>版权所有</footer></body></html>')
# more than INTAKE_MAX_BYTES (64 MB)
with open(d + "/huge.html", "w") as f:
    f.write("<html><body>")
    line = "<p>" + "大" * 1000 + "</p>\n"
    for _ in range(68 * 1024 * 1024 // len(line.encode()) + 1):
        f.write(line)
# broken markup: unclosed, misnested, stray end tags; still a page with its text
open(d + "/broken.html", "w").write('<html><head><title>区总工会举办职工插花比赛-工会动态</title><body>'
    '<h1>区总工会举办职工插花比赛<h1></h2><div class="content"><p>11月8日，区总工会在职工之家举办插花比赛，'
    '四十名女职工参加比赛<b>，作品现场展出。<p>比赛分为传统插花和创意插花两个组别，评委从造型、色彩和寓意三方面评分。'
    '</b></div></span></td><p>获奖作品将在区工人文化宫展出一周。')
EOF
"$BRIEF" ingest --db "$TMP/m.db" "$TMP/mixed" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq html_mixed_exit_1 "$rc" 1
check_eq html_mixed_good_files_stored \
    "$(q "$TMP/m.db" "SELECT group_concat(replace(file_name, '$TMP/mixed/', '') || '=' || encoding, ' ') FROM
                      (SELECT * FROM bulletins ORDER BY file_name)")" \
    "2023-10-13_jiulongpo.txt=utf-8 broken.html=html jianbao_three_stories.html=html reportlab_2col.pdf=pdf sub/old_site.htm=html tw_union_big5.html=html"
check html_mixed_summary grep -q '^ingested 9 files: 6 new bulletins, [0-9]* articles, 0 duplicates, 3 failed' "$TMP/out"
check html_deep_nesting_says_so \
    grep -q "mixed/deep.html: elements nested more than 256 deep (libxml2's limit): not a bulletin" "$TMP/err"
check html_nav_only_says_no_text grep -q "mixed/nav_only.html: no text outside navigation, scripts and furniture" "$TMP/err"
check html_huge_says_too_large grep -q "mixed/huge.html: .*64 MB" "$TMP/err"
check_eq html_libxml2_quiet "$(grep -vc '^brief ingest: ' "$TMP/err")" 0
check_eq html_broken_markup_read \
    "$(q "$TMP/m.db" "SELECT a.title || '|' || a.paragraph_count FROM articles a JOIN bulletins b ON b.id = a.bulletin_id
                      WHERE b.file_name LIKE '%broken.html'")" "区总工会举办职工插花比赛|3"
check_eq html_nothing_half_stored \
    "$(q "$TMP/m.db" "SELECT count(*) FROM articles a LEFT JOIN bulletins b ON b.id = a.bulletin_id WHERE b.id IS NULL")" 0
check_eq html_big5_page_title \
    "$(q "$TMP/m.db" "SELECT a.title FROM articles a JOIN bulletins b ON b.id = a.bulletin_id
                      WHERE b.file_name LIKE '%tw_union_big5.html'")" "本會舉辦職業安全衛生講習"

# standard input: a page piped in is a page
"$BRIEF" ingest --explain - < "$H/index_page_articles.html" >"$TMP/stdin.out" 2>&1
check html_from_stdin grep -q '^(stdin): html, 3 articles' "$TMP/stdin.out"

# ---- URLs, from a server of our own on 127.0.0.1 ------------------------------------------
if ! command -v python3 >/dev/null 2>&1; then
    skip html_urls "python3 is not installed (Debian python3): no local web server"
    exit 0
fi
PORTFILE=$TMP/port
python3 tests/tools/httpd.py "$H" "$PORTFILE" 2>"$TMP/httpd.err" &
HTTPD=$!
trap 'kill $HTTPD 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$PORTFILE" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if [ ! -s "$PORTFILE" ]; then
    fail html_urls_server "tests/tools/httpd.py did not start: $(head -c 300 "$TMP/httpd.err")"
    exit 0
fi
U=http://127.0.0.1:$(cat "$PORTFILE")
NEVER=http://127.0.0.1:$(cat "$PORTFILE.never")

"$BRIEF" ingest --db "$TMP/u.db" --delay 0 "$U/news_og_time_iframe.html" "$U/gbk-header" "$U/hop/3" \
    >"$TMP/u.out" 2>"$TMP/u.err"; rc=$?
check_eq url_exit_0 "$rc" 0
check_eq url_stored_under_final_address_with_host_as_source \
    "$(q "$TMP/u.db" "SELECT group_concat(replace(file_name, '$U', '') || '=' || source || '=' || encoding, ' ')
                      FROM (SELECT * FROM bulletins ORDER BY id)")" \
    "/news_og_time_iframe.html=127.0.0.1=html /gbk-header=127.0.0.1=html /page-lastmod=127.0.0.1=html"
check_eq url_charset_from_http_header \
    "$(q "$TMP/u.db" "SELECT a.title FROM articles a JOIN bulletins b ON b.id = a.bulletin_id WHERE b.file_name LIKE '%/gbk-header'")" \
    "荣昌区职工运动会开幕"
check_eq url_page_date_wins \
    "$(q "$TMP/u.db" "SELECT issued_on || ' ' || date_source FROM bulletins WHERE file_name LIKE '%/news_og_time_iframe.html'")" \
    "2023-12-21 metadata"
check_eq url_last_modified_when_the_page_has_no_date \
    "$(q "$TMP/u.db" "SELECT issued_on FROM bulletins WHERE file_name LIKE '%/page-lastmod'")" "2023-06-09"

"$BRIEF" ingest --db "$TMP/bad.db" --delay 0 --timeout 2 "$U/status/404" "$U/redirect/0" "$U/to-ftp" "$NEVER/x" \
    "$U/slow" "$U/huge" "ftp://127.0.0.1/a.html" "$U/jianbao_three_stories.html" >"$TMP/bad.out" 2>"$TMP/bad.err"; rc=$?
check_eq url_bad_exit_1 "$rc" 1
check url_404_named grep -qx "brief ingest: $U/status/404: HTTP 404" "$TMP/bad.err"
check url_redirects_bounded grep -qx "brief ingest: $U/redirect/0: more than 5 redirects" "$TMP/bad.err"
check url_redirect_to_ftp_refused \
    grep -qx "brief ingest: $U/to-ftp: redirected to an address that is not http:// or https://" "$TMP/bad.err"
check url_never_answering_times_out grep -qx "brief ingest: $NEVER/x: timed out after 2 s" "$TMP/bad.err"
check url_slow_body_times_out grep -qx "brief ingest: $U/slow: timed out after 2 s" "$TMP/bad.err"
check url_huge_body_refused grep -qx "brief ingest: $U/huge: more than 64 MB" "$TMP/bad.err"
check url_other_scheme_refused \
    grep -qx "brief ingest: ftp://127.0.0.1/a.html: only http:// and https:// addresses are fetched" "$TMP/bad.err"
check_eq url_good_one_stored_beside_the_bad \
    "$(q "$TMP/bad.db" "SELECT group_concat(replace(file_name, '$U', ''), ' ') FROM bulletins")" "/jianbao_three_stories.html"

# --from-list: comments and blank lines skipped, a bad line named with its line
cat > "$TMP/list.txt" <<EOF
# two pages of one host

$U/dashiji_month_publishdate.html
  $U/epaper_founder_kicker.html
not a url
EOF
start=$(date +%s.%N)
"$BRIEF" ingest --db "$TMP/l.db" --delay 1 --from-list "$TMP/list.txt" >"$TMP/l.out" 2>"$TMP/l.err"; rc=$?
took=$(echo "$(date +%s.%N) - $start" | bc)
check_eq from_list_exit_1 "$rc" 1
check from_list_bad_line_named grep -qx "brief ingest: $TMP/list.txt:5: not an http:// or https:// address: 'not a url'" "$TMP/l.err"
check_eq from_list_pages_stored "$(q "$TMP/l.db" "SELECT count(*) FROM bulletins")" 2
# the polite delay: the second request to the host waits a second after the first
check from_list_polite_delay test "$(echo "$took >= 1" | bc)" = 1

# A list's items and a table's cells end their paragraphs though they end no sentence
# (ingest_line.block_end); lines a <br> splits inside one sentence still join.
cat > "$TMP/items.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>区总工会发布年度服务清单 - 示例区总工会</title></head>
<body><div class="article"><h1>区总工会发布年度服务清单</h1>
<p>区总工会近日发布2024年度职工服务清单，共列出十二项服务，覆盖全区各类企业职工。</p>
<ul><li>职工法律援助</li><li>困难职工帮扶</li><li>职工技能培训</li></ul>
<table><tr><td>服务项目</td><td>办理地点</td></tr><tr><td>法律援助</td><td>区职工服务中心</td></tr></table>
<p>清单中的服务均可在区职工服务中心办理，<br>部分项目已开通网上申请。</p>
</div></body></html>
HTML
"$BRIEF" ingest --db "$TMP/items.db" "$TMP/items.html" >/dev/null 2>&1
check_eq html_list_items_stay_paragraphs \
    "$(q "$TMP/items.db" "SELECT count(*) FROM paragraphs WHERE text IN ('职工法律援助', '困难职工帮扶', '职工技能培训')")" 3
check_eq html_data_rows_one_line_each \
    "$(q "$TMP/items.db" "SELECT count(*) FROM paragraphs WHERE text IN ('服务项目 办理地点', '法律援助 区职工服务中心')")" 2
# A page laid out in a table (links in one cell, the story in another, its
# headline in a row of its own) is no data table: its headline and paragraphs stand.
cat > "$TMP/layout.html" <<'HTML'
<html><head><meta charset="utf-8"><title>市总工会召开职工服务工作推进会_工作动态</title></head><body>
<table><tr><td class="x"><a href="/a">工作动态</a><br><a href="/b">基层风采</a><br><a href="/c">通知公告</a></td>
<td><table><tr><td><h2>市总工会召开职工服务工作推进会</h2></td></tr>
<tr><td>发布时间：2023-10-24</td></tr>
<tr><td><p>10月24日，市总工会召开全市工会职工服务工作推进会，通报前三季度各区县工会服务职工情况，交流数字化服务经验。</p>
<p>会议要求，各级工会要聚焦职工急难愁盼，推动服务阵地向新就业形态劳动者延伸。</p></td></tr></table></td></tr></table>
</body></html>
HTML
"$BRIEF" ingest --db "$TMP/layout.db" "$TMP/layout.html" >/dev/null 2>&1
check_eq html_layout_table_story "$(q "$TMP/layout.db" "SELECT a.title, a.paragraph_count, b.issued_on FROM articles a JOIN bulletins b ON b.id = a.bulletin_id")" \
    "市总工会召开职工服务工作推进会|2|2023-10-24"
check_eq html_br_inside_a_sentence_joins \
    "$(q "$TMP/items.db" "SELECT count(*) FROM paragraphs WHERE text = '清单中的服务均可在区职工服务中心办理，部分项目已开通网上申请。'")" 1

check_status url_timeout_option_checked 2 "$BRIEF" ingest --timeout 0 "$U/x"
check_status url_delay_option_checked 2 "$BRIEF" ingest --delay soon "$U/x"
