# SPDX-License-Identifier: GPL-3.0-or-later
# scripts/weekly.lua, digest.lua and search.lua rendered from samples/ (and
# from the seed when it is there), read back with pdftotext, pdfinfo,
# pdffonts and qpdf: the mentions they count, the page numbers, the
# contents against the real pages, the titles, the empty week.
. tests/lib.sh

# The text of page N of a PDF, or of the whole file, with all white space
# removed (titles wrap; pdftotext puts spaces and newlines where lines break).
page_text() { pdftotext -f "$2" -l "$2" "$1" - 2>/dev/null | tr -d ' \n\t\f\r'; }
all_text() { pdftotext "$1" - 2>/dev/null | tr -d ' \n\t\f\r'; }
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
sql() { "$BRIEF" sql --db "$1" --csv "$2" | tail -n +2 | tr -d '\r'; }

# ---- mentions on the seed (places, quoted terms) ------------------------
seed=$(seed_file)
if [ -z "$seed" ]; then
    skip weekly_seed_mentions "no seed in $SEEDS"
else
    "$BRIEF" ingest --db "$TMP/seed.db" --date 2023-10-27 "$seed" >/dev/null 2>&1
    places=$(sql "$TMP/seed.db" "SELECT DISTINCT value FROM mentions WHERE kind = 'place'")
    missing=""
    for p in 黔江区 涪陵区 九龙坡区 南岸区 永川区 开州区 城口县 巴南区 奉节县 荣昌区; do
        printf '%s\n' "$places" | grep -qx "$p" || missing="$missing $p"
    done
    check_eq weekly_seed_places "${missing:-none}" none
    terms=$(sql "$TMP/seed.db" "SELECT DISTINCT value FROM mentions WHERE kind = 'term'")
    missing=""
    for t in 五大行动 十件实事 五型工会 一号工程; do
        printf '%s\n' "$terms" | grep -qx "$t" || missing="$missing $t"
    done
    check_eq weekly_seed_terms "${missing:-none}" none
    "$BRIEF" run scripts/weekly.lua --db "$TMP/seed.db" --set week=2023-W43 -o "$TMP/seed.pdf" \
        >"$TMP/seed.out" 2>&1
    titles=$(sql "$TMP/seed.db" "SELECT title FROM articles ORDER BY id")
    text=$(all_text "$TMP/seed.pdf")
    lost=""
    for t in $(printf '%s\n' "$titles" | tr -d ' '); do
        case "$text" in *"$t"*) ;; *) lost="$lost $t" ;; esac
    done
    check_eq weekly_seed_titles "${lost:-none}" none
fi

# ---- mentions on the samples (samples/README.md gives the counts) -------
DB=$TMP/samples.db
"$BRIEF" ingest --db "$DB" samples/ >/dev/null 2>&1
w43=$(sql "$DB" "SELECT value || '=' || sum(count) FROM mentions_v WHERE kind = 'term'
      AND issued_on BETWEEN '2023-10-23' AND '2023-10-29'
      AND value IN ('五大行动', '五型工会', '一号工程', '33618', '职工之家') GROUP BY value ORDER BY value" | tr "\n" " " | sed "s/ $//")
check_eq weekly_samples_terms_w43 "$w43" "33618=2 一号工程=3 五型工会=5 五大行动=1 职工之家=2"
nanan=$(sql "$DB" "SELECT DISTINCT district FROM mentions WHERE kind = 'org' AND value = '南岸区总工会'")
check_eq weekly_samples_org_district "$nanan" 南岸区
nplaces=$(sql "$DB" "SELECT count(DISTINCT value) FROM mentions WHERE kind = 'place'")
check_eq weekly_samples_all_38_places "$nplaces" 38

# ---- the weekly brief of 2023-W43 ---------------------------------------
PDF=$TMP/w43.pdf
check weekly_renders "$BRIEF" run scripts/weekly.lua --db "$DB" --set week=2023-W43 -o "$PDF"
n=$(pages "$PDF")
[ -n "$n" ] || n=0
check weekly_several_pages test "$n" -ge 3

# every page carries "— N —", on the right of odd pages and the left of even
# ones (GB/T 9704 §7.5): read the bottom strip of each half of the A4 page
bad=""
i=1
while [ "$i" -le "$n" ]; do
    left=$(pdftotext -f $i -l $i -x 0 -y 760 -W 298 -H 82 "$PDF" - 2>/dev/null | tr -d ' \n\f')
    right=$(pdftotext -f $i -l $i -x 298 -y 760 -W 297 -H 82 "$PDF" - 2>/dev/null | tr -d ' \n\f')
    if [ $((i % 2)) -eq 1 ]; then want=$right; other=$left; else want=$left; other=$right; fi
    [ "$want" = "—${i}—" ] && [ -z "$other" ] || bad="$bad $i:[$left|$right]"
    i=$((i + 1))
done
check_eq weekly_page_numbers_outer_side "${bad:-none}" none

# no page starts with an article's source line "（…日）" cut off from its
# article, in any of the five sample weeks
stranded=""
for w in 41 42 43 44 45; do
    "$BRIEF" run scripts/weekly.lua --db "$DB" --set week=2023-W$w -o "$TMP/W$w.pdf" >/dev/null 2>&1
    pdftotext "$TMP/W$w.pdf" "$TMP/W$w.txt" 2>/dev/null
    # pages are separated by form feeds; a page's first text line follows one
    awk -v w=$w 'BEGIN {RS = "\f"} NR > 1 {
        n = split($0, lines, "\n")
        for (k = 1; k <= n; k++) if (lines[k] ~ /[^ ]/) break
        if (lines[k] ~ /^（.*日）$/) printf " W%s:p%d", w, NR
    }' "$TMP/W$w.txt" >>"$TMP/stranded"
done
stranded=$(cat "$TMP/stranded")
check_eq weekly_no_stranded_source_line "${stranded:-none}" none

# 本期要目 (page 1): each entry "title …… P"; the title must be on page P.
# A wrapped entry's lines are joined until one ends in leaders and a number.
pdftotext -f 1 -l 1 "$PDF" - | awk '
    /本期要目/ {on = 1; next}
    on && /^— *[0-9]+ *—$/ {exit}
    on && NF {
        line = line $0
        if (match(line, /[ .]+[0-9]+$/)) {
            title = substr(line, 1, RSTART - 1); page = substr(line, RSTART)
            gsub(/[ .]/, "", title); gsub(/[ .]/, "", page)
            print page "\t" title; line = ""
        }
    }' >"$TMP/toc.tsv"
entries=$(wc -l <"$TMP/toc.tsv")
articles=$(sql "$DB" "SELECT count(*) FROM articles_v WHERE issued_on BETWEEN '2023-10-23' AND '2023-10-29'")
check_eq weekly_toc_lists_every_article "$entries" $((articles + 1))
wrong=""
while IFS="$(printf '\t')" read -r p title; do
    case "$(page_text "$PDF" "$p")" in *"$title"*) ;; *) wrong="$wrong $title@$p" ;; esac
done <"$TMP/toc.tsv"
check_eq weekly_toc_pages_are_real "${wrong:-none}" none

# every article title of the week comes back from the PDF
text=$(all_text "$PDF")
lost=""
for t in $(sql "$DB" "SELECT replace(title, ' ', '') FROM articles_v
                      WHERE issued_on BETWEEN '2023-10-23' AND '2023-10-29'"); do
    case "$text" in *"$t"*) ;; *) lost="$lost $t" ;; esac
done
check_eq weekly_every_title "${lost:-none}" none
case "$text" in *第43期*2023年10月27日*本期要目*本周统计*各区县稿件*热词*五型工会*+4*提及的工会*)
    pass weekly_front_and_statistics ;;
*) fail weekly_front_and_statistics "masthead, contents or statistics missing" ;; esac
case "$text" in *近日,南岸区*) fail weekly_full_width_punctuation "an ASCII comma between Chinese" ;;
*近日，南岸区*) pass weekly_full_width_punctuation ;;
*) fail weekly_full_width_punctuation "paragraph not found" ;; esac

check weekly_qpdf qpdf --check "$PDF"
notembedded=$(pdffonts "$PDF" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes"' | wc -l)
nfonts=$(pdffonts "$PDF" 2>/dev/null | awk 'NR > 2' | wc -l)
check_eq weekly_fonts_embedded "$notembedded fonts not embedded of $nfonts" "0 fonts not embedded of $nfonts"
check weekly_has_fonts test "$nfonts" -ge 1

# ---- the empty week, week=last, the issue number ------------------------
"$BRIEF" run scripts/weekly.lua --db "$DB" --set week=2023-W40 -o "$TMP/empty.pdf" >"$TMP/empty.out" 2>&1
check_eq weekly_empty_week_one_page "$(pages "$TMP/empty.pdf")" 1
case "$(all_text "$TMP/empty.pdf")" in *本周无稿件*) pass weekly_empty_week_says_so ;;
*) fail weekly_empty_week_says_so "no 本周无稿件: $(head -c 200 "$TMP/empty.out")" ;; esac
# 2023-11-14: the last complete week is 2023-W45
SOURCE_DATE_EPOCH=1699920000 "$BRIEF" run scripts/weekly.lua --db "$DB" --set week=last \
    --set first_week=2023-W40 -o "$TMP/last.pdf" >/dev/null 2>&1
case "$(page_text "$TMP/last.pdf" 1)" in *第6期*2023年11月10日*) pass weekly_last_week ;;
*) fail weekly_last_week "$(page_text "$TMP/last.pdf" 1 | head -c 120)" ;; esac
check_status weekly_week_before_first_is_an_error 1 \
    "$BRIEF" run scripts/weekly.lua --db "$DB" --set week=2022-W50 -o "$TMP/early.pdf"

# ---- digest and search --------------------------------------------------
"$BRIEF" run scripts/digest.lua --db "$DB" --set week=2023-W43 -o "$TMP/digest.pdf" >/dev/null 2>&1
check_eq digest_one_page "$(pages "$TMP/digest.pdf")" 1
dtext=$(all_text "$TMP/digest.pdf")
lost=""
for t in $(sql "$DB" "SELECT replace(title, ' ', '') FROM articles_v
                      WHERE issued_on BETWEEN '2023-10-23' AND '2023-10-29'"); do
    case "$dtext" in *"$t"*) ;; *) lost="$lost $t" ;; esac
done
check_eq digest_every_headline "${lost:-none}" none

"$BRIEF" run scripts/search.lua --db "$DB" --set q=五型工会 -o "$TMP/search.pdf" >/dev/null 2>&1
stext=$(all_text "$TMP/search.pdf")
hits=$("$BRIEF" search --db "$DB" --limit 100 五型工会 2>/dev/null | grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2} ')
case "$stext" in *共${hits}篇稿件*【五型工会】*) pass search_marks_matches ;;
*) fail search_marks_matches "want 共${hits}篇 and 【五型工会】: $(printf '%s' "$stext" | head -c 120)" ;; esac
"$BRIEF" run scripts/search.lua --db "$DB" --set "q=app" -o "$TMP/app.pdf" >/dev/null 2>&1
case "$(all_text "$TMP/app.pdf")" in *【APP】*) pass search_ascii_either_case ;;
*) fail search_ascii_either_case "APP not marked" ;; esac
check_status search_without_q_is_an_error 1 "$BRIEF" run scripts/search.lua --db "$DB" -o "$TMP/none.pdf"

# ---- the example of scripts/README.md runs and lists the week -----------
awk '/^```lua/ {on = 1; next} /^```/ {on = 0} on' scripts/README.md >"$TMP/my_report.lua"
"$BRIEF" run "$TMP/my_report.lua" --db "$DB" --set week=2023-W43 -o "$TMP/mine.pdf" >"$TMP/mine.out" 2>&1
case "$(all_text "$TMP/mine.pdf")" in *各区县稿件一览*渝中区总工会学习贯彻中国工会十八大精神*)
    pass scripts_readme_example ;;
*) fail scripts_readme_example "$(head -c 300 "$TMP/mine.out")" ;; esac
