# SPDX-License-Identifier: GPL-3.0-or-later
# brief run over the real samples/ (2023-W41..W45, three bulletins a week),
# ingested by brief ingest: the API on data the parser produced.
. tests/lib.sh

DB=$TMP/samples.db
if ! "$BRIEF" ingest --db "$DB" samples/ >"$TMP/ingest.out" 2>&1; then
    fail run_samples_ingest "$(head -c 300 "$TMP/ingest.out")"
    exit 0
fi
printf '%s\n' '
local weeks = {"2023-W41", "2023-W42", "2023-W43", "2023-W44", "2023-W45"}
for _, w in ipairs(weeks) do
  local arts = brief.data.articles(brief.date.range(w))
  assert(#arts >= 6, w .. ": only " .. #arts .. " articles")
  for _, a in ipairs(arts) do
    local r = brief.date.range(w)
    assert(a.issued_on >= r.from and a.issued_on <= r.to, a.title)
    local s = brief.text.summary(a.body, 60)
    assert(brief.text.len(s) <= 60 and #s > 0, "summary of " .. a.title)
    assert(#brief.text.paragraphs(a.body) >= 1)
  end
end
-- the masthead date of jiulongpo_jianbao_38.txt puts it in W42
assert(brief.data.value("SELECT count(*) FROM bulletins WHERE issued_on = ?", {"2023-10-20"}) == 1)
local orgs = brief.data.mentions{kind = "org", from = "2023-10-09", to = "2023-11-12", limit = 5}
assert(#orgs == 5 and orgs[1].count >= orgs[5].count)
assert(#brief.data.search("技能竞赛") > 0)
assert(#brief.data.search("劳模") > 0)
-- ASCII letters match in either case, as in brief search ("APP", "ISO 9001")
assert(#brief.data.search("app") == #brief.data.search("APP") and #brief.data.search("app") > 0)
assert(#brief.data.search("iso 9001") > 0)
print("samples ok")' > "$TMP/samples.lua"
out=$("$BRIEF" run "$TMP/samples.lua" --db "$DB" 2>&1 | grep -v '^brief run: note: ')
check_eq run_samples_weekly_api "$out" "samples ok"
