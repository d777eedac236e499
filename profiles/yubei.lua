-- SPDX-License-Identifier: GPL-3.0-or-later
-- yubei.lua — 渝北网, the district portal of 渝北区 (Chongqing), whose
-- articles come from the district paper: "渝北网 > 时政" above the title,
-- a lead 本报讯(记者 NAME)M月D日 without a year (the date is only in the
-- page's address: keep it in the file name, 2019-12-05.txt). On these pages
-- 区总工会 and 我区 are 渝北区's own, and 市总工会 Chongqing's.
return {
  description = "渝北网 (渝北区 district portal) news pages",

  match = { "^渝北网" },

  furniture = { "^渝北网%s*>" },

  -- the district's aliases hold on this portal's pages only; Chongqing's
  -- (市总工会 → 重庆市总工会) come with the region
  region = "重庆",
  aliases = {
    ["区总工会"] = "渝北区总工会",
  },
}
