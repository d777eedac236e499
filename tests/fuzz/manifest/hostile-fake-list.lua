return setmetatable({}, {__index = function(_, i) return { name = "j" .. i, script = "a.lua", output = "{name}.pdf" } end, __len = function() return 3 end})
