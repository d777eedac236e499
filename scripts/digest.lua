-- SPDX-License-Identifier: GPL-3.0-or-later
-- digest.lua — the week's headlines on one page, each with its first sentence.
--
--   brief run scripts/digest.lua --set week=2023-W43 -o out/digest-2023-W43.pdf
--
-- Parameters (--set KEY=VALUE): week (an ISO week, or "last", the default),
-- org (the name before "工会一周要闻"). A story reprinted by several
-- bulletins counts once and names the others (另见); the earlier versions of
-- a corrected re-send are left out (brief.data.articles does both).

-- Settings: the page, the type, how much of each article.
local settings = {
  week          = brief.params.week or "last",
  title         = (brief.params.org or "") .. "工会一周要闻",
  page          = "A4",
  margins       = {top = 22, bottom = 20, left = 25, right = 25},
  headline_pt   = 13,
  summary_pt    = 11,
  summary_chars = 60,    -- at most this many characters of the first sentence
  red           = "#c00000",
}

local week = brief.date.range(settings.week)
local week_name = brief.date.week(week.from)
local articles = brief.data.articles(week)

-- An article's first sentence, at most summary_chars long; a cut sentence
-- ends in "…", never in "，…" nor "“…".
local function summary(article)
  local first = brief.text.first_sentence(brief.text.paragraphs(article.body)[1] or "")
  local text = brief.text.fullwidth(brief.text.summary(first, settings.summary_chars))
  for _, mark in ipairs({"，", "、", "；", "：", "“", "‘", "《", "（"}) do
    if text:sub(-#(mark .. "…")) == mark .. "…" then
      text = text:sub(1, -#(mark .. "…") - 1) .. "…"
    end
  end
  return text
end

-- A document with the first `count` articles of the week.
local function digest(count)
  local d = brief.doc.new{title = settings.title .. "（" .. week_name .. "）",
                          page = settings.page, margins = settings.margins}
  d:style("banner", {font = "heading", size = 24, color = settings.red, align = "center",
                     space_after = 4})
  d:style("dates", {size = settings.summary_pt, align = "center", indent = 0})
  d:style("headline", {font = "heading", size = settings.headline_pt, align = "left",
                       indent = 0, line_pitch = settings.headline_pt * 1.4,
                       space_before = 3, keep_with_next = true})
  d:style("day", {font = "heading", size = settings.summary_pt, color = settings.red,
                  indent = 0, align = "left", space_before = 8, keep_with_next = true})
  d:style("summary", {size = settings.summary_pt, align = "justify", indent = 0,
                      line_pitch = settings.summary_pt * 1.5, color = "#333333"})

  -- The title, the week and its dates, a red rule.
  d:paragraph(settings.title, {style = "banner"})
  d:paragraph(week_name .. "　" .. brief.date.chinese(week.from) .. "至"
              .. brief.date.chinese(week.to) .. "　共" .. #articles .. "篇",
              {style = "dates"})
  d:rule{thickness = 1.5, color = settings.red, space_before = 4, space_after = 2}

  -- Under each day of the week that has articles, one headline each: the
  -- title, then the first sentence.
  local day
  for i = 1, count do
    local a = articles[i]
    if a.issued_on ~= day then
      day = a.issued_on
      d:paragraph(brief.date.chinese(day, "month_day") .. "　" .. brief.date.weekday_name(day), {style = "day"})
    end
    d:paragraph(brief.text.fullwidth(a.title), {style = "headline"})
    d:paragraph(summary(a), {style = "summary"})
    -- a story reprinted elsewhere is listed once: the other sources named
    local others = {}
    for _, r in ipairs(a.reprints) do
      others[#others + 1] = (r.source or "") .. "　" .. brief.date.chinese(r.issued_on, "month_day")
    end
    if #others > 0 then
      d:paragraph("另见：" .. table.concat(others, "；"), {style = "summary", align = "right"})
    end
  end
  if count < #articles then
    d:paragraph("另有" .. (#articles - count) .. "篇，见本周简报。",
                {style = "summary", align = "right", space_before = 6})
  end
  if #articles == 0 then
    d:paragraph("本周无稿件。", {style = "headline", align = "center", space_before = 40})
  end
  return d
end

-- One page: with as many headlines as fit (the fewest are dropped, last first).
local count = #articles
local d = digest(count)
while d:save("digest-" .. week_name .. ".pdf") > 1 and count > 1 do
  count = count - 1
  d = digest(count)
end
