local helper = require "helper_module"
print(helper.title(brief.params.week or "?"))
