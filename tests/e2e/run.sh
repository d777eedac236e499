# SPDX-License-Identifier: GPL-3.0-or-later
# brief run: the API scripts of tests/lua, error reports, the sandbox, the
# limits, outputs, --set, require and --watch, run as a user runs them.
. tests/lib.sh

DB=$TMP/brief.db
if ! sqlite3 "$DB" < tests/lua/fixture.sql 2>"$TMP/sqlite.err"; then
    fail run_fixture "sqlite3 could not build the fixture: $(cat "$TMP/sqlite.err")"
    exit 0
fi
export SOURCE_DATE_EPOCH=1698364800  # 2023-10-27, for brief.date.today and "last"

# The fixture is the store's schema: the same tables, indexes, triggers,
# views and version as a database brief ingest creates.
mkdir -p "$TMP/none"
if "$BRIEF" ingest --db "$TMP/real.db" "$TMP/none" >/dev/null 2>&1 || [ -f "$TMP/real.db" ]; then
    schema() { sqlite3 "$1" "PRAGMA user_version; PRAGMA application_id;
        SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"; }
    schema "$DB" > "$TMP/schema.fixture"; schema "$TMP/real.db" > "$TMP/schema.store"
    if cmp -s "$TMP/schema.fixture" "$TMP/schema.store"; then pass run_fixture_is_store_schema
    else fail run_fixture_is_store_schema "tests/lua/fixture.sql differs from the schema store.c creates: $(
        diff "$TMP/schema.fixture" "$TMP/schema.store" | head -5 | tr '\n' ' ')"; fi
else
    skip run_fixture_is_store_schema "brief ingest could not create a database"
fi

# script NAME BODY: writes $TMP/NAME.lua
script() { printf '%s\n' "$2" > "$TMP/$1.lua"; }

# run_err NAME WANT_SUBSTRING SCRIPT_BODY [brief run options]: the script
# fails with exit 1 and stderr holds the substring.
run_err() {
    name=$1; want=$2; body=$3; shift 3
    script "$name" "$body"
    "$BRIEF" run "$TMP/$name.lua" --db "$DB" --timeout 5 "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"; rc=$?
    if [ $rc -ne 1 ]; then fail "$name" "exit $rc, want 1: $(head -c 300 "$TMP/$name.err")"
    elif ! grep -qF -- "$want" "$TMP/$name.err"; then fail "$name" "stderr lacks [$want]: $(head -c 300 "$TMP/$name.err" | tr '\n' ' ')"
    else pass "$name"; fi
}

# The API, one script per module, each a list of asserts.
for m in data date text; do
    check "run_api_$m" "$BRIEF" run "tests/lua/api_$m.lua" --db "$DB"
done

# --set and require of a module beside the script.
# (stderr shown on failure; a kernel without Landlock adds its note there)
out=$("$BRIEF" run tests/lua/uses_module.lua --set week=2023-W43 2>&1 | grep -v '^brief run: note: ')
check_eq run_set_and_require "$out" "工会工作简报（2023-W43）"
script setmany 'print(brief.params.a .. "|" .. brief.params.b .. "|" .. tostring(brief.params.c))'
check_eq run_set_many "$("$BRIEF" run "$TMP/setmany.lua" --set a=1 --set 'b=x=y' 2>&1 | grep -v '^brief run: note: ')" "1|x=y|nil"

# Error reports.
run_err run_runtime_error_line "run_runtime_error_line.lua:2: kaboom" 'local x = 1
local function f() error("kaboom") end
f()'
grep -q "stack traceback:" "$TMP/run_runtime_error_line.err" &&
    grep -q "run_runtime_error_line.lua:3: in main chunk" "$TMP/run_runtime_error_line.err" && pass run_runtime_error_traceback \
    || fail run_runtime_error_traceback "no traceback: $(cat "$TMP/run_runtime_error_line.err")"
run_err run_syntax_error "run_syntax_error.lua:2: <name> expected near '='" 'local a = 1
local = 2'
run_err run_bad_argument "bad argument #2 to 'brief.data.query' (table expected, got string)" \
    'brief.data.query("SELECT 1", "oops")'
run_err run_bad_option "bad argument #1 to 'brief.data.articles' (field 'from': string expected, got table)" \
    'brief.data.articles{from = {}, to = "2023-10-29"}'
run_err run_missing_table "no such table: nosuch (in: SELECT * FROM nosuch)" 'brief.data.query("SELECT * FROM nosuch")'
run_err run_missing_column "no such column: colour" 'brief.data.query("SELECT colour FROM articles")'
run_err run_missing_param "no value for parameter :who" 'brief.data.query("SELECT :who", {})'
run_err run_missing_db "brief.data.value: $TMP/none.db: no such database (brief ingest creates it)" 'brief.data.value("SELECT 1")' --db "$TMP/none.db"
run_err run_write_refused "not authorized: the database is read-only to scripts" 'brief.data.query("INSERT INTO bulletins(id) VALUES (99)")'
check_status run_missing_script 1 "$BRIEF" run "$TMP/nonexistent.lua"
check_status run_no_script_is_usage 2 "$BRIEF" run
check_status run_bad_timeout_is_usage 2 "$BRIEF" run tests/lua/api_text.lua --timeout soon
check_status run_bad_set_is_usage 2 "$BRIEF" run tests/lua/api_text.lua --set novalue

# Outputs: written at success, absent after a failure, the old one untouched.
BRIEF_ABS=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")
script wr 'assert(brief.write_output("report\n", "report.txt"):find("/report.txt$"))'
(cd "$TMP" && "$BRIEF_ABS" run wr.lua --output-dir . 2>/dev/null)
check_eq run_output_written "$(cat "$TMP/report.txt" 2>/dev/null)" "report"
run_err run_fail_leaves_no_output "late failure" 'brief.write_output("partial")
error("late failure")' -o "$TMP/never.pdf"
[ ! -e "$TMP/never.pdf" ] && pass run_no_output_file || fail run_no_output_file "never.pdf exists"
run_err run_fail_keeps_old_output "late failure" 'brief.write_output("new")
error("late failure")' -o "$TMP/report.txt"
check_eq run_old_output_untouched "$(cat "$TMP/report.txt")" "report"
check_eq run_no_temp_files_left "$(ls -A "$TMP" | grep -c '\.tmp\.')" "0"
run_err run_output_outside_refused "may not go up a folder ('..')" \
    'assert(brief.write_output("x", "../escape.txt"))' --output-dir "$TMP"
run_err run_output_needs_a_place "a sandboxed script writes only where the caller says" \
    'assert(brief.write_output("x", "report.txt"))'

# The sandbox: each escape is refused with a clear error.
NA="is not allowed in a sandboxed script; run with --trust"
run_err sandbox_os_execute "os.execute $NA" 'os.execute("touch '"$TMP"'/pwned")'
run_err sandbox_io_popen "io.popen $NA" 'io.popen("true")'
run_err sandbox_io_open_write "io.open in mode 'w' $NA" 'io.open("'"$TMP"'/pwned", "w")'
run_err sandbox_io_open_update "io.open in mode 'r+' $NA" 'io.open("'"$DB"'", "r+")'
run_err sandbox_os_remove "os.remove $NA" 'os.remove("'"$DB"'")'
run_err sandbox_os_rename "os.rename $NA" 'os.rename("'"$DB"'", "'"$TMP"'/moved")'
run_err sandbox_os_exit "os.exit $NA" 'os.exit(0)'
run_err sandbox_dofile "dofile $NA" 'dofile("tests/lua/helper_module.lua")'
run_err sandbox_loadfile "loadfile $NA" 'loadfile("tests/lua/helper_module.lua")'
run_err sandbox_string_dump "string.dump $NA" 'load(string.dump(function() return 1 end))'
run_err sandbox_load_binary "load of a binary chunk $NA" 'load("\27LuaT\0\25\147\r\n\26\n")'
run_err sandbox_load_mode_b "load of a binary chunk $NA" 'load("return 1", "x", "b")'
run_err sandbox_debug "debug.sethook $NA" 'debug.sethook()'
run_err sandbox_debug_registry "debug.getregistry $NA" 'debug.getregistry()'
run_err sandbox_package_loadlib "package.loadlib $NA" 'package.loadlib("/lib/x86_64-linux-gnu/libc.so.6", "system")'
run_err sandbox_require_c_module "C modules are not allowed in a sandboxed script" 'require "lfs"'
run_err sandbox_require_real_io "module 'io' not found" 'require "io"'
run_err sandbox_collectgarbage_stop "collectgarbage('stop') $NA" 'collectgarbage("stop")'
run_err sandbox_gc_metamethod "a __gc metamethod $NA" \
    'setmetatable({}, {__gc = function() while true do end end})'
run_err sandbox_gc_placeholder "a __gc metamethod $NA" 'local mt = {__gc = true}; setmetatable({}, mt)'
script gc_later 'local mt = {}; setmetatable({}, mt); mt.__gc = function() while true do end end; collectgarbage()'
check sandbox_gc_added_later_never_runs "$BRIEF" run "$TMP/gc_later.lua" --timeout 1
run_err sandbox_string_metatable "attempt to index a string value" \
    'assert(type(getmetatable("")) == "string"); getmetatable("").__index = {}'
run_err sandbox_setmetatable_string "bad argument #1 to 'setmetatable'" 'setmetatable("", {})'
run_err sandbox_env_trick "os.execute $NA" \
    'local _ENV = setmetatable({}, {__index = function(_, k) return rawget(_G, k) end}); os.execute("true")'
run_err sandbox_load_env_trick "os.execute $NA" 'load("os.execute(\"true\")", "x", "t", {os = _G.os})()'
run_err sandbox_no_real_io "io.output $NA" \
    'assert(package.loaded.io == nil and package.loaded.os == nil and package.loaded.debug == nil); io.output("'"$TMP"'/pwned")'
printf 'os.execute("touch %s/pwned")\nreturn {}\n' "$TMP" > "$TMP/evil_module.lua"
run_err sandbox_required_module_is_sandboxed "evil_module.lua:1: os.execute $NA" 'require "evil_module"'
[ ! -e "$TMP/pwned" ] && pass sandbox_nothing_written || fail sandbox_nothing_written "$TMP/pwned exists"
script reads 'local f = assert(io.open("tests/lua/fixture.sql")); assert(f:read("l"):find("^%-%-")); f:close()
local n = 0; for _ in io.lines("tests/lua/helper_module.lua") do n = n + 1 end; assert(n > 1)
n = 0; for _ in io.lines(brief.script) do n = n + 1 end; assert(n == 4)
assert(os.time() > 0 and os.clock() >= 0 and os.date("%Y", 0) == "1970")'
check sandbox_reading_allowed "$BRIEF" run "$TMP/reads.lua" --allow-read tests/lua
run_err sandbox_reading_outside_refused "is outside the folders a sandboxed script may read" \
    'io.open("tests/lua/fixture.sql")'

# --trust lifts it.
script trusted 'assert(os.execute("true")); local f = assert(io.open("'"$TMP"'/trusted.txt", "w")); f:write("t"); f:close()
assert(debug.getinfo(1) and string.dump(print ~= nil and function() end))'
check trust_lifts_sandbox "$BRIEF" run "$TMP/trusted.lua" --trust
check_eq trust_wrote_file "$(cat "$TMP/trusted.txt" 2>/dev/null)" "t"

# Limits: clear messages, exit 1, quickly.
run_err limit_memory_table_bomb "script exceeded its memory limit of 32 MB" \
    'local t = {} while true do t[#t + 1] = {} end' --max-memory 32
run_err limit_memory_string_rep "script exceeded its memory limit of 32 MB" \
    'local s = string.rep("x", 1e9)' --max-memory 32
start=$(date +%s)
run_err limit_time_loop "script exceeded its time limit of 1 s" 'while true do end' --timeout 1
run_err limit_time_pcall "script exceeded its time limit of 1 s" \
    'while true do pcall(function() while true do end end) end' --timeout 1
run_err limit_time_query "script exceeded its time limit of 1 s" \
    'brief.data.value("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")' --timeout 1
run_err limit_time_stuck_in_c "script exceeded its time limit of 1 s (stuck in a library call; stopped)" \
    'string.find(string.rep("a", 100000), ".-.-.-.-b")' --timeout 1
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -le 12 ] && pass limit_time_is_quick || fail limit_time_is_quick "four 1 s timeouts took ${elapsed} s"

# --watch: re-runs when the script changes; Ctrl-C (SIGINT) ends it.
script watched 'print("first")'
"$BRIEF" run "$TMP/watched.lua" --watch >"$TMP/watch.out" 2>"$TMP/watch.err" &
wpid=$!
sleep 1
script watched 'print("second")'
touch -d '+2 seconds' "$TMP/watched.lua" 2>/dev/null || true
i=0; while [ $i -lt 30 ] && ! grep -q second "$TMP/watch.out"; do sleep 0.2; i=$((i + 1)); done
kill -INT $wpid 2>/dev/null; wait $wpid; wrc=$?
check_eq run_watch_reruns "$(tr '\n' ' ' < "$TMP/watch.out")" "first second "
check_eq run_watch_ctrl_c_ends "$wrc" "0"

# --watch also follows required modules and the database.
cp "$DB" "$TMP/watch.db"
mkdir -p "$TMP/w2"
printf 'return "m1"\n' > "$TMP/w2/wmod.lua"
printf 'print(require("wmod"), brief.data.value("SELECT count(*) FROM bulletins"))\n' > "$TMP/w2/main.lua"
"$BRIEF" run "$TMP/w2/main.lua" --db "$TMP/watch.db" --watch >"$TMP/watch2.out" 2>"$TMP/watch2.err" &
wpid=$!
sleep 1
printf 'return "m2"\n' > "$TMP/w2/wmod.lua"
touch -d '+2 seconds' "$TMP/w2/wmod.lua" 2>/dev/null || true
i=0; while [ $i -lt 30 ] && ! grep -q m2 "$TMP/watch2.out"; do sleep 0.2; i=$((i + 1)); done
sqlite3 "$TMP/watch.db" "INSERT INTO bulletins(id, sha256, ingested_at, encoding, bytes, article_count) VALUES (9, 'zz', 'now', 'utf-8', 1, 0)"
touch -d '+4 seconds' "$TMP/watch.db" 2>/dev/null || true
i=0; while [ $i -lt 30 ] && ! grep -q "m2.4" "$TMP/watch2.out"; do sleep 0.2; i=$((i + 1)); done
kill -INT $wpid 2>/dev/null; wait $wpid
check_eq run_watch_module_and_db "$(tr '\t\n' '. ' < "$TMP/watch2.out")" "m1.3 m2.3 m2.4 "

# Ctrl-C (SIGINT) stops a running script cleanly: exit 1, a clear message,
# no output file, no temporary file.
mkdir -p "$TMP/int"
script interrupted 'brief.write_output("partial")
while true do end'
"$BRIEF" run "$TMP/interrupted.lua" -o "$TMP/int/out.txt" --timeout 30 2>"$TMP/int.err" &
ipid=$!
sleep 1
kill -INT $ipid; wait $ipid; irc=$?
check_eq run_interrupt_exit "$irc" "1"
grep -q "script interrupted" "$TMP/int.err" && pass run_interrupt_message || fail run_interrupt_message "$(cat "$TMP/int.err")"
check_eq run_interrupt_leaves_nothing "$(ls -A "$TMP/int")" ""

# A character no font draws: a warning on stderr, once, the script line
# first, and the document written; --strict: exit 1, nothing written, even
# when the script catches d:save's error.
mkdir -p "$TMP/rare"
cat >"$TMP/rare/rare.lua" <<'EOF2'
local d = brief.doc.new{}
d:paragraph("正常")
d:paragraph("罕见字𱍐，再一次𱍐")
pcall(d.save, d, "rare.pdf")
EOF2
"$BRIEF" run "$TMP/rare/rare.lua" --output-dir "$TMP/rare" >/dev/null 2>"$TMP/rare.err"; rc=$?
check_eq run_warning_exit_0 "$rc" 0
check_eq run_warning_once "$(grep -c "warning: .*rare.lua:3: block 2, page 1: U+31350 '𱍐' is in no font of role body; drawn as a box" "$TMP/rare.err")" 1
check run_warning_document_written test -s "$TMP/rare/rare.pdf"
rm -f "$TMP/rare/rare.pdf"
"$BRIEF" run "$TMP/rare/rare.lua" --output-dir "$TMP/rare" --strict >/dev/null 2>"$TMP/rare.err"; rc=$?
check_eq run_strict_exit_1 "$rc" 1
check run_strict_says_why grep -q "error: .*rare.lua:3: block 2.*(--strict: nothing written)" "$TMP/rare.err"
check_eq run_strict_writes_nothing "$(ls -A "$TMP/rare" | grep -v '\.lua$')" ""
