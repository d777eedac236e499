-- samples/jobs.lua — the batch manifest of the samples: a weekly brief and
-- a digest for each week the sample bulletins cover.
--
--   brief ingest --db news.db samples/
--   brief batch samples/jobs.lua --db news.db -j 2 --dry-run   # what would run
--   brief batch samples/jobs.lua --db news.db -j 2
--   brief runs --db news.db
--
-- Paths are relative to this file: the scripts are ../scripts/, the briefs
-- go to ../out/. {week}, {date}, {name} and any param expand in `output`.

local weeks = { "2023-W41", "2023-W42", "2023-W43", "2023-W44", "2023-W45" }

local jobs = {}

-- For each week: the weekly brief (scripts/weekly.lua) and the one-page
-- digest of its news (scripts/digest.lua); both read brief.params.week.
for _, week in ipairs(weeks) do
  jobs[#jobs + 1] = {
    name = "weekly-" .. week,
    script = "../scripts/weekly.lua",
    output = "../out/weekly-{week}.pdf",
    params = { week = week },
    timeout = 120,          -- seconds
    max_memory = "512M",
  }
  jobs[#jobs + 1] = {
    name = "digest-" .. week,
    script = "../scripts/digest.lua",
    output = "../out/digest-{week}.pdf",
    params = { week = week },
    timeout = 60,
  }
end

return jobs
