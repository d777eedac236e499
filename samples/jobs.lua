-- samples/jobs.lua — the batch manifest of the samples: a weekly brief for
-- each week the sample bulletins cover, and a digest of the whole period.
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

-- One weekly brief per week: scripts/weekly.lua reads brief.params.week.
for _, week in ipairs(weeks) do
  jobs[#jobs + 1] = {
    name = "weekly-" .. week,
    script = "../scripts/weekly.lua",
    output = "../out/weekly-{week}.pdf",
    params = { week = week },
    timeout = 120,          -- seconds
    max_memory = "512M",
  }
end

-- The digest of the five weeks (a range as brief.date.range reads it).
jobs[#jobs + 1] = {
  name = "digest-2023-10",
  script = "../scripts/digest.lua",
  output = "../out/{name}.pdf",
  params = { range = "2023-10-09..2023-11-12" },
  timeout = 300,
}

return jobs
