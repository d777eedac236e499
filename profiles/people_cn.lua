-- SPDX-License-Identifier: GPL-3.0-or-later
-- people_cn.lua — pages of 人民网 (people.com.cn) and its channels, copied
-- from a browser: "人民网" and a breadcrumb joined by >> above the title,
-- 小字号 (the font-size button), a date line "YYYY年MM月DD日HH:MM  来源:…",
-- the body, a credit after the last sentence, (责编:…) and a trailing
-- navigation label. Photo captions are printed twice, once as the image's
-- alternative text and once under it: the hook keeps the first.
-- (docs/ingest.md, "Profiles", says how to write one.)
return {
  description = "人民网 article pages, simplified and BIG5 channels",

  -- chosen for a text whose first lines hold the site's name or breadcrumb
  match = { "^人民网$", "^人民网>>", "^人民網>>" },

  furniture = {
    "^人民网$", "^人民網$",
    "^人民网>>", "^人民網>>",         -- the breadcrumb
    "^小字号$", "^小字號$",             -- the font-size buttons (Lua patterns
    "^大字号$", "^大字號$",             -- work on bytes: one pattern for each
    "^中字号$", "^中字號$",             -- Chinese character, never a [set])
    "^全总简介$", "^全總簡介$",       -- the channel's navigation after the text
    "^分享到",
  },

  labels = {
    ["责编"] = "editor",
    ["責編"] = "editor",
  },

  hook = function(lines)
    local seen = {}
    for _, l in ipairs(lines) do
      if l.role == "caption" then
        if seen[l.text] then
          l.role = "furniture"
          l.rule = "repeated-caption"
        end
        seen[l.text] = true
      end
    end
  end,
}
