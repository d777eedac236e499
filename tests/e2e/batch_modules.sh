# SPDX-License-Identifier: GPL-3.0-or-later
# brief batch skips a job whose inputs are unchanged, and the modules its
# script requires are inputs: a module changed makes the job run again,
# whichever way Lua lets the script name it (require "m", require 'm',
# require("m"), require [[m]], require [==[m]==], a line break before the
# name, dotted names as folders, m/init.lua).
. tests/lib.sh
BRIEF=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")
DB=$TMP/brief.db
mkdir -p "$TMP/lib" "$TMP/pkg"

# job name | how its script requires its module; each writes what it returns.
jobs='dq|require "m_dq"
sq|require '"'m_sq'"'
paren|require ( "m_paren" )
long|require [[m_long]]
level|require [==[m_level]==]
newline|require\n  "m_newline"
dotted|require "lib.m_dotted"
init|require "pkg"'
echo "return {" >"$TMP/jobs.lua"
printf '%s\n' "$jobs" | while IFS='|' read -r name call; do
    printf "brief.write_output($call)\n" >"$TMP/$name.lua"
    echo "  { name = '$name', script = '$name.lua', output = 'out/$name.txt' }," >>"$TMP/jobs.lua"
done
echo "}" >>"$TMP/jobs.lua"
for m in m_dq m_sq m_paren m_long m_level m_newline lib/m_dotted pkg/init; do
    echo "return '$m 1'" >"$TMP/$m.lua"
done

if ! "$BRIEF" batch "$TMP/jobs.lua" --output-dir "$TMP" --db "$DB" >/dev/null 2>"$TMP/err"; then
    fail batch_modules_setup "the first batch failed: $(head -c 300 "$TMP/err")"; exit 0
fi
check_eq batch_modules_first_run "$(cat "$TMP/out/long.txt" "$TMP/out/init.txt")" "m_long 1pkg/init 1"
"$BRIEF" batch "$TMP/jobs.lua" --output-dir "$TMP" --db "$DB" >/dev/null 2>"$TMP/err"
check_eq batch_modules_unchanged_skipped "$(grep -c ' skipped ' "$TMP/err")" 8

# Change each module in turn: its job, and only its job, runs again.
for pair in dq:m_dq sq:m_sq paren:m_paren long:m_long level:m_level newline:m_newline \
            dotted:lib/m_dotted init:pkg/init; do
    job=${pair%%:*}; mod=${pair#*:}
    echo "return '$job 2'" >"$TMP/$mod.lua"
    "$BRIEF" batch "$TMP/jobs.lua" --output-dir "$TMP" --db "$DB" >/dev/null 2>"$TMP/err"
    check_eq "batch_module_changed_reruns_$job" "$(grep -c ' skipped ' "$TMP/err") $(cat "$TMP/out/$job.txt")" \
        "7 $job 2"
done
