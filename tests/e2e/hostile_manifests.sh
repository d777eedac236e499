# SPDX-License-Identifier: GPL-3.0-or-later
# Batch manifests as an attack surface (issue 12, docs/reliability.md): a
# manifest runs in the scripts' sandbox, its jobs are read without running
# its code, and whatever it does ends as exit 2 with a message naming the
# manifest: never an abort, a hang, a write outside the output folder or a
# job name that spoofs the log.
. tests/lib.sh

DB="$TMP/b.db"
printf '重庆市总工会召开会议\n\n近日,重庆市总工会召开会议,研究落实举措。\n' > "$TMP/a.txt"
"$BRIEF" ingest --db "$DB" "$TMP/a.txt" >/dev/null 2>&1
printf 'brief.write_output("ok")\n' > "$TMP/job.lua"

# manifest NAME WANT_EXIT GREP LUA [brief batch options]: the manifest's
# text, run as a dry run from $TMP (its output folder) under a timeout.
manifest() { name=$1; want=$2; pattern=$3; printf '%s\n' "$4" > "$TMP/m.lua"; shift 4
    (cd "$TMP" && timeout 60 "$BRIEF_ABS" batch m.lua --db "$DB" --dry-run "$@") >"$TMP/out" 2>&1; rc=$?
    if [ "$rc" -ne "$want" ]; then fail "$name" "exit $rc, want $want: $(head -c 300 "$TMP/out" | tr '\n' ' ')"
    elif ! grep -q -- "$pattern" "$TMP/out"; then fail "$name" "no '$pattern' in: $(head -c 300 "$TMP/out" | tr '\n' ' ')"
    else pass "$name"; fi; }
BRIEF_ABS=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")
JOB="script = 'job.lua', output = 'out/{name}.pdf'"

manifest plain_manifest_ok 0 'run' "return { { name = 'a', $JOB } }"

# Bytecode: patched bytecode corrupted the batch's heap (free(): invalid pointer).
manifest bytecode_dump_refused 2 'string.dump is not allowed in a batch manifest' \
    "local f = load(string.dump(function() return {} end), nil, 'b'); return f()"
manifest bytecode_load_refused 2 'load of a binary chunk is not allowed' "return load('\\27LuaT\\0', 'x', 'b')()"
manifest bytecode_file_refused 2 'attempt to load a binary chunk' "$(printf '\033LuaT')"

# Metamethods on the job tables: __index that loops hung the batch, one
# that raises aborted it (134). Fields are read raw now: neither runs.
manifest index_loop_never_runs 2 "field 'name': expected a string, got nil" \
    "return { setmetatable({}, {__index = function() while true do end end}) }"
manifest index_raise_never_runs 2 "field 'name': expected a string, got nil" \
    "return { setmetatable({}, {__index = function() error('boom') end}) }"
manifest list_index_never_runs 2 'the manifest lists no jobs' \
    "return setmetatable({}, {__index = function(_, i) return { name = 'j' .. i, $JOB } end, __len = function() return 3 end})"
manifest params_pairs_never_runs 0 'run' \
    "return { { name = 'a', $JOB, params = setmetatable({w = '1'}, {__pairs = function() while true do end end}) } }"
manifest fields_only_through_index 2 "field 'script': expected a string, got nil" \
    "return { setmetatable({ name = 'a' }, {__index = { script = 'job.lua', output = 'x.pdf' }}) }"

# Code that escaped the instruction budget: a finalizer, an error handler.
manifest gc_loop_refused 2 'a __gc metamethod is not allowed in a batch manifest' \
    "setmetatable({}, {__gc = function() while true do end end}); return {}"
manifest xpcall_handler_loop_stops 2 'manifest takes too long' \
    "xpcall(function() while true do end end, function() while true do end end); return {}"
manifest xpcall_handler_after_error_stops 2 'manifest takes too long' \
    "xpcall(function() error('x') end, function() while true do end end); return {}"
manifest pcall_loop_stops 2 'manifest takes too long' "while true do pcall(function() while true do end end) end"
manifest error_object_tostring 2 'an error that is not a string' \
    "error(setmetatable({}, {__tostring = function() while true do end end}))"
manifest memory_bomb_stops 2 'manifest' "local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end"
manifest string_bomb_stops 2 'manifest' "local s = 'x' while true do s = s .. s end"
manifest deep_recursion_stops 2 'm.lua' "local function f() return f() + 1 end f()"
manifest no_io_nor_os 2 "global 'io'" "io.open('/etc/passwd'); return {}"
manifest no_require 2 "global 'require'" "require 'os'; return {}"
manifest no_coroutines 2 "global 'coroutine'" "coroutine.wrap(function() end)(); return {}"
manifest no_dofile 2 'dofile is not allowed in a batch manifest' "return dofile('/etc/passwd')"
start=$(date +%s)
manifest stuck_in_c_stops 2 'stuck in a library call' \
    "string.find(string.rep('a', 100000), '.-.-.-.-b'); return {}"
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -le 20 ] && pass stuck_in_c_is_quick || fail stuck_in_c_is_quick "took ${elapsed} s"

# Job names are printable: no bidirectional, zero-width or control characters.
manifest name_rlo_refused 2 "field 'name': must be printable" "return { { name = 'report\\u{202E}fdp.exe', $JOB } }"
manifest name_zero_width_refused 2 "field 'name': must be printable" "return { { name = 'a\\u{200B}b', $JOB } }"
manifest name_c1_refused 2 "field 'name': must be printable" "return { { name = 'a\\u{85}b', $JOB } }"
manifest name_escape_refused 2 "field 'name': must be printable" "return { { name = 'a\\27[2Jb', $JOB } }"
manifest name_dotdot_refused 2 "field 'name': must be printable" "return { { name = '..', $JOB } }"
manifest name_invalid_utf8_refused 2 "field 'name': must be printable" "return { { name = 'a\\xff', $JOB } }"
manifest name_too_long_refused 2 "field 'name': must be printable" "return { { name = ('x'):rep(201), $JOB } }"
manifest name_chinese_ok 0 '周报' "return { { name = '周报-第43期', $JOB } }"
manifest unknown_field_escaped 2 "unknown field 'a?\\[2J'" "return { { name = 'a', $JOB, ['a\\27[2J'] = 1 } }"

# Placeholders cannot move an output out of its folder or hide it.
manifest param_dotdot_refused 2 "placeholder {p} holds a '/'" \
    "return { { name = 'a', script = 'job.lua', output = 'out/{p}.pdf', params = { p = '../../etc/x' } } }"
manifest param_is_dotdot_refused 2 "goes up a folder or hides the file" \
    "return { { name = 'a', script = 'job.lua', output = 'out/{p}/x.pdf', params = { p = '..' } } }"
manifest params_make_dotdot_refused 2 "goes up a folder or hides the file" \
    "return { { name = 'a', script = 'job.lua', output = 'out/{a}{b}/x.pdf', params = { a = '.', b = '.' } } }"
manifest param_hidden_refused 2 "goes up a folder or hides the file" \
    "return { { name = 'a', script = 'job.lua', output = 'out/{p}', params = { p = '.bashrc' } } }"
manifest param_control_refused 2 "placeholder {p} holds a control" \
    "return { { name = 'a', script = 'job.lua', output = 'out/{p}.pdf', params = { p = 'a\\nb' } } }"
manifest param_rlo_refused 2 "placeholder {p} holds a control or invisible" \
    "return { { name = 'a', script = 'job.lua', output = 'out/{p}.pdf', params = { p = 'x\\u{202E}fdp' } } }"
manifest date_param_dotdot_refused 2 "goes up a folder or hides the file" \
    "return { { name = 'a', script = 'job.lua', output = 'out/{date}/x.pdf', params = { date = '..' } } }"

# Outputs stay below the output folder, out of hidden folders, never a Lua file.
manifest output_absolute_refused 2 'is outside the output folder' \
    "return { { name = 'a', script = 'job.lua', output = '/etc/cron.d/brief' } }"
manifest output_up_refused 2 'is outside the output folder' \
    "return { { name = 'a', script = 'job.lua', output = '../../x.pdf' } }"
manifest output_git_refused 2 "hidden file or folder ('.git')" \
    "return { { name = 'a', script = 'job.lua', output = '.git/hooks/pre-commit' } }"
manifest output_lua_refused 2 'may not be a Lua file' \
    "return { { name = 'a', script = 'job.lua', output = 'job.lua' } }"
mkdir -p "$TMP/elsewhere"
manifest output_dir_option 0 'run' "return { { name = 'a', script = 'job.lua', output = '$TMP/elsewhere/a.pdf' } }" \
    --output-dir "$TMP/elsewhere"
manifest script_not_lua_refused 2 "is not a .lua file of yours" \
    "return { { name = 'a', script = '/etc/shadow', output = 'a.pdf' } }"
manifest script_proc_refused 2 "is not a .lua file of yours" \
    "return { { name = 'a', script = '/proc/self/environ', output = 'a.pdf' } }"

# The database is never a job's output (refused by the job, which fails alone).
cat > "$TMP/dbout.lua" <<EOF
return { { name = 'a', script = 'job.lua', output = 'b.db' }, { name = 'b', script = 'job.lua', output = 'res/b.txt' } }
EOF
mkdir -p "$TMP/res"
(cd "$TMP" && "$BRIEF_ABS" batch dbout.lua --db "$DB") >"$TMP/out.log" 2>&1; rc=$?
check_eq db_output_job_fails 1 "$rc"
grep -q "a failed .*is the database or one of its files" "$TMP/out.log" && pass db_output_message \
    || fail db_output_message "$(head -c 300 "$TMP/out.log" | tr '\n' ' ')"
check_eq db_output_intact "$(sqlite3 "$DB" 'SELECT count(*) FROM bulletins')" 1
check_eq db_output_other_job_ok "$(cat "$TMP/res/b.txt" 2>/dev/null)" ok

# The job's script is sandboxed and its process confined like brief run's.
cat > "$TMP/evil_job.lua" <<'EOF'
local ok = pcall(io.open, "/proc/self/environ")
brief.write_output(ok and "leaked" or "refused")
EOF
cat > "$TMP/evil.lua" <<EOF
return { { name = 'e', script = 'evil_job.lua', output = 'res/e.txt' } }
EOF
(cd "$TMP" && "$BRIEF_ABS" batch evil.lua --db "$DB") >/dev/null 2>&1
check_eq job_cannot_read_environment "$(cat "$TMP/res/e.txt" 2>/dev/null)" refused
