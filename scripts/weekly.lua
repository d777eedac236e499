-- SPDX-License-Identifier: GPL-3.0-or-later
-- weekly.lua — the week's 工会工作简报, set as a GB/T 9704-2012 公文 page.
--
--   brief run scripts/weekly.lua --set week=2023-W43 -o out/weekly-2023-W43.pdf
--   brief run scripts/weekly.lua --set week=last --set org=九龙坡区
--
-- The document, top to bottom: the red banner with the issue number, the
-- issuing office and the date over a red rule; 本期要目 (the contents, with
-- page numbers); the week's articles; the week's statistics (articles per
-- district or county, the quoted terms, the unions named). A week without
-- articles gives one page that says so.
--
-- Parameters (--set KEY=VALUE): week (an ISO week "2023-W43", or "last":
-- the last complete week; default "last"), org (the name before
-- "工会工作简报"), issuer, first_week (the week of issue 1), date (the
-- date line, YYYY-MM-DD; default the Friday of the week).

local params = brief.params

-- Settings: change the paper, the type and the wording here. Figures from
-- GB/T 9704-2012 (党政机关公文格式) unless said otherwise.
local settings = {
  week       = params.week or "last",
  org        = params.org or "",                      -- "九龙坡区" → 九龙坡区工会工作简报
  issuer     = params.issuer,                         -- default below, from org
  first_week = params.first_week or "2023-W01",       -- the week of 第1期
  date       = params.date,                           -- default: the week's Friday

  page       = "GBT9704",     -- A4; text area 156 × 225 mm; top margin 37 mm, left 28 mm
  grid       = {chars = 28, lines = 22},  -- 28 characters a line, 22 lines a page
  text_height_mm = 225,       -- the text area's height on that page
  body_pt    = 16,            -- 三号
  title_pt   = 22,            -- 二号: article titles
  banner_pt  = 36,            -- the red 发文机关标志 (the standard leaves its size open)
  number_pt  = 14,            -- 四号: page numbers (§7.5)
  number_below_mm = 7,        -- §7.5: the dashes of "— 1 —" 7 mm under the text area
  red        = "#c00000",     -- banner and rule in red
  top_districts = 12,         -- rows of the districts table (the rest: one row)
  top_terms  = 10,            -- how many quoted terms the statistics list
  top_orgs   = 12,            -- how many unions
  city_level = "市级",        -- the district of an article no district union owns
}
settings.banner = settings.org .. "工会工作简报"
settings.issuer = settings.issuer
  or (settings.org ~= "" and settings.org .. "总工会办公室" or "重庆市总工会办公室")

local MM_PER_PT = 25.4 / 72
-- One character of the given size, in mm: "空一字" (§7.5) and indents.
local function chars_mm(n, size_pt) return n * size_pt * MM_PER_PT end

-- The week: its dates, its number in the series, its articles.
local week = brief.date.range(settings.week)
local week_name = brief.date.week(week.from)
local first = brief.date.range(settings.first_week)
local issue = brief.date.diff(week.from, first.from) // 7 + 1
if issue < 1 then
  error("week " .. week_name .. " comes before first_week " .. settings.first_week)
end
local issue_date = settings.date or brief.date.add(week.from, 4)   -- Friday
assert(brief.date.valid(issue_date), "date must be YYYY-MM-DD, got " .. tostring(issue_date))
local previous = {from = brief.date.add(week.from, -7), to = brief.date.add(week.from, -1)}
local articles = brief.data.articles(week)

-- Which union an article comes from: the union it names most often (a tie
-- names none), and so its district or county; articles of the city's
-- unions, or naming no union, count as 市级. The same attribution gives
-- the table of articles per district.
local function attribution(article)
  local orgs = brief.data.query([[
    SELECT value, district, count FROM mentions
    WHERE article_id = ? AND kind = 'org' ORDER BY count DESC, value]], {article.id})
  local top = orgs[1]
  if not top or (orgs[2] and orgs[2].count == top.count) then
    return nil, settings.city_level
  end
  return top.value, top.district or settings.city_level
end

-- The source line under an article: the bulletin's source when it names a
-- union (brief ingest --source 南岸区总工会; by default the source is the
-- folder's name), else the union the article is attributed to; and the date.
local function source_line(article)
  local union = attribution(article)
  if article.source and article.source:find("工会") then union = article.source end
  return "（" .. (union and union .. "　" or "") .. brief.date.chinese(article.issued_on) .. "）"
end

-- 另见: a story reprinted by other bulletins is printed once, at its first
-- appearance (brief.data.articles gives each story once), and names the
-- others: "另见：重庆市总工会 10月25日；巴南区总工会 10月26日".
local function see_also(article)
  local others = {}
  for _, r in ipairs(article.reprints or {}) do
    others[#others + 1] = (r.source or "") .. (r.issued_on and ("　" .. brief.date.chinese(r.issued_on, "month_day")) or "")
  end
  if #others == 0 then return nil end
  return "另见：" .. table.concat(others, "；")
end

-- The document and its styles: everything on the 三号 grid but the titles.
local d = brief.doc.new{
  title = settings.banner .. "（第" .. issue .. "期）", author = settings.issuer,
  subject = week_name, page = settings.page, grid = settings.grid}
-- The grid's line pitch: 225 mm / 22 lines = 28.99 pt (the layout's rule, layout_grid_pitches).
local line_pt = settings.text_height_mm / settings.grid.lines / MM_PER_PT
d:style("body", {size = settings.body_pt})
d:style("banner", {font = "heading", size = settings.banner_pt, color = settings.red,
                   align = "center", space_after = 6})
d:style("issue", {based_on = "body", indent = 0, align = "center"})
d:style("heading1", {font = "heading", size = settings.title_pt, align = "center",
                     line_pitch = line_pt * 1.25, space_before = line_pt, space_after = 0})
-- subtitle, toc, header and footer exist already: based_on would not apply
d:style("subtitle", {size = settings.body_pt, line_pitch = line_pt, indent = 0, align = "center",
                     space_after = 0, keep_with_next = true})
d:style("section", {font = "heading", size = settings.body_pt, align = "left",
                    line_pitch = line_pt, space_before = line_pt / 2, keep_with_next = true})
d:style("source", {based_on = "body", indent = 0, align = "right"})
d:style("toc", {size = settings.body_pt, line_pitch = line_pt, indent = 0, align = "left"})
d:style("table", {size = 12})
d:style("table_header", {size = 12})
d:style("page_number", {size = settings.number_pt, color = "#000000"})

-- 版头: the banner, 第N期, the issuer and the date, the red rule.
local function masthead()
  d:paragraph(settings.banner, {style = "banner"})
  d:paragraph("第" .. issue .. "期", {style = "issue"})
  d:table{columns = {{share = 1}, {share = 1, align = "right"}},
          rows = {{settings.issuer, brief.date.chinese(issue_date)}},
          border = 0, padding = 0, style = "issue", space_before = 6, space_after = 0}
  d:rule{thickness = 1.5, color = settings.red, space_before = 4, space_after = 10}
end

-- 本期要目: one line per article and for the statistics, with its page.
local function contents()
  d:paragraph("本期要目", {style = "section", align = "center"})
  d:toc{level = 1}
  d:page_break()
end

-- One article: its title (an outline entry and a line of the contents),
-- subtitle, paragraphs, and the source line.
local function article(a)
  d:heading(brief.text.fullwidth(a.title))
  if a.subtitle then d:paragraph(brief.text.fullwidth(a.subtitle), {style = "subtitle"}) end
  local paragraphs = brief.text.paragraphs(a.body)
  for i, text in ipairs(paragraphs) do
    -- "近日,南岸区" → "近日，南岸区"; the last paragraph keeps the source
    -- line on its page
    d:paragraph(brief.text.fullwidth(text), {keep_with_next = i == #paragraphs})
  end
  local also = see_also(a)
  d:paragraph(source_line(a), {style = "source", keep_with_next = also ~= nil})
  if also then d:paragraph(also, {style = "source"}) end
end

-- "+3", "−1" (U+2212, the minus sign), "0", 新 when last week had none,
-- or "—" when last week had no articles at all (nothing to compare with).
local previous_had_articles = #brief.data.articles(previous) > 0
local function change(now, before)
  if not previous_had_articles then return "—" end
  if not before then return "新" end
  local delta = now - before
  if delta > 0 then return "+" .. delta end
  if delta < 0 then return "−" .. -delta end
  return "0"
end

-- 一、各区县稿件: each article counted once, for its union's district (see
-- attribution), in the chart and the table; the table also gives, for every
-- district named that week, how many articles name it at all.
local function districts()
  d:paragraph("一、各区县稿件", {style = "section"})
  local own, named, order = {}, {}, {}
  for _, a in ipairs(articles) do
    local _, district = attribution(a)
    if not own[district] then own[district] = 0; order[#order + 1] = district end
    own[district] = own[district] + 1
  end
  for _, m in ipairs(brief.data.mentions{kind = "place", from = week.from, to = week.to}) do
    named[m.value] = m.articles
    if not own[m.value] then own[m.value] = 0; order[#order + 1] = m.value end
  end
  table.sort(order, function(x, y)
    if own[x] ~= own[y] then return own[x] > own[y] end
    if (named[x] or 0) ~= (named[y] or 0) then return (named[x] or 0) > (named[y] or 0) end
    return x < y
  end)
  local rows, labels, values, others, others_own = {}, {}, {}, 0, 0
  for i, district in ipairs(order) do
    if i < settings.top_districts or #order == settings.top_districts then
      rows[#rows + 1] = {district, own[district], named[district] or "—"}
    else   -- the rest in one row, so that the statistics keep to a page or two
      others, others_own = others + 1, others_own + own[district]
    end
    if own[district] > 0 then
      labels[#labels + 1], values[#values + 1] = district, own[district]
    end
  end
  if others > 0 then rows[#rows + 1] = {"其他" .. others .. "个区县", others_own, "—"} end
  d:chart{kind = "bar", title = "各区县稿件数（篇）", labels = labels, values = values,
          height = 55, color = settings.red}
  d:table{columns = {{share = 2}, {share = 1, align = "right"}, {share = 1, align = "right"}},
          header = {"区县", "稿件（篇）", "提及该地（篇）"}, rows = rows, striped = true}
end

-- 二、热词: the quoted terms (“…”) named most, with last week's change.
local function terms()
  d:paragraph("二、热词", {style = "section"})
  local before = {}
  for _, m in ipairs(brief.data.mentions{kind = "term", from = previous.from, to = previous.to}) do
    before[m.value] = m.count
  end
  local rows = {}
  for _, m in ipairs(brief.data.mentions{kind = "term", from = week.from, to = week.to,
                                          limit = settings.top_terms}) do
    rows[#rows + 1] = {"“" .. m.value .. "”", m.count, m.articles, change(m.count, before[m.value])}
  end
  if #rows == 0 then d:paragraph("本周稿件未引用加引号的提法。"); return end
  d:table{columns = {{share = 3}, {share = 1, align = "right"}, {share = 1, align = "right"},
                     {share = 1, align = "right"}},
          header = {"提法", "次数", "稿件（篇）", "较上周"}, rows = rows, striped = true}
end

-- 三、提及的工会: the unions the week's articles name.
local function unions()
  d:paragraph("三、提及的工会", {style = "section"})
  local rows = {}
  for _, m in ipairs(brief.data.mentions{kind = "org", from = week.from, to = week.to,
                                          limit = settings.top_orgs}) do
    rows[#rows + 1] = {m.value, m.count, m.articles}
  end
  if #rows == 0 then d:paragraph("本周稿件未提及工会组织。"); return end
  d:table{columns = {{share = 3}, {share = 1, align = "right"}, {share = 1, align = "right"}},
          header = {"工会", "次数", "稿件（篇）"}, rows = rows, striped = true}
end

local function statistics()
  d:page_break()
  d:heading("本周统计")
  d:paragraph("本期共" .. #articles .. "篇稿件（" .. brief.date.chinese(week.from) .. "至"
              .. brief.date.chinese(week.to) .. "）。", {style = "subtitle"})
  districts()
  terms()
  unions()
end

-- A week without articles: the masthead and one line, on one page.
local function empty_week()
  d:paragraph("本周无稿件。", {style = "issue", space_before = line_pt * 2})
  d:paragraph(brief.date.chinese(week.from) .. "至" .. brief.date.chinese(week.to)
              .. "没有收到稿件。", {style = "issue"})
end

-- GB/T 9704 §7.5: "— 1 —" in 四号, its dashes 7 mm under the text area (a
-- dash sits about 0.35 em above the baseline), on odd pages at the right,
-- on even pages at the left, one character in from the text area's edge.
local function page_number(page, pages, p)
  local text = "—\u{2002}" .. page .. "\u{2002}—"   -- en spaces (docs/typesetting.md)
  local baseline = p.bottom + settings.number_below_mm + chars_mm(0.35, settings.number_pt)
  local inset = chars_mm(1, settings.number_pt)
  if page % 2 == 1 then
    p:text(p.right - inset, baseline, text, {align = "right", style = "page_number"})
  else
    p:text(p.left + inset, baseline, text, {style = "page_number"})
  end
end

masthead()
if #articles == 0 then
  empty_week()
else
  contents()
  for _, a in ipairs(articles) do article(a) end
  statistics()
end
d:footer(page_number)
for _, w in ipairs(d:warnings()) do io.stderr:write("weekly.lua: ", w, "\n") end
assert(d:save("weekly-" .. week_name .. ".pdf"))
