-- SPDX-License-Identifier: GPL-3.0-or-later
-- A module beside the scripts, loaded with require by tests/lua/uses_module.lua.
local M = {}
function M.title(week) return "工会工作简报（" .. week .. "）" end
return M
