# SPDX-License-Identifier: GPL-3.0-or-later
# --json of brief runs and brief search: one JSON document on stdout, the
# shapes docs/json.md gives, the same rows as the text output.
. tests/lib.sh
DB=$TMP/news.db
"$BRIEF" ingest --db "$DB" samples/ >/dev/null 2>&1

json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# ---- brief search --json ----
"$BRIEF" search --db "$DB" --json --limit 3 五型工会 >"$TMP/s.json" 2>"$TMP/err"; rc=$?
check_eq search_json_exit_0 "$rc" 0
check_eq search_json_shape "$(json_get "$TMP/s.json" "sorted(d), d['query'], len(d['hits']), sorted(d['hits'][0])")" \
    "['database', 'hits', 'query'] 五型工会 3 ['article_id', 'issued_on', 'snippet', 'title']"
check_eq search_json_unmarked "$(json_get "$TMP/s.json" "any('【' in h['snippet'] or '\x1b' in h['snippet'] for h in d['hits']), all('五型工会' in h['title'] + h['snippet'] for h in d['hits'])")" "False True"
# The same articles, in the same order, as the text output.
NO_COLOR=1 "$BRIEF" search --db "$DB" --limit 3 五型工会 | grep -E '^[0-9]{4}-' | cut -c1-10 >"$TMP/text_dates"
json_get "$TMP/s.json" "'\n'.join(h['issued_on'] for h in d['hits'])" >"$TMP/json_dates"
check search_json_same_hits_as_text cmp -s "$TMP/text_dates" "$TMP/json_dates"
check_eq search_json_article_ids_exist "$(json_get "$TMP/s.json" "' '.join(str(h['article_id']) for h in d['hits'])" | tr ' ' '\n' | while read -r id; do sqlite3 "$DB" "SELECT count(*) FROM articles WHERE id = $id"; done | sort -u)" 1
"$BRIEF" search --db "$DB" --json 不存在的词语 >"$TMP/none.json" 2>&1; rc=$?
check_eq search_json_no_hits "$rc:$(json_get "$TMP/none.json" "d['hits']")" "0:[]"

# ---- brief runs --json ----
mkdir -p "$TMP/job"
printf 'brief.write_output("ok " .. brief.params.n .. "\\n")\n' >"$TMP/job/ok.lua"
printf 'error("bad \\xff byte")\n' >"$TMP/job/bad.lua"
cat >"$TMP/job/jobs.lua" <<'LUA'
return {
  { name = 'good', script = 'ok.lua', output = 'out/good.txt', params = { n = 1 } },
  { name = 'bad', script = 'bad.lua', output = 'out/bad.txt' },
}
LUA
"$BRIEF" batch "$TMP/job/jobs.lua" --output-dir "$TMP" --db "$DB" >/dev/null 2>&1
"$BRIEF" runs --db "$DB" --json >"$TMP/r.json" 2>"$TMP/err"; rc=$?
check_eq runs_json_exit_0 "$rc" 0
check_eq runs_json_shape "$(json_get "$TMP/r.json" "sorted(d), len(d['runs']), sorted(d['runs'][0])")" \
    "['database', 'runs'] 2 ['bytes', 'duration_s', 'error', 'finished_at', 'id', 'inputs_hash', 'job', 'output', 'params', 'started_at', 'status']"
check_eq runs_json_good_run "$(json_get "$TMP/r.json" "[(r['job'], r['status'], r['params'], r['bytes'], r['error'], r['output'].endswith('/out/good.txt'), type(r['duration_s']).__name__) for r in d['runs'] if r['job'] == 'good']")" \
    "[('good', 'ok', {'n': '1'}, 5, None, True, 'float')]"
# The script's error holds a byte that is not UTF-8: JSON carries U+FFFD.
check_eq runs_json_failed_run "$(json_get "$TMP/r.json" "[(r['status'], r['params'], r['bytes'], r['output'], 'bad \ufffd byte' in r['error']) for r in d['runs'] if r['job'] == 'bad']")" \
    "[('failed', {}, None, None, True)]"
check_eq runs_json_failed_only "$("$BRIEF" runs --db "$DB" --json --failed | python3 -c 'import json,sys; print([r["job"] for r in json.load(sys.stdin)["runs"]])')" "['bad']"
check_eq runs_json_last_1 "$("$BRIEF" runs --db "$DB" --json --last 1 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["runs"]))')" 1
"$BRIEF" runs --db "$TMP/news.db" --json --last 0 >/dev/null 2>&1
check_status runs_json_missing_database_fails 1 "$BRIEF" runs --db "$TMP/none.db" --json
