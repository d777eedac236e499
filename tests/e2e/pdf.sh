#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# pdf.sh — reads the PDFs of the pdf module back with real tools.
# build/unit/test_pdf writes the seed bulletin laid out naively with
# BRIEF_PDF_OUT set, in the default fonts (CFF outlines) and in TrueType
# ones (UMing, then WenQuanYi Micro Hei, whose glyphs use composite
# components above glyph id 32767); this script checks them with qpdf,
# pdffonts, pdftotext and pdftoppm, and counts the ink in every character's
# box.
. tests/lib.sh

gen=build/unit/test_pdf
if [ ! -x "$gen" ]; then skip pdf_generate "build/unit/test_pdf not built (make unit)"; exit 0; fi
for tool in qpdf pdffonts pdftotext pdftoppm cc; do
    command -v $tool >/dev/null 2>&1 || { skip pdf_tools "$tool not installed"; exit 0; }
done
mkdir -p "$TMP/a" "$TMP/b"
BRIEF_PDF_OUT="$TMP/a" "$gen" >"$TMP/gen.out" 2>&1
if grep -q '^SKIP writes_seed_for_e2e' "$TMP/gen.out"; then
    skip pdf_generate "$(grep '^SKIP writes_seed_for_e2e' "$TMP/gen.out" | cut -d: -f2-)"; exit 0
fi
if [ ! -s "$TMP/a/seed.pdf" ]; then fail pdf_generate "$(head -c 400 "$TMP/gen.out")"; exit 0; fi
pass pdf_generate

check pdf_qpdf_check_graphics qpdf --check "$TMP/a/graphics.pdf"

# Same calls, another process: the same bytes.
BRIEF_PDF_OUT="$TMP/b" "$gen" >/dev/null 2>&1
cc -O2 -o "$TMP/pgm_ink" tests/tools/pgm_ink.c 2>"$TMP/cc.err" || { fail pdf_ink_tool "cannot build pgm_ink: $(head -c 300 "$TMP/cc.err")"; exit 0; }
seed=$(seed_file)
flat() { tr -d ' \n\r\t\f' <"$1" | sed 's/　//g'; }

# Two documents: seed.pdf in the default fonts (Noto Serif/Sans CJK SC and
# TeX Gyre Termes/Heros: CFF outlines, CIDFontType0C; HanaMinB for 𡉃) and
# seed-truetype.pdf in AR PL UMing and WenQuanYi Micro Hei (CIDFontType2;
# HanaMinA/B for 𠮷 𡉃 and UMing for the ǎ ǒ WenQuanYi draws empty).
for doc in seed seed-truetype; do
    pdf=$TMP/a/$doc.pdf
    if [ ! -s "$pdf" ]; then fail ${doc}_generate "$(head -c 400 "$TMP/gen.out")"; continue; fi
    check ${doc}_qpdf_check qpdf --check "$pdf"
    check ${doc}_deterministic cmp "$pdf" "$TMP/b/$doc.pdf"

    # Every font embedded, subset, with a ToUnicode map, of the kind expected.
    pdffonts "$pdf" >"$TMP/fonts" 2>&1
    fonts_bad=$(awk 'NR > 2 && !($(NF-4) == "yes" && $(NF-3) == "yes" && $(NF-2) == "yes")' "$TMP/fonts")
    if [ "$doc" = seed ]; then
        want='+NotoSerifCJKsc-Regular +NotoSansCJKsc-Regular +TeXGyreTermes-Regular +HanaMinB'
        kind='CID Type 0C'
    else
        want='+UMingCN +WenQuanYiMicroHei +HanaMinA +HanaMinB'
        kind='CID TrueType'
    fi
    missing_font=""
    for w in $want; do grep -q -- "$w" "$TMP/fonts" || missing_font="$missing_font $w"; done
    if [ -z "$fonts_bad" ] && [ -z "$missing_font" ] && grep -q "$kind" "$TMP/fonts"; then
        pass ${doc}_fonts_embedded_subset
    else
        fail ${doc}_fonts_embedded_subset "missing:$missing_font; $(tr '\n' '|' <"$TMP/fonts")"
    fi

    # Text comes back in order, nothing on stderr, astral characters included.
    pdftotext "$pdf" "$TMP/out.txt" 2>"$TMP/pdftotext.err"
    check_eq ${doc}_pdftotext_quiet "$(head -c 300 "$TMP/pdftotext.err")" ""
    flat "$TMP/out.txt" >"$TMP/out.flat"
    if [ -n "$seed" ]; then
        flat "$seed" >"$TMP/seed.flat"
        n=$(wc -c <"$TMP/seed.flat")
        if head -c "$n" "$TMP/out.flat" | cmp -s - "$TMP/seed.flat"; then
            pass ${doc}_text_in_order
        else
            fail ${doc}_text_in_order "pdftotext differs from the seed: $(head -c "$n" "$TMP/out.flat" | cmp - "$TMP/seed.flat" 2>&1)"
        fi
    else
        skip ${doc}_text_in_order "seed bulletin not present"
    fi
    if grep -q '𠀡（U+20021）、谭𠮷林、𡉃；拼音hǎoduō。' "$TMP/out.flat"; then pass ${doc}_text_astral
    else fail ${doc}_text_astral "not extracted: $(grep -o '超出.*' "$TMP/out.flat" | head -c 200)"; fi

    # A second reader, MuPDF, gets the same text back, and takes the fonts'
    # encodings (one- and two-byte codes, pdf_font.h) without a warning.
    if command -v mutool >/dev/null 2>&1; then
        mutool draw -q -F txt -o "$TMP/mu.txt" "$pdf" 2>"$TMP/mu.err"
        flat "$TMP/mu.txt" >"$TMP/mu.flat"
        if cmp -s "$TMP/mu.flat" "$TMP/out.flat"; then pass ${doc}_mupdf_text
        else fail ${doc}_mupdf_text "$(cmp "$TMP/mu.flat" "$TMP/out.flat" 2>&1)"; fi
        check_eq ${doc}_mupdf_quiet "$(grep -iv 'ICC support' "$TMP/mu.err" | head -c 300)" ""
    else
        skip ${doc}_mupdf_text "mutool not installed (Debian mupdf-tools)"
    fi

    # No character blank: render at 150 dpi, count ink in each character's
    # box (and none in the margins the generator marks blank).
    rm -f "$TMP"/page-*.pgm
    pdftoppm -r 150 -gray "$pdf" "$TMP/page"
    set -- $(ls "$TMP"/page-*.pgm | sort -t- -k2 -n)
    if "$TMP/pgm_ink" "$TMP/a/$doc.boxes" "$@" >"$TMP/ink.out"; then
        pass ${doc}_no_blank_glyphs
        echo "# $doc: $(tail -n 1 "$TMP/ink.out")"
    else
        fail ${doc}_no_blank_glyphs "$(head -n 5 "$TMP/ink.out" | tr '\n' '|')"
    fi
done
pdf=$TMP/a/seed.pdf

# The checker itself can fail: a character box moved into the blank margin.
awk 'NR == 3 { $2 = 20; $3 = 20; $4 = 45; $5 = 45 } { print }' "$TMP/a/seed.boxes" >"$TMP/moved.boxes"
if "$TMP/pgm_ink" "$TMP/moved.boxes" "$@" >/dev/null; then
    fail pdf_ink_checker_can_fail "a box in the margin passed"
else
    pass pdf_ink_checker_can_fail
fi

# Outline and info with Chinese text.
if command -v pdfinfo >/dev/null 2>&1; then
    check_eq pdf_info_title "$(pdfinfo "$pdf" | sed -n 's/^Title: *//p')" "重庆工会简报 第1期"
    check_eq pdf_info_producer "$(pdfinfo "$pdf" | sed -n 's/^Producer: *//p')" "brief $(cat VERSION)"
fi
qpdf --json --json-key=outlines "$pdf" >"$TMP/outlines.json" 2>&1
if grep -q '"title": "正文（明体）"' "$TMP/outlines.json" && grep -q '"title": "第二页 𠀡"' "$TMP/outlines.json" &&
   grep -q '"destpageposfrom1": 5' "$TMP/outlines.json"; then
    pass pdf_outline_titles
else
    fail pdf_outline_titles "$(grep '"title"' "$TMP/outlines.json" | tr '\n' ' ')"
fi

# Size: page content streams compressed, at most ~3 KB a page.
pages=$(qpdf --show-npages "$pdf")
max=0; total=0
for obj in $(qpdf --show-pages "$pdf" | awk '/content:/ {getline; print $1}'); do
    sz=$(qpdf --show-object="$obj" --raw-stream-data "$pdf" | wc -c)
    total=$((total + sz)); [ "$sz" -gt "$max" ] && max=$sz
done
echo "# seed.pdf: $(wc -c <"$pdf") bytes, $pages pages, content $((total / pages)) bytes/page on average, $max at most"
if [ "$max" -gt 0 ] && [ "$max" -le 3072 ]; then pass pdf_content_size; else fail pdf_content_size "largest page content $max bytes"; fi
