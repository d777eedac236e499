-- SPDX-License-Identifier: GPL-3.0-or-later
-- brief.data against tests/lua/fixture.sql; run by tests/e2e/run.sh.
local data = brief.data

-- query: whole arrays, positional and named parameters
local rows = data.query("SELECT id, title FROM articles WHERE bulletin_id = ? ORDER BY seq", {1})
assert(#rows == 2 and rows[1].id == 1 and rows[2].id == 2, "query positional")
rows = data.query("SELECT id FROM articles WHERE bulletin_id = :b AND seq = :s", {b = 1, s = 2})
assert(#rows == 1 and rows[1].id == 2, "query named")
rows = data.query("SELECT ?2 AS b, ?1 AS a", {"x", "y"})
assert(rows[1].a == "x" and rows[1].b == "y", "query ?NNN")
assert(#data.query("SELECT id FROM articles WHERE id > 100") == 0, "query empty")
-- NULL columns are absent, numbers keep their type
local r = data.row("SELECT subtitle, 1.5 AS f, 2 AS i FROM articles WHERE id = 2")
assert(r.subtitle == nil and r.f == 1.5 and math.type(r.i) == "integer", "row types")

-- rows: an iterator; leaving the loop early finalizes the statement
local n = 0
for row in data.rows("SELECT id FROM articles ORDER BY id") do
  n = n + 1
  if row.id == 2 then break end
end
assert(n == 2, "rows break")
n = 0
for _ in data.rows("SELECT id FROM articles") do n = n + 1 end
assert(n == 4, "rows all")

-- row / value
assert(data.row("SELECT id FROM articles WHERE id = 999") == nil, "row none")
assert(data.value("SELECT count(*) FROM articles") == 4, "value")
assert(data.value("SELECT title FROM articles WHERE id = ?", {3}) == "江北区工会为户外劳动者送清凉", "value text")
assert(data.value("SELECT NULL") == nil, "value null")

-- articles in a date range
local week = data.articles{from = "2023-10-23", to = "2023-10-29"}
assert(#week == 3, "articles week: " .. #week)
assert(week[1].issued_on == "2023-10-24" and week[3].issued_on == "2023-10-27", "articles order")
assert(week[1].source == "seeds/000.txt" and week[1].body:find("习近平"), "articles columns")
local yubei = data.articles{from = "2023-10-01", to = "2023-11-30", district = "渝北区"}
assert(#yubei == 1 and yubei[1].id == 2, "articles district")
assert(#data.articles{from = "2023-10-01", to = "2023-11-30", limit = 2} == 2, "articles limit")
local shapingba = data.articles{from = "2023-10-01", to = "2023-11-30", district = "沙坪坝区"}
assert(#shapingba == 1 and shapingba[1].id == 4, "articles district by place mention")

-- search: trigram for 3+ characters, instr for shorter
local ok, err
local hits = data.search("技能竞赛")
assert(#hits == 1 and hits[1].id == 2, "search fts")
hits = data.search("工会", {limit = 10})
assert(#hits == 4, "search short: " .. #hits)
hits = data.search("总工会", {limit = 2})
assert(#hits == 2, "search limit")
hits = data.search("总工会", {from = "2023-11-01", to = "2023-11-30"})
assert(#hits == 1 and hits[1].id == 4, "search range")
assert(#data.search('"引号"') == 0, "search quotes are literal")
assert(#data.search("总工会 技能") == 1, "search words: all must match")
assert(#data.search("总工会\u{3000}慰问 户外劳动者") == 1, "search words, ideographic space")
assert(#data.search("工会 OR 竞赛") == 0, "search: OR is a word, not an operator")
ok, err = pcall(data.search, "  ")
assert(not ok and err:find("bad argument #1 to 'brief.data.search' (no words to search for)", 1, true), err)

-- mentions
local m = data.mentions{kind = "org", limit = 2}
assert(#m == 2 and m[1].value == "市总工会" and m[1].count == 3 and m[1].articles == 2, "mentions org")
m = data.mentions{kind = "place", from = "2023-10-23", to = "2023-10-29"}
assert(#m == 3 and m[1].count == 2 and m[3].value == "江北区", "mentions range")
assert(#data.mentions() == 9, "mentions all")

-- the database is read-only
ok, err = pcall(data.query, "DELETE FROM articles")
assert(not ok and err:find("read-only to scripts", 1, true), "read-only: " .. tostring(err))
ok, err = pcall(data.query, "SELECT nosuch FROM articles")
assert(not ok and err:find("no such column: nosuch", 1, true), "missing column")
print("api_data ok")
