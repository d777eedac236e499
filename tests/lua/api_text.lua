-- SPDX-License-Identifier: GPL-3.0-or-later
-- brief.text; run by tests/e2e/run.sh.
local text = brief.text
assert(text.len("重庆市总工会") == 6 and text.len("") == 0, "len")
assert(text.sub("重庆市总工会", 1, 2) == "重庆" and text.sub("重庆市总工会", -3) == "总工会", "sub")
assert(text.sub("重庆市总工会", 3) == "市总工会", "sub default end")
assert(text.trim("\u{3000}\u{3000}职工之家 \n") == "职工之家", "trim")
assert(text.first_sentence("  他说：“好。”大家鼓掌。") == "他说：“好。”", "first_sentence")
local body = "工会举办培训。共有三百人参加。会上还表彰了先进个人。"
assert(text.summary(body, 15) == "工会举办培训。共有三百人参加。", "summary")
assert(text.summary(body, 5) == "工会举办…", "summary cut")
assert(text.summary(body, 100) == body, "summary whole")
local paras = text.paragraphs("\u{3000}\u{3000}第一段。\n\n第二段。\n")
assert(#paras == 2 and paras[1] == "第一段。" and paras[2] == "第二段。", "paragraphs")
local ok, err = pcall(text.summary, body, -1)
assert(not ok and err:find("bad argument #2 to 'brief.text.summary'", 1, true), err)
ok, err = pcall(text.len, {})
assert(not ok and err:find("bad argument #1 to 'brief.text.len' (string expected, got table)", 1, true), err)
print("api_text ok")
