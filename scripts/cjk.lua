-- cjk.lua — small text helpers the scripts share: require "cjk" (a module
-- beside the script is found by require).
local cjk = {}

-- Text copied out of PDFs often has ASCII , ; : ? ! ( ) between Chinese
-- characters ("近日,南岸区"); a 公文 sets the full-width forms. A mark
-- touching a non-ASCII character is replaced; between ASCII characters
-- (10:30, "ISO 9001, APP") it stays. The database keeps the text as it came.
local FULL_WIDTH = {[","] = "，", [";"] = "；", [":"] = "：", ["?"] = "？",
                    ["!"] = "！", ["("] = "（", [")"] = "）"}

function cjk.punctuation(text)
  text = text:gsub("([\128-\255])([,;:?!()])", function(c, mark) return c .. FULL_WIDTH[mark] end)
  text = text:gsub("([,;:?!()])([\128-\255])", function(mark, c) return FULL_WIDTH[mark] .. c end)
  return text
end

-- "10月27日" from "2023-10-27" (the year is on the page already).
function cjk.month_day(date)
  local _, month, day = date:match("^(%d+)-(%d+)-(%d+)$")
  return tonumber(month) .. "月" .. tonumber(day) .. "日"
end

return cjk
