-- SPDX-License-Identifier: GPL-3.0-or-later
-- workercn.lua — 中工网 (workercn.cn) pages and the 工人日报 digital edition
-- as a browser copies them: 当前位置: above the title, the site's address
-- glued before the date ("//www.workercn.cn2014-09-16 07:46:34来源: PAPER"),
-- 分享到: 更多, a row of buttons, a copyright line with its letters spaced
-- out, and on the digital edition the QR-code and app blocks at the end.
return {
  description = "中工网 and 工人日报 digital edition pages",

  match = { "^当前位置:中工网", "^//www%.workercn%.cn", "^中工网", "^中工娱乐$" },

  furniture = {
    "^当前位置:",
    "^分享到",
    "^%[保存%]",                        -- [保存] [全文浏览] [打印] ... [返回首页]
    "^中 工 网 版 权",
    "^关于中工网",
    "^扫码关注$", "^中工网微信$", "^中工网微博$", "^客户端$", "^×$",
    "^浏览本网主页",
  },

  labels = {
    ["来源"] = "source",
  },
}
