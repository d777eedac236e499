-- SPDX-License-Identifier: GPL-3.0-or-later
-- search.lua — every article that holds the words of --set q=TEXT, the
-- paragraphs that hold them, each match marked 【like this】.
--
--   brief run scripts/search.lua --set q=五型工会 -o out/search.pdf
--   brief run scripts/search.lua --set "q=劳模 校园" --set week=2023-W43
--
-- Parameters: q (words separated by spaces; an article must hold every one,
-- as in brief search), week (a range as brief.date.range reads it: 2023-W43,
-- 2023-10, last; default: all dates), limit (default 100).

-- Settings.
local settings = {
  q         = brief.params.q,
  week      = brief.params.week,
  limit     = tonumber(brief.params.limit or "100"),
  page      = "A4",
  body_pt   = 12,
  open_mark = "【",          -- around each match
  close_mark = "】",
  red       = "#c00000",
}

if not settings.q or brief.text.trim(settings.q) == "" then
  error("say what to look for: --set q=TEXT", 0)
end
if not settings.limit or settings.limit < 1 then
  error("limit must be a positive number, got " .. tostring(brief.params.limit), 0)
end

-- The words, split at spaces (the ideographic space too), as brief.data.search does.
local words = {}
for word in settings.q:gsub("\u{3000}", " "):gmatch("%S+") do words[#words + 1] = word end

-- A Lua pattern finding a word as the search does: literally, ASCII
-- letters in either case ("app" finds "APP").
local function pattern(word)
  return (word:gsub("%p", "%%%0"):gsub("%a", function(c)
    return "[" .. c:lower() .. c:upper() .. "]"
  end))
end
local patterns = {}
for i, word in ipairs(words) do patterns[i] = pattern(word) end

-- The text with every match marked; where two words match at the same
-- place the longer is marked, and a match is never marked inside another.
local function mark(text)
  local out, pos = {}, 1
  while true do
    local first, last
    for _, p in ipairs(patterns) do
      local s, e = text:find(p, pos)
      if s and (not first or s < first or (s == first and e > last)) then first, last = s, e end
    end
    if not first then break end
    out[#out + 1] = text:sub(pos, first - 1) .. settings.open_mark .. text:sub(first, last)
                    .. settings.close_mark
    pos = last + 1
  end
  out[#out + 1] = text:sub(pos)
  return table.concat(out)
end

local function matches(text)
  for _, p in ipairs(patterns) do if text:find(p) then return true end end
  return false
end

local options = {limit = settings.limit}
if settings.week then
  local range = brief.date.range(settings.week)
  options.from, options.to = range.from, range.to
end
local hits = brief.data.search(settings.q, options)

local d = brief.doc.new{title = "检索：" .. settings.q, page = settings.page}
d:style("body", {size = settings.body_pt})
d:style("banner", {font = "heading", size = 20, color = settings.red, align = "center"})
d:style("summary", {size = 10.5, align = "center", indent = 0, color = "#555555",
                    space_after = 6})
d:style("heading1", {size = 14, align = "left", space_before = 12, space_after = 2})
d:style("meta", {size = 9, align = "left", indent = 0, color = "#777777", space_after = 4})

-- The title: what was looked for, where, how many articles.
local function masthead()
  d:paragraph("检索：" .. settings.q, {style = "banner"})
  local where = options.from and (brief.date.chinese(options.from) .. "至"
                                  .. brief.date.chinese(options.to) .. "，") or ""
  d:paragraph(where .. "共" .. #hits .. "篇稿件（新的在前）", {style = "summary"})
  d:rule{thickness = 1, color = settings.red, space_before = 0, space_after = 6}
end

-- One article: its title (marked too), the date, the paragraphs holding a
-- match; when only the title matches, the first paragraph.
local function article(a)
  d:heading(mark(a.title))
  d:paragraph(brief.date.chinese(a.issued_on), {style = "meta"})
  if a.subtitle then d:paragraph(mark(a.subtitle), {style = "meta"}) end
  local paragraphs, shown = brief.text.paragraphs(a.body), 0
  for _, text in ipairs(paragraphs) do
    text = brief.text.fullwidth(text)
    if matches(text) then d:paragraph(mark(text)); shown = shown + 1 end
  end
  if shown == 0 and paragraphs[1] then d:paragraph(brief.text.fullwidth(paragraphs[1])) end
end

masthead()
if #hits == 0 then
  d:paragraph("没有找到包含“" .. settings.q .. "”的稿件。", {align = "center", indent = 0})
end
for _, a in ipairs(hits) do article(a) end
d:footer(function(page, pages, p)
  p:text(p.width / 2, p.footer, page .. " / " .. pages, {align = "center"})
end)
assert(d:save("search.pdf"))
