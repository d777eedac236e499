# SPDX-License-Identifier: GPL-3.0-or-later
# The JSON log of brief batch and the params it records are JSON a strict
# reader accepts, whatever bytes the manifest, the params or a script's
# error carry: invalid UTF-8 becomes U+FFFD (it was passed through).
. tests/lib.sh
BRIEF=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")
DB=$TMP/brief.db

printf 'error("bad \\255 byte, a quote \\" and a tab \\t")\n' >"$TMP/fail.lua"
printf 'brief.write_output("ok")\n' >"$TMP/ok.lua"
cat >"$TMP/jobs.lua" <<'EOF2'
return {
  { name = 'bad', script = 'fail.lua', output = 'out/bad.txt', params = { x = 'a\255b', y = '"q"' } },
  { name = 'good', script = 'ok.lua', output = 'out/good\255.txt' },
}
EOF2
"$BRIEF" batch "$TMP/jobs.lua" --output-dir "$TMP" --db "$DB" --log-format json >/dev/null 2>"$TMP/log"
check_eq batch_log_three_lines "$(wc -l <"$TMP/log" | tr -d ' ')" 3
check batch_log_is_utf8 iconv -f UTF-8 -t UTF-8 "$TMP/log" -o /dev/null
bad=0
while IFS= read -r line; do
    [ "$(sqlite3 :memory: "SELECT json_valid('$(printf '%s' "$line" | sed "s/'/''/g")')")" = 1 ] || bad=$((bad + 1))
done <"$TMP/log"
check_eq batch_log_lines_are_json "$bad" 0
check_eq batch_log_error_replaced "$(grep '"job":"bad"' "$TMP/log" | grep -o 'bad \\*[^ ]* byte' | head -1)" "bad � byte"
sqlite3 "$DB" "SELECT params FROM runs WHERE job = 'bad'" >"$TMP/params"
check batch_params_are_utf8 iconv -f UTF-8 -t UTF-8 "$TMP/params" -o /dev/null
check_eq batch_params_value "$(sqlite3 "$DB" "SELECT json_extract(params, '\$.x') || '|' || json_extract(params, '\$.y') FROM runs WHERE job = 'bad'")" 'a�b|"q"'
