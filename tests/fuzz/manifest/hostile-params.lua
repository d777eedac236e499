local t = setmetatable({}, {__index = function(t, k) return t[k] end})
return { { name = "a", script = "a.lua", output = "a.pdf", params = setmetatable({}, {__pairs = function() while true do end end}) }, t }
