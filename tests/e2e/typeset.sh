# SPDX-License-Identifier: GPL-3.0-or-later
# brief typeset: bulletins set as PDF and read back with pdftotext, pdffonts
# and qpdf; every title and paragraph must come back, in order.
. tests/lib.sh

# in_order TEXTFILE PDFTEXT: every line of TEXTFILE, whitespace removed,
# occurs in PDFTEXT (whitespace and the "- N -" footers removed) after the
# previous one. Prints the first line that does not.
in_order() {
    /usr/bin/python3 - "$1" "$2" <<'EOF'
import re, sys
want = [re.sub(r"\s+", "", l) for l in open(sys.argv[1], encoding="utf-8")]
got = open(sys.argv[2], encoding="utf-8").read()
got = re.sub(r"(?m)^\s*- ?\d+ ?-\s*$", "", got)
got = re.sub(r"\s+", "", got)
pos = 0
for w in want:
    if not w:
        continue
    k = got.find(w, pos)
    if k < 0:
        print("missing or out of order: " + w[:40])
        sys.exit(1)
    pos = k + len(w)
print("%d blocks in order" % len([w for w in want if w]))
EOF
}

# A bulletin the test writes itself, so the round trip runs without the seed.
cat >"$TMP/small.txt" <<'EOF'
市总工会部署冬季职工服务工作

近日,市总工会召开专题会议,部署今冬明春职工服务工作。会议要求,各级工会要把困难职工帮扶、户外劳动者服务站点建设和“娘家人”温暖行动结合起来,确保“33618”现代制造业集群体系中的一线职工在2023年冬季得到实实在在的关怀。

会议指出,要坚持问需于职工,通过ISO 9001质量管理体系认证的服务流程,提升服务的精准度和满意度。

各区县工会开展技能竞赛

连日来,各区县总工会围绕产业工人队伍建设改革,组织开展了形式多样的职工技能竞赛,共有12000余名职工参加。𠀡字超出基本多文种平面,也要排出来。
EOF

cd "$TMP" >/dev/null || exit 1
BRIEF_ABS=$(cd "$OLDPWD" && cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")
out=$("$BRIEF_ABS" typeset small.txt 2>"$TMP/err"); rc=$?
check_eq typeset_small_exit "$rc" 0
check typeset_default_output_in_cwd test -s "$TMP/small.pdf"
check typeset_summary sh -c "echo '$out' | grep -Eq '^small.pdf: ([2-9]|[0-9]{2,}) pages, 2 articles|^small.pdf: 1 page, 2 articles'"
check typeset_qpdf_check qpdf --check "$TMP/small.pdf"
check typeset_fonts_embedded sh -c "pdffonts '$TMP/small.pdf' | awk 'NR>2 && \$(NF-4) != \"yes\" {bad=1} END {exit bad || NR < 3}'"
pdftotext "$TMP/small.pdf" "$TMP/small.pdf.txt"
cat >"$TMP/small.want" <<'EOF'
市总工会部署冬季职工服务工作
近日,市总工会召开专题会议,部署今冬明春职工服务工作。
确保“33618”现代制造业集群体系中的一线职工在2023年冬季得到实实在在的关怀。
会议指出,要坚持问需于职工,通过ISO 9001质量管理体系认证的服务流程
各区县工会开展技能竞赛
共有12000余名职工参加。𠀡字超出基本多文种平面,也要排出来。
EOF
check typeset_small_round_trip in_order "$TMP/small.want" "$TMP/small.pdf.txt"
# outline_titles PDF: the titles of the top-level bookmarks, one a line
outline_titles() {
    qpdf --json --json-key=outlines "$1" | /usr/bin/python3 -c '
import json, sys
for o in json.load(sys.stdin)["outlines"]:
    print(o["title"])'
}
check_eq typeset_outline_has_the_titles "$(outline_titles "$TMP/small.pdf" | tr '\n' '|')" "市总工会部署冬季职工服务工作|各区县工会开展技能竞赛|"
check typeset_beyond_bmp_drawn_not_warned test ! -s "$TMP/err"
check typeset_page_number_footer grep -qx -- '- 1 -' "$TMP/small.pdf.txt"
# a space is a glyph of its font (its ToUnicode maps it to U+0020), not only
# a move of the pen: every reader of the PDF finds it
qpdf --qdf --object-streams=disable "$TMP/small.pdf" "$TMP/small.qdf"
check typeset_spaces_are_glyphs grep -aq '> <0020>$' "$TMP/small.qdf"

# The same text, A5 and larger: more pages, still every block in order.
"$BRIEF_ABS" typeset --page a5 --font-size 14 -o "$TMP/a5.pdf" small.txt >/dev/null 2>&1
check typeset_a5_page_size sh -c "pdfinfo '$TMP/a5.pdf' | grep -q 'Page size: *419.5[0-9]* x 595.2'"
pdftotext "$TMP/a5.pdf" "$TMP/a5.pdf.txt"
check typeset_a5_round_trip in_order "$TMP/small.want" "$TMP/a5.pdf.txt"

# Deterministic: the same input gives the same bytes.
"$BRIEF_ABS" typeset -o "$TMP/again.pdf" small.txt >/dev/null 2>&1
check typeset_deterministic cmp -s "$TMP/small.pdf" "$TMP/again.pdf"

# Errors name the file; wrong usage is status 2.
# fails NAME WANT_STATUS WANT_IN_STDERR COMMAND...: exit status and message.
fails() { name=$1; want=$2; needle=$3; shift 3
    "$@" >/dev/null 2>"$TMP/stderr"; rc=$?
    if [ "$rc" -ne "$want" ]; then fail "$name" "exit $rc, want $want"
    elif ! grep -qF -- "$needle" "$TMP/stderr"; then fail "$name" "stderr lacks '$needle': $(head -c 200 "$TMP/stderr")"
    else pass "$name"; fi; }
fails typeset_missing_file_named 1 "nope.txt" "$BRIEF_ABS" typeset "$TMP/nope.txt"
fails typeset_bad_page_is_usage 2 "--page B9" "$BRIEF_ABS" typeset --page B9 small.txt
fails typeset_bad_size_is_usage 2 "--font-size 0" "$BRIEF_ABS" typeset --font-size 0 small.txt
fails typeset_no_file_is_usage 2 "usage" "$BRIEF_ABS" typeset
printf '\000\001binary' >"$TMP/bin.txt"
fails typeset_binary_input_named 1 "bin.txt" "$BRIEF_ABS" typeset -o "$TMP/bin.pdf" "$TMP/bin.txt"
check typeset_no_half_written_pdf test ! -e "$TMP/bin.pdf"
fails typeset_unwritable_output_named 1 "/nonexistent/dir/x.pdf" "$BRIEF_ABS" typeset -o /nonexistent/dir/x.pdf small.txt
cd "$OLDPWD" >/dev/null || exit 1

# The real seed bulletin: every title, subtitle and paragraph, in order.
seed=$(seed_file)
if [ -n "$seed" ]; then
    "$BRIEF" typeset --print-text -o "$TMP/seed.pdf" "$seed" >"$TMP/seed.want" 2>"$TMP/seed.err"
    check_eq typeset_seed_exit "$?" 0
    pdftotext "$TMP/seed.pdf" "$TMP/seed.pdf.txt"
    check typeset_seed_round_trip in_order "$TMP/seed.want" "$TMP/seed.pdf.txt"
    check typeset_seed_no_warnings test ! -s "$TMP/seed.err"
    "$BRIEF" typeset --grid -o "$TMP/seed-grid.pdf" "$seed" >/dev/null 2>&1
    pdftotext "$TMP/seed-grid.pdf" "$TMP/seed-grid.pdf.txt"
    check typeset_seed_grid_round_trip in_order "$TMP/seed.want" "$TMP/seed-grid.pdf.txt"
else
    skip typeset_seed_round_trip "no seed bulletin in $SEEDS"
fi

# Punctuation set half width beside another mark (“。”” in 1.5 em) comes back
# from pdftotext where it stands: the compressed mark is written as a
# half-width CID, so no reader takes the next mark, drawn inside its em, for
# a line of its own ("业绩。" then "”" alone, before the fix).
cat >"$TMP/quotes.txt" <<'TXT'
劳模工匠进校园

活动中，某汽车零部件企业钳工班长说：“我也是从职业院校走出来的，只要肯吃苦、肯钻研，在平凡的岗位上同样能干出不平凡的业绩。”

据悉，该区总工会今年已组织开展“劳模工匠进校园”活动十五场，覆盖全区中小学校和职业院校，涌现出一批技术过硬的“金蓝领”。

不少骑手表示，这些服务很实用，（“工会想到了我们的心坎上”）。
TXT
for grid in "" --grid; do
    name=quotes${grid:+-grid}
    # shellcheck disable=SC2086
    "$BRIEF" typeset $grid -o "$TMP/$name.pdf" "$TMP/quotes.txt" >/dev/null 2>"$TMP/$name.err"
    check_eq "typeset_${name}_exit" "$?" 0
    pdftotext "$TMP/$name.pdf" "$TMP/$name.txt" 2>"$TMP/$name.pdftotext.err"
    check_eq "typeset_${name}_no_line_of_punctuation_alone" \
        "$(grep -c '^[[:space:]]*[。，、；：？！”’）」』》]\{1,3\}[[:space:]]*$' "$TMP/$name.txt")" 0
    joined=$(tr -d '\n\f' <"$TMP/$name.txt")
    n=0
    for want in '的业绩。”' '“金蓝领”。' '（“工会想到了我们的心坎上”）。' '说：“我也是'; do
        n=$((n + 1))
        case $joined in
        *"$want"*) pass "typeset_${name}_keeps_pair_$n" ;;
        *) fail "typeset_${name}_keeps_pair_$n" "$want is not in pdftotext's text" ;;
        esac
    done
    check_eq "typeset_${name}_pdftotext_quiet" "$(head -c 200 "$TMP/$name.pdftotext.err")" ""
    check "typeset_${name}_qpdf_check" qpdf --check "$TMP/$name.pdf"
done

# A character no installed font draws (𱍐 U+31350, CJK Extension H, newer
# than the fonts): a box and one warning on stderr however often it occurs;
# with --strict an error, exit 1, and no PDF (an old one stays as it was).
# 𠮷 and 𡉃 (Ext. B, drawn by Noto and by the HanaMinB fallback) are no
# warning at all.
cat >"$TMP/rare.txt" <<'TXT'
生僻字测试

谭𠮷林在𡉃村，又到𱍐村；𱍐字太新，没有字体能写。
TXT
"$BRIEF" typeset -o "$TMP/rare.pdf" "$TMP/rare.txt" >/dev/null 2>"$TMP/rare.err"
check_eq typeset_missing_char_exit "$?" 0
check_eq typeset_missing_char_warned_once "$(cat "$TMP/rare.err")" \
    "brief typeset: $TMP/rare.txt: warning: block 2, page 1: U+31350 '𱍐' is in no font of role body; drawn as a box"
pdftotext "$TMP/rare.pdf" "$TMP/rare.pdf.txt"
check typeset_ext_b_drawn grep -q '谭𠮷林在𡉃村' "$TMP/rare.pdf.txt"
printf 'old contents' >"$TMP/rare-strict.pdf"
"$BRIEF" typeset --strict -o "$TMP/rare-strict.pdf" "$TMP/rare.txt" >/dev/null 2>"$TMP/rare-strict.err"
check_eq typeset_strict_exit "$?" 1
check typeset_strict_names_the_character grep -q "error: block 2, page 1: U+31350 '𱍐'" "$TMP/rare-strict.err"
check_eq typeset_strict_writes_nothing "$(cat "$TMP/rare-strict.pdf")" "old contents"
"$BRIEF" typeset --strict -o "$TMP/quotes-strict.pdf" "$TMP/quotes.txt" >/dev/null 2>&1
check_eq typeset_strict_without_missing_chars "$?" 0

# The cache of fontconfig's answers (engine/fonts/fontcache.h), against a
# private fontconfig configuration of one font folder: the same PDF with a
# cold cache, a warm one and a corrupt one; a font removed is never taken
# from the cache, whose answers the removal made stale.
dejavu=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
serif=/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
if [ -r "$dejavu" ] && [ -r "$serif" ]; then
    fc="$TMP/fc"
    mkdir -p "$fc/fonts" "$fc/home"
    cp "$dejavu" "$fc/fonts/"
    printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
        "$fc/fonts" "$fc/fccache" >"$fc/fonts.conf"
    printf 'body = DejaVu Sans\nheading = DejaVu Sans\n' >"$fc/roles.conf"
    printf 'A title\n\nA paragraph of Latin text, set with the one font there is.\n' >"$fc/latin.txt"
    set_fc() { FONTCONFIG_FILE="$fc/fonts.conf" XDG_CACHE_HOME="$fc/cache" HOME="$fc/home" \
        "$BRIEF" typeset --fonts "$fc/roles.conf" -o "$fc/$1.pdf" "$fc/latin.txt"; }
    set_fc cold >/dev/null 2>"$fc/err"
    check_eq typeset_fontcache_cold_exit "$?" 0
    check typeset_fontcache_written grep -q "^find 80 0 0	DejaVu Sans	$fc/fonts/DejaVuSans.ttf\$" "$fc/cache/brief/fontconfig.cache"
    check_eq typeset_fontcache_private_folder "$(stat -c %a "$fc/cache/brief")" 700
    set_fc warm >/dev/null 2>>"$fc/err"
    check typeset_fontcache_same_pdf cmp "$fc/cold.pdf" "$fc/warm.pdf"
    head -c 300 "$dejavu" >"$fc/cache/brief/fontconfig.cache"
    set_fc corrupt >/dev/null 2>>"$fc/err"
    check typeset_fontcache_corrupt_ignored cmp "$fc/cold.pdf" "$fc/corrupt.pdf"
    check typeset_fontcache_corrupt_rewritten grep -qx end "$fc/cache/brief/fontconfig.cache"
    check typeset_fontcache_silent test ! -s "$fc/err"
    rm "$fc/fonts/DejaVuSans.ttf"
    cp "$serif" "$fc/fonts/"
    set_fc stale >/dev/null 2>"$fc/err"
    check_eq typeset_fontcache_stale_exit "$?" 1
    check typeset_fontcache_stale_not_used grep -q 'font family "DejaVu Sans" not found' "$fc/err"
else
    skip typeset_fontcache "no DejaVu Sans and Serif"
fi
