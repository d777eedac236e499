# SPDX-License-Identifier: GPL-3.0-or-later
# brief.doc end to end: a script using every document function gives a PDF
# that qpdf accepts, whose text (table cells, chart labels, header, footer,
# table of contents) pdftotext reads back and whose image pdfimages lists;
# errors name the script line, the function and the argument, and a failed
# script leaves no file.
. tests/lib.sh

if ! command -v pdftotext >/dev/null 2>&1 || ! command -v qpdf >/dev/null 2>&1; then
    skip lua_doc "poppler-utils or qpdf not installed"
    exit 0
fi
if [ ! -r /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    skip lua_doc "Debian CJK fonts not installed"
    exit 0
fi
EMBLEM=$(pwd)/tests/data/doc/emblem.png
PHOTO=$(pwd)/tests/data/pdf/shapes.jpg
BRIEF_ABS=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")

cat > "$TMP/all.lua" <<EOF
local d = brief.doc.new{title = "工会工作简报", author = "市总工会办公室", subject = "周报",
                        keywords = "工会,简报", page = "A4",
                        margins = {top = 30, bottom = 25, left = 25, right = 25, footer = 12}}
d:style("banner", {font = "heading", size = 26, color = "#c00000", align = "center"})
d:paragraph("工会工作简报", {style = "banner"})
d:paragraph("第42期", {align = "center", indent = 0, space_after = 6})
d:rule{thickness = 2, color = "#c00000"}
d:toc{level = 2}
d:heading("一、工作动态", {level = 1})
d:paragraph("市总工会召开全体会议，部署下一阶段重点工作，要求各区县工会认真贯彻落实。")
d:list({"开展工会进万家活动", "推进产业工人队伍建设改革"}, {ordered = true})
d:heading("二、统计", {level = 1})
local rows = {}
for i = 1, 70 do
  rows[i] = {"单位" .. i, "职工服务中心窗口接待来访职工并登记诉求第" .. i .. "件", i * 3}
end
d:table{columns = {{width = 25}, {share = 1}, {width = 20, align = "right"}},
        header = {"单位名称", "事项内容", "件数"}, rows = rows, footer = {"合计", "", 7455}, striped = true}
d:chart{kind = "bar", title = "各区县件数", labels = {"渝中区", "江北区", "南岸区"}, values = {12, 30, 7}}
d:chart{kind = "line", title = "趋势", labels = {"第一周", "第二周", "第三周"}, values = {5, 9, 7}, height = 50}
d:chart{kind = "pie", title = "类别", labels = {"劳动保护", "困难帮扶"}, values = {3, 1}, height = 50}
d:image("$EMBLEM", {width = 30})
d:image("$PHOTO", {width = 20, align = "right"})
d:space(12)
d:page_break()
d:heading("三、附录", {level = 2})
d:paragraph("本期完。")
d:header(function(page, pages, p)
  p:text(p.width / 2, p.header, "工会工作简报页眉", {align = "center"})
  p:line(p.left, p.header + 2, p.right, p.header + 2, {color = "#c00000"})
end)
d:footer(function(page, pages, p)
  local t = "—\u{2002}" .. page .. "\u{2002}—"
  if page % 2 == 1 then p:text(p.right, p.footer, t, {align = "right"})
  else p:text(p.left, p.footer, t) end
  assert(pages >= 3 and p.number == page and p.count == pages)
end)
local pages, bytes = d:save("ignored.pdf")
assert(pages >= 3 and bytes > 1000, "save returned " .. tostring(pages) .. ", " .. tostring(bytes))
assert(#d:warnings() == 0, table.concat(d:warnings(), "; "))
EOF
check_status doc_every_function 0 "$BRIEF" run "$TMP/all.lua" -o "$TMP/all.pdf" --allow-read tests/data
check doc_qpdf_check qpdf --check "$TMP/all.pdf"
pdftotext -enc UTF-8 "$TMP/all.pdf" "$TMP/all.txt" 2>/dev/null
text_has() { grep -qF "$2" "$TMP/all.txt" && pass "$1" || fail "$1" "'$2' not in the PDF's text"; }
text_has doc_table_header_cell "单位名称"
text_has doc_table_first_cell "单位1"
text_has doc_table_last_cell "单位70"
text_has doc_table_wrapped_cell "登记诉求第70件"
text_has doc_table_totals_row "7455"
text_has doc_bar_label "江北区"
text_has doc_line_label "第三周"
text_has doc_pie_legend "劳动保护"
text_has doc_header_text "工会工作简报页眉"
# The footer's spaces are glyphs in the PDF, en spaces (docs/typesetting.md):
# pdftotext gives them back.
grep -q '— 2 —' "$TMP/all.txt" && pass doc_footer_number || fail doc_footer_number "'— 2 —' not in the PDF's text"
text_has doc_toc_entry "三、附录"
# the header row is set again on every page the table continues on
headers=$(grep -c "单位名称" "$TMP/all.txt")
[ "$headers" -ge 2 ] && pass doc_table_header_repeated || fail doc_table_header_repeated "header row on $headers page(s)"
if command -v pdfimages >/dev/null 2>&1; then
    n=$(pdfimages -list "$TMP/all.pdf" 2>/dev/null | awk 'NR > 2' | wc -l)
    [ "$n" -ge 2 ] && pass doc_images_listed || fail doc_images_listed "pdfimages lists $n images, want the PNG and the JPEG"
fi
pdfinfo "$TMP/all.pdf" 2>/dev/null | grep -q "Title: *工会工作简报" && pass doc_info_title \
    || fail doc_info_title "$(pdfinfo "$TMP/all.pdf" 2>&1 | head -3 | tr '\n' ' ')"
[ ! -e ignored.pdf ] && pass doc_output_flag_wins || { rm -f ignored.pdf; fail doc_output_flag_wins "the script's path was used despite -o"; }

# An error in a footer function: SCRIPT:LINE, exit 1, no output file.
cat > "$TMP/cb.lua" <<'EOF'
local d = brief.doc.new{}
d:paragraph("正文")
d:footer(function(page, pages, p)
  error("footer broke on page " .. page)
end)
d:save("cb.pdf")
EOF
( cd "$TMP" && "$BRIEF_ABS" run cb.lua --output-dir . ) >"$TMP/cb.out" 2>&1
rc=$?
check_eq doc_callback_error_status "$rc" 1
grep -q "cb.lua:4: footer broke on page 1" "$TMP/cb.out" && pass doc_callback_error_line \
    || fail doc_callback_error_line "$(head -c 300 "$TMP/cb.out" | tr '\n' ' ')"
[ ! -e "$TMP/cb.pdf" ] && [ -z "$(ls "$TMP" | grep '^cb\.pdf.')" ] && pass doc_callback_error_no_file \
    || fail doc_callback_error_no_file "$(ls "$TMP")"

# A script that fails after saving leaves no file either.
printf 'local d = brief.doc.new{}\nd:paragraph("x")\nassert(d:save("late.pdf"))\nerror("later")\n' > "$TMP/late.lua"
( cd "$TMP" && "$BRIEF_ABS" run late.lua --output-dir . ) >/dev/null 2>&1
[ ! -e "$TMP/late.pdf" ] && pass doc_failed_script_no_file || fail doc_failed_script_no_file "late.pdf exists"

# Misuse names the function and the argument (methods count as the script does).
printf 'local d = brief.doc.new{}\nd:table{rows = {{"a"}}, columns = 3}\n' > "$TMP/bad.lua"
"$BRIEF" run "$TMP/bad.lua" >"$TMP/bad.out" 2>&1
grep -q "bad.lua:2: bad argument #1 to 'doc:table' (field 'columns': table expected)" "$TMP/bad.out" \
    && pass doc_bad_argument_named || fail doc_bad_argument_named "$(head -c 300 "$TMP/bad.out" | tr '\n' ' ')"
printf 'local d = brief.doc.new{}\nd:paragraph("x", {szie = 12})\n' > "$TMP/typo.lua"
"$BRIEF" run "$TMP/typo.lua" >"$TMP/typo.out" 2>&1
grep -q "bad argument #2 to 'doc:paragraph' (unknown option 'szie'" "$TMP/typo.out" \
    && pass doc_unknown_option_named || fail doc_unknown_option_named "$(head -c 300 "$TMP/typo.out" | tr '\n' ' ')"
# An unknown option lists the names the function knows (not the value
# given), with the one most likely meant, whatever the value's type.
n=0
for value in 12 '"A4"' '{}'; do
    n=$((n + 1))
    printf 'local d = brief.doc.new{}\nd:paragraph("x", {style = "body", szie = %s})\n' "$value" > "$TMP/typo2.lua"
    "$BRIEF" run "$TMP/typo2.lua" >"$TMP/typo2.out" 2>&1
    grep -qF "(unknown option 'szie' (did you mean 'size'? known: style, font, size, color, align," "$TMP/typo2.out" \
        && pass "doc_unknown_option_lists_names_$n" \
        || fail "doc_unknown_option_lists_names_$n" "$(head -c 300 "$TMP/typo2.out" | tr '\n' ' ')"
done
printf 'brief.doc.new{title = "t", pgae = "A4"}\n' > "$TMP/typo3.lua"
"$BRIEF" run "$TMP/typo3.lua" >"$TMP/typo3.out" 2>&1
grep -qF "bad argument #1 to 'brief.doc.new' (unknown option 'pgae' (did you mean 'page'? known: title, author," "$TMP/typo3.out" \
    && pass doc_unknown_constructor_option || fail doc_unknown_constructor_option "$(head -c 300 "$TMP/typo3.out" | tr '\n' ' ')"
printf 'local d = brief.doc.new{}\nd:rule{zzz = 1}\n' > "$TMP/typo4.lua"
"$BRIEF" run "$TMP/typo4.lua" >"$TMP/typo4.out" 2>&1
grep -qF "(unknown option 'zzz' (known: thickness, color, space_before, space_after, keep_with_next))" "$TMP/typo4.out" \
    && pass doc_unknown_option_nothing_near || fail doc_unknown_option_nothing_near "$(head -c 300 "$TMP/typo4.out" | tr '\n' ' ')"

# ... and inside a table of the options, naming the argument and the path
printf 'local d = brief.doc.new{}\nd:table{columns = {{width = 20}, {widht = 30}}, rows = {{"a", "b"}}}\n' > "$TMP/typo5.lua"
"$BRIEF" run "$TMP/typo5.lua" >"$TMP/typo5.out" 2>&1
grep -qF "bad argument #1 to 'doc:table' (field 'columns[2]': unknown option 'widht' (did you mean 'width'? known: width, share, align))" "$TMP/typo5.out" \
    && pass doc_unknown_nested_option || fail doc_unknown_nested_option "$(head -c 300 "$TMP/typo5.out" | tr '\n' ' ')"
printf 'brief.doc.new{margins = {top = "30"}}\n' > "$TMP/typo6.lua"
"$BRIEF" run "$TMP/typo6.lua" >"$TMP/typo6.out" 2>&1
grep -qF "bad argument #1 to 'brief.doc.new' (field 'margins.top': number expected, got string)" "$TMP/typo6.out" \
    && pass doc_nested_field_type_named || fail doc_nested_field_type_named "$(head -c 300 "$TMP/typo6.out" | tr '\n' ' ')"

# A block the layout cannot set fails at d:save: the message names the
# line of d:save, the block (counted from 1) and the line that made it.
cat > "$TMP/wide.lua" <<'EOF'
local d = brief.doc.new{}
d:paragraph("第一段")
d:heading("标题")
d:table{columns = {{width = 300}}, rows = {{"太宽"}}}
d:paragraph("第四段")
d:save("wide.pdf")
EOF
( cd "$TMP" && "$BRIEF_ABS" run wide.lua ) >"$TMP/wide.out" 2>&1
grep -qF "wide.lua:6: doc:save: block 3 (wide.lua:4): table 300.0 mm wide, wider than the text (160.0 mm)" "$TMP/wide.out" \
    && pass doc_layout_error_names_the_block_line \
    || fail doc_layout_error_names_the_block_line "$(head -c 300 "$TMP/wide.out" | tr '\n' ' ')"
[ ! -e "$TMP/wide.pdf" ] && pass doc_layout_error_no_file || fail doc_layout_error_no_file "wide.pdf exists"
# ... a block made in a function: the line of the call that made it
cat > "$TMP/low.lua" <<'EOF'
local d = brief.doc.new{}
d:list({"一", "二"})
local function figure(doc)
  doc:chart{values = {1, 2}, height = 12}
end
figure(d)
d:save("low.pdf")
EOF
( cd "$TMP" && "$BRIEF_ABS" run low.lua ) >"$TMP/low.out" 2>&1
grep -qF "low.lua:7: doc:save: block 3 (low.lua:4): chart lower than 14 mm" "$TMP/low.out" \
    && pass doc_layout_error_block_in_a_function \
    || fail doc_layout_error_block_in_a_function "$(head -c 300 "$TMP/low.out" | tr '\n' ' ')"
# A bad self says so, not "bad argument #0".
printf 'local d = brief.doc.new{}\nd.paragraph({}, "x")\n' > "$TMP/self.lua"
"$BRIEF" run "$TMP/self.lua" >"$TMP/self.out" 2>&1
grep -qF "self.lua:2: calling 'doc:paragraph' on bad self (brief.doc expected, got table)" "$TMP/self.out" \
    && pass doc_bad_self_named || fail doc_bad_self_named "$(head -c 300 "$TMP/self.out" | tr '\n' ' ')"

printf 'brief.doc.new{page = "B7"}\n' > "$TMP/page.lua"
"$BRIEF" run "$TMP/page.lua" >"$TMP/page.out" 2>&1
grep -q "bad argument #1 to 'brief.doc.new' (field 'page': unknown page size 'B7'" "$TMP/page.out" \
    && pass doc_bad_page_named || fail doc_bad_page_named "$(head -c 300 "$TMP/page.out" | tr '\n' ' ')"

# A missing image is named where the script adds it.
printf 'local d = brief.doc.new{}\nd:image("no/such/photo.png")\n' > "$TMP/img.lua"
"$BRIEF" run "$TMP/img.lua" >"$TMP/img.out" 2>&1
grep -q "img.lua:2: .*no/such/photo.png" "$TMP/img.out" && pass doc_missing_image_named \
    || fail doc_missing_image_named "$(head -c 300 "$TMP/img.out" | tr '\n' ' ')"
