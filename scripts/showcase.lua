-- SPDX-License-Identifier: GPL-3.0-or-later
-- showcase.lua — a keyword watch of one week that uses everything brief.doc
-- can set: a masthead first page, contents with page numbers, rich text
-- (bold, italic, colour, highlight, underline, superscript, links to the
-- web and inside the document), marked keywords, footnotes, a table with
-- merged cells, a two-column section, a chart, long URLs and English
-- words broken where they may be, and a decision taken on the room left
-- on the page.
--
--   brief run scripts/showcase.lua --set week=2023-W43 --set keyword=职工 -o out/showcase.pdf
--
-- Parameters (--set KEY=VALUE): week (default 2023-W43), keyword (the word
-- to watch; default 职工), site (the address cited; default the city
-- federation's).

-- Settings.
local settings = {
  week    = brief.params.week or "2023-W43",
  keyword = brief.params.keyword or "职工",
  site    = brief.params.site or "https://www.cqgh.org/",
  red     = "#c00000",
  blue    = "#1f4e9c",
  mark    = {bold = true, highlight = "#ffe58f"},
}

local range = brief.date.range(settings.week)
local articles = brief.data.articles(range)
local hits = brief.data.search(settings.keyword, {from = range.from, to = range.to, limit = false})

local d = brief.doc.new{
  title = "关键词周报：" .. settings.keyword, author = "重庆市总工会办公室", page = "A4",
  first_page = {margins = {top = 60}, header = false},
}
d:style("masthead", {font = "heading", size = 28, color = settings.red, align = "center", space_after = 6})
d:style("lead", {align = "center", indent = 0, space_after = 10})

-- The first page: masthead, the week, a red rule, what the report is.
local function masthead()
  d:paragraph({{"关键词周报", bold = true}}, {style = "masthead"})
  d:paragraph(settings.week .. "　" .. brief.date.chinese(range.from) .. "至" .. brief.date.chinese(range.to),
              {style = "lead"})
  d:rule{thickness = 1.5, color = settings.red, space_before = 0, space_after = 10, keep_with_next = true}
  d:paragraph({"本期关注“", {settings.keyword, bold = true, color = settings.red}, "”一词：本周",
               {tostring(#articles), bold = true}, "篇稿件中有", {tostring(#hits), bold = true},
               "篇提到它", {footnote = "统计范围为本周入库的全部稿件，标题、副标题和正文均计入。"},
               "。全文检索见", {"市总工会网站", link = settings.site}, "，统计表见",
               {"第三部分", link = "#stats"}, "。"})
  d:paragraph("本页起分三部分：一、命中稿件摘要；二、分栏速览；三、统计。")
end

local function contents()
  d:paragraph("目　录", {style = "heading2", align = "center"})
  d:toc{level = 1}
end

-- One hit: its title with the keyword marked, where it came from, and its
-- sentences that hold the keyword, marked.
local function hit(a, i)
  d:heading(brief.text.mark(brief.text.fullwidth(a.title), settings.keyword, settings.mark),
            {level = 2, keep_with_next = true})
  d:paragraph({{brief.date.chinese(a.issued_on), italic = true}, "　第", {tostring(i), superscript = true},
               "条命中　来源：", {"简报", underline = true}}, {style = "lead", align = "left", space_after = 2})
  local shown = 0
  for _, s in ipairs(brief.text.sentences(brief.text.fullwidth(a.body))) do
    if shown < 2 and s:find(settings.keyword, 1, true) then
      d:paragraph(brief.text.mark(s, settings.keyword, settings.mark))
      shown = shown + 1
    end
  end
end

local function section_hits()
  d:heading("一、命中稿件摘要", {id = "hits"})
  for i, a in ipairs(hits) do hit(a, i) end
  -- a long address and English words: broken where they may be, never
  -- letter-spaced
  d:paragraph({"详情见", {"https://www.cqgh.org/news/2023/10/27/detail-of-the-weekly-bulletin.html?week=" ..
                          settings.week .. "&keyword=watch&lang=zh-CN", link = settings.site},
               "，英文摘要：", {"The internationalization of trade-union services requires comprehensive, "
                                .. "uninterrupted documentation of responsibilities.", italic = true}})
end

-- The week at a glance in two columns: every article's title and first
-- sentence, 谭𠮷林's name drawn like any other.
local function section_columns()
  d:heading("二、分栏速览")
  d:columns(2)
  for _, a in ipairs(articles) do
    d:paragraph({{brief.text.fullwidth(a.title), bold = true}}, {indent = 0, keep_with_next = true})
    d:paragraph(brief.text.first_sentence(brief.text.fullwidth(a.body)), {keep_together = true})
  end
  d:columns(1)
  d:paragraph("（生僻字示例：谭𠮷林。）", {align = "center", indent = 0})
end

-- Statistics: a table with merged cells and a chart, the chart on a new
-- page when the room left would squeeze it.
local function section_stats()
  d:heading("三、统计", {id = "stats"})
  local places = brief.data.mentions{kind = "place", from = range.from, to = range.to, limit = 5}
  local rows, labels, values = {}, {}, {}
  for i, m in ipairs(places) do
    local row = {m.value, m.count, m.articles}
    if i == 1 then row[1] = {m.value, fill = "#fdf2d0", bold = true} end
    rows[#rows + 1] = row
    labels[#labels + 1], values[#values + 1] = m.value, m.count
  end
  rows[#rows + 1] = {{"（按提及次数排序，前五位）", colspan = 3, align = "center", color = "#555555"}}
  d:table{columns = {{share = 2}, {share = 1, align = "right"}, {share = 1, align = "right"}},
          header = {"地区", {"提及", colspan = 2}}, rows = rows, keep_together = true}
  if d:remaining() < 200 then d:page_break() end
  d:chart{kind = "bar", title = "各地提及次数", labels = labels, values = values, height = 60}
  d:paragraph({"注：", {"提及次数", underline = true}, "按稿件正文中的地名统计",
               {footnote = "地名规则见 data/mentions，一篇稿件可提及多个地区。"}, "。"})
end

local function page_furniture()
  d:header(function(page, pages, p)
    p:text(p.width / 2, p.header, "关键词周报　" .. settings.week, {align = "center"})
  end)
  d:footer(function(page, pages, p)
    p:text(p.width / 2, p.footer, "—\u{2002}" .. page .. "\u{2002}—", {align = "center"})
  end)
end

masthead()
contents()
section_hits()
section_columns()
section_stats()
page_furniture()
local pages = assert(d:save("showcase-" .. settings.week .. ".pdf"))
assert(#d:warnings() == 0, table.concat(d:warnings(), "\n"))
assert(pages >= 2)
