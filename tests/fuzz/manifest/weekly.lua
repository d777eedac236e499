local jobs = {}
for _, d in ipairs({"yuzhong", "wanzhou", "fuling"}) do
  jobs[#jobs + 1] = { name = "weekly-" .. d, script = "weekly.lua", output = "out/{week}/" .. d .. ".pdf",
                      params = { district = d, pages = 4, draft = false }, timeout = 60, max_memory = "256M" }
end
return jobs
