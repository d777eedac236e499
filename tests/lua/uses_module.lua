-- SPDX-License-Identifier: GPL-3.0-or-later
local helper = require "helper_module"
print(helper.title(brief.params.week or "?"))
