# SPDX-License-Identifier: GPL-3.0-or-later
# scripts/showcase.lua on samples/: every feature of brief.doc in one
# report (rich text, marked keywords, links, footnotes, merged table cells,
# columns, a first-page template, broken URLs and hyphenated words), read
# back with real tools: qpdf (its check, the link annotations), pdffonts
# (every font embedded, bold and italic faces among them), pdftotext (the
# marked keyword, the footnotes, 谭𠮷林).
. tests/lib.sh

"$BRIEF" ingest --db "$TMP/demo.db" samples/ >/dev/null 2>&1
"$BRIEF" run scripts/showcase.lua --db "$TMP/demo.db" --set week=2023-W43 -o "$TMP/show.pdf" \
    >"$TMP/out" 2>"$TMP/err"
check_eq showcase_runs "$?" 0
# no warning: every character is drawn (the script asserts d:warnings() is empty too)
check_eq showcase_no_warnings "$(grep -v '^brief run: wrote' "$TMP/err")" ""
check showcase_qpdf_check qpdf --check "$TMP/show.pdf"

pdffonts "$TMP/show.pdf" >"$TMP/fonts" 2>&1
check_eq showcase_fonts_embedded "$(awk 'NR > 2 && $(NF-4) != "yes"' "$TMP/fonts")" ""
check showcase_bold_cjk_face grep -q 'NotoSerifCJKsc-Bold' "$TMP/fonts"
check showcase_italic_latin_face grep -q 'TeXGyreTermes-Italic' "$TMP/fonts"

# links: /Link annotations, one with a /URI to the site, one inside the
# document to the statistics section's page
qpdf --json "$TMP/show.pdf" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
objs = d.get("qpdf", [{}, {}])[1] if "qpdf" in d else d["objects"]
uris, dests = [], 0
for k, v in objs.items():
    v = v.get("value", v) if isinstance(v, dict) else v
    if isinstance(v, dict) and v.get("/Subtype") == "/Link":
        a = v.get("/A")
        if isinstance(a, dict) and "/URI" in a: uris.append(a["/URI"])
        if "/Dest" in v: dests += 1
print(len(uris), dests, " ".join(sorted(set(uris))))' >"$TMP/links" 2>&1
set -- $(cat "$TMP/links")
check_eq showcase_uri_links "$([ "${1:-0}" -ge 2 ] && echo ok || cat "$TMP/links")" ok
check_eq showcase_internal_links "$([ "${2:-0}" -ge 1 ] && echo ok || cat "$TMP/links")" ok
check showcase_uri_is_the_site grep -q 'www.cqgh.org' "$TMP/links"

pdftotext "$TMP/show.pdf" "$TMP/show.txt"
nospace=$(tr -d ' \n\f' <"$TMP/show.txt")
case "$nospace" in *关键词周报*) pass showcase_masthead ;; *) fail showcase_masthead "no masthead" ;; esac
case "$nospace" in *谭𠮷林*) pass showcase_ext_b_name ;; *) fail showcase_ext_b_name "谭𠮷林 not in the text" ;; esac
# the footnotes at the foot of their pages, numbered from ① on each
check_eq showcase_footnotes "$(grep -c '^① ' "$TMP/show.txt")" 2
# the URL is broken after one of / . ? & = - (a line ends inside it)
check showcase_url_broken grep -qE '^(详情见)?https://www\.cqgh\.org/.*[/.?&=-]$' "$TMP/show.txt"
# a long English word hyphenated at a line's end (pdftotext -raw: its
# default reading order joins a hyphenated word again)
pdftotext -raw "$TMP/show.pdf" "$TMP/raw.txt"
check showcase_word_hyphenated grep -qE '[a-z]{3}-$' "$TMP/raw.txt"

# the pages drawn: none blank, the first one's masthead red
pdftoppm -r 30 -png "$TMP/show.pdf" "$TMP/page"
check_eq showcase_pages "$(ls "$TMP"/page-*.png | wc -l)" "$(pdfinfo "$TMP/show.pdf" | awk '/^Pages:/ {print $2}')"
