# SPDX-License-Identifier: GPL-3.0-or-later
# Report scripts as an attack surface (docs/reliability.md): without --trust a
# script cannot read the database's bytes, write files, attach or load into
# SQLite, and a huge string, deep recursion or a table bomb ends at the
# limits with a clear error and exit 1.
. tests/lib.sh

DB="$TMP/b.db"
printf '重庆市总工会召开会议\n\n近日,重庆市总工会召开会议,研究落实举措。\n' > "$TMP/a.txt"
"$BRIEF" ingest --db "$DB" "$TMP/a.txt" >/dev/null 2>&1
ln -s "$DB" "$TMP/link.db"
cp "$DB" "$TMP/other.db"

# script NAME WANT_EXIT GREP LUA [brief run options]
script() { name=$1; want=$2; pattern=$3; printf '%s\n' "$4" > "$TMP/s.lua"; shift 4
    timeout 120 "$BRIEF" run "$TMP/s.lua" --db "$DB" "$@" >"$TMP/out" 2>&1; rc=$?
    if [ "$rc" -ne "$want" ]; then fail "$name" "exit $rc, want $want: $(head -c 300 "$TMP/out" | tr '\n' ' ')"
    elif ! grep -q -- "$pattern" "$TMP/out"; then fail "$name" "no '$pattern' in: $(head -c 300 "$TMP/out" | tr '\n' ' ')"
    else pass "$name"; fi; }

script db_bytes_refused 1 'is the database file, which a sandboxed script may not read' "print(io.open('$DB', 'rb'):read(16))"
script db_bytes_via_symlink_refused 1 'is the database file, which a sandboxed script may not read' "print(io.open('$TMP/link.db'):read(16))"
script db_wal_refused 1 'is the database file, which a sandboxed script may not read' "local f = io.open('$DB-shm') or io.open('$DB'); print(f)"
script db_lines_refused 1 'is the database file, which a sandboxed script may not read' "for l in io.lines('$DB') do end"
script db_require_refused 1 'is the database file, which a sandboxed script may not read' "package.path = '$TMP/?.db'; require 'b'"
script other_files_readable 0 '重庆市总工会' "print(io.open('$TMP/a.txt'):read('a'))"
script db_bytes_with_trust 0 'SQLite format 3' "print(io.open('$DB', 'rb'):read(15))" --trust
script write_refused 1 "io.open in mode 'w' is not allowed" "io.open('$TMP/new.txt', 'w')"
check_eq write_left_no_file "$(ls "$TMP/new.txt" 2>/dev/null)" ""
script socket_module_refused 1 'not allowed in a sandboxed script' "require 'socket'"
script sql_insert_refused 1 'read-only to scripts' "brief.data.query(\"INSERT INTO bulletins(sha256, article_count) VALUES ('x', 0)\")"
script sql_attach_refused 1 'not authorized' "brief.data.query(\"ATTACH '$TMP/other.db' AS o\")"
script sql_attach_creates_nothing 1 'not authorized' "brief.data.query(\"ATTACH 'file:$TMP/created.db?mode=rwc' AS o\")"
check_eq sql_attach_left_no_file "$(ls "$TMP/created.db" 2>/dev/null)" ""
script sql_load_extension_refused 1 'not authorized' "brief.data.query(\"SELECT load_extension('libsqlite3.so.0')\")"
script sql_pragma_write_refused 1 '' "brief.data.query('PRAGMA query_only = OFF'); brief.data.query(\"DELETE FROM bulletins\")"
check_eq sql_data_intact "$(sqlite3 "$DB" 'SELECT count(*) FROM bulletins')" 1
script huge_string_refused 1 'too large' "local s = string.rep('x', 1 << 40)"
script doubling_string_hits_memory 1 'memory limit of 64 MB' "local s = 'x' while true do s = s .. s end" --max-memory 64
script table_bomb_hits_memory 1 'memory limit of 64 MB' "local t = {} for i = 1, 1e9 do t[i] = {i, i} end" --max-memory 64
script deep_recursion_stops 1 'stack overflow' "local function f(n) return f(n + 1) + 1 end f(1)"
script c_stack_recursion_stops 1 'stack overflow' "local function f() return string.gsub('a', 'a', f) end f()"
script pcall_cannot_swallow_timeout 1 'time limit of 1 s' "while true do pcall(function() while true do end end) end" --timeout 1

# ---- issue 12: what got through before, each a check that failed then ----

BRIEF_ABS=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")

# 1. Native code from a script: Debian's SQLite takes a function pointer in
# fts3_tokenizer(); with query_only off and a temp FTS3 table it jumped to it.
script sql_fts3_tokenizer_refused 1 'not authorized to use function: fts3_tokenizer' \
    "brief.data.query(\"SELECT fts3_tokenizer('evil', ?)\", {string.pack('<I8', 0x4141414141414141)})"
script sql_fts3_exploit_no_crash 0 'exploit stopped' \
    "local q = brief.data.query
assert(not pcall(q, \"SELECT fts3_tokenizer('evil', ?)\", {string.pack('<I8', 0x4141414141414141)}))
assert(not pcall(q, 'PRAGMA query_only=OFF'))
assert(not pcall(q, 'CREATE VIRTUAL TABLE temp.f USING fts3(x, tokenize=evil)'))
print('exploit stopped')"
script sql_temp_store_directory_refused 1 'not authorized' "brief.data.query(\"PRAGMA temp_store_directory = '$TMP'\")"
script sql_writable_schema_refused 1 'not authorized' "brief.data.query('PRAGMA writable_schema = ON')"
script sql_temp_table_refused 1 'not authorized' "brief.data.query('CREATE TEMP TABLE t(x)')"
script sql_second_statement_message 1 'one statement at a time (extra text: SELECT 2)' \
    "brief.data.query('SELECT 1; SELECT 2')"

# 2. Files below the working directory replaced: the database, .git/config.
mkdir -p "$TMP/repo/.git" "$TMP/repo/out"
cp "$DB" "$TMP/repo/news.db"
printf '[core]\n' > "$TMP/repo/.git/config"
cat > "$TMP/repo/evil.lua" <<'EOF'
print(brief.write_output("x", "news.db"))
print(brief.write_output("[core]\n\tfsmonitor = touch pwned\n", ".git/config"))
local d = brief.doc.new{}
d:paragraph("x")
print(d:save("news.db-wal"))
print(brief.write_output("x", "../news.db"))
print(brief.write_output("x", "/tmp/evil.txt"))
EOF
(cd "$TMP/repo" && "$BRIEF_ABS" run evil.lua --db news.db) >"$TMP/out" 2>&1
(cd "$TMP/repo" && "$BRIEF_ABS" run evil.lua --db news.db --output-dir .) >>"$TMP/out" 2>&1
(cd "$TMP/repo" && "$BRIEF_ABS" run evil.lua --db news.db --output-dir out) >>"$TMP/out" 2>&1
check_eq writes_cannot_replace_database "$(sqlite3 "$TMP/repo/news.db" 'SELECT count(*) FROM bulletins' 2>&1)" 1
check_eq writes_cannot_reach_git "$(cat "$TMP/repo/.git/config")" "[core]"
# (out/news.db is a new file of the run's own folder, not the database.)
check_eq writes_nothing_beside "$(ls -A "$TMP/repo" | grep -v '^news.db-[sw][ha][ml]$' | tr '\n' ' ')" ".git evil.lua news.db out "
[ ! -e /tmp/evil.txt ] && pass writes_not_absolute || fail writes_not_absolute "/tmp/evil.txt written"
script db_as_output_refused 1 'is the database or one of its files' "print(1)" -o "$DB"
script db_lock_as_output_refused 1 'is the database or one of its files' "print(1)" -o "$DB.lock"
script git_as_output_refused 1 'inside a .git folder' "brief.write_output('x')" -o "$TMP/repo/.git/config" --trust
check_eq git_as_output_untouched "$(cat "$TMP/repo/.git/config")" "[core]"

# 3. Secrets: the environment and files outside the script's folder.
SECRET_TOKEN=hunter2; export SECRET_TOKEN
script environ_refused 1 "under /proc, /sys or /dev" "print(io.open('/proc/self/environ'):read('a'))"
grep -q hunter2 "$TMP/out" && fail environ_not_printed "the environment reached the output" || pass environ_not_printed
ln -s /proc/self/environ "$TMP/env_link"
script environ_via_symlink_refused 1 "under /proc, /sys or /dev" \
    "print(io.open('$TMP/env_link'):read('a'))"
script environ_lines_refused 1 "under /proc, /sys or /dev" "for l in io.lines('/proc/self/environ') do print(l) end"
script environ_require_refused 1 "under /proc, /sys or /dev" "package.path = '/proc/self/?'; require 'environ'"
script shadow_refused 1 'outside the folders a sandboxed script may read' "print(io.open('/etc/shadow'):read('a'))"
script passwd_refused 1 'outside the folders a sandboxed script may read' "print(io.open('/etc/passwd'):read('a'))"
script image_outside_refused 1 'outside the folders a sandboxed script may read' \
    "local d = brief.doc.new{}; d:image('/etc/passwd')"
unset SECRET_TOKEN

# 5. A PNG whose header lies: libpng's error used to abort the process (134)
# and leave a hidden temporary file; now a Lua error pcall can catch.
if command -v python3 >/dev/null 2>&1; then
python3 - "$TMP" <<'EOF'
import struct, sys, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
def png(w, h, rows):
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
d = sys.argv[1]
open(d + "/liar.png", "wb").write(png(1000, 1000, b"\0" + b"\xff" * 24))       # 1000 rows claimed, 1 given
open(d + "/huge.png", "wb").write(png(30000, 30000, b"\0" + b"\xff" * 90000))   # 30000^2 claimed
open(d + "/wide.png", "wb").write(png(19000, 8000, b"\0" + b"\xff" * 57000))    # under the side, over 64 MB
good = png(8, 8, (b"\0" + b"\x80" * 24) * 8)
open(d + "/badcrc.png", "wb").write(good[:30] + bytes([good[30] ^ 1]) + good[31:])
open(d + "/short.png", "wb").write(good[:20])
EOF
    mkdir -p "$TMP/img"
    for f in liar huge wide badcrc short; do
        cat > "$TMP/img_$f.lua" <<EOF
local d = brief.doc.new{}
d:paragraph("x")
local ok, err = pcall(d.image, d, "$TMP/$f.png")
assert(not ok, "the image was accepted")
print("refused: " .. err)
assert(d:save("doc.pdf"))
EOF
        "$BRIEF" run "$TMP/img_$f.lua" --max-memory 64 --output-dir "$TMP/img" >"$TMP/out" 2>&1; rc=$?
        if [ "$rc" -ne 0 ]; then fail "png_${f}_is_an_error" "exit $rc: $(head -c 300 "$TMP/out" | tr '\n' ' ')"
        else pass "png_${f}_is_an_error"; fi
    done
    check_eq png_errors_leave_no_temporary "$(ls -A "$TMP/img" | tr '\n' ' ')" "doc.pdf "
    cp "$TMP/liar.png" "$TMP/liar2.png"
    script png_liar_without_pcall 1 'not a readable PNG' "local d = brief.doc.new{}; d:image('$TMP/liar2.png')"
else
    skip png_hostile "python3 is not installed"
fi

# 6. --max-memory holds for SQLite and the C side too, not only Lua.
script memory_sqlite_sort 1 'out of memory' \
    "print(brief.data.value([[WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
      SELECT count(*) FROM (SELECT randomblob(5000000) AS b FROM n ORDER BY b)]]))" --max-memory 16
script memory_sqlite_zeroblob 1 'too big' "print(#brief.data.value('SELECT zeroblob(1000000000)'))"

# 7. The time limit cannot be dodged by an error handler or a finalizer.
# (Stopped by the hook, not by the watchdog that ends a process stuck in C.)
not_watchdog() { grep -q "stuck in a library call" "$TMP/out" && fail "$1" "stopped only by the watchdog" || pass "$1"; }
start=$(date +%s)
script timeout_xpcall_handler 1 'time limit of 1 s' \
    "xpcall(function() while true do end end, function() while true do end end)" --timeout 1
not_watchdog timeout_xpcall_handler_by_hook
script timeout_xpcall_after_error 1 'time limit of 1 s' \
    "xpcall(function() error('x') end, function() while true do end end)" --timeout 1
not_watchdog timeout_xpcall_after_error_by_hook
script timeout_nested_xpcall 1 'time limit of 1 s' \
    "while true do xpcall(function() while true do end end, function() return xpcall(function() while true do end end, function() while true do end end) end) end" --timeout 1
not_watchdog timeout_nested_xpcall_by_hook
script timeout_error_tostring 1 'time limit of 1 s' \
    "error(setmetatable({}, {__tostring = function() while true do end end}))" --timeout 1
not_watchdog timeout_error_tostring_by_hook
script file_metatable_protected 1 'attempt to index a string value' \
    "getmetatable(io.stdout).__gc = function() while true do end end" --timeout 1
script doc_metatable_protected 1 'attempt to index a string value' \
    "getmetatable(brief.doc.new{}).__gc = function() while true do end end" --timeout 1
script statement_metatable_protected 0 'nil' \
    "for r in brief.data.rows('SELECT 1') do end; print(getmetatable(brief.data.rows))" --timeout 1
script close_metamethod_stops 1 'time limit of 1 s' \
    "do local x <close> = setmetatable({}, {__close = function() while true do end end}) end" --timeout 1
# Past the deadline seen by SQLite's progress handler, a caught error used
# to leave the rest of the script running to its end, exit 0.
script timeout_caught_query_ends_the_run 1 'time limit of 1 s' \
    "pcall(brief.data.value, 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) SELECT count(*) FROM n a, n b')
print('after the limit')" --timeout 1
grep -q 'after the limit' "$TMP/out" && fail timeout_caught_query_nothing_after "the script went on" \
    || pass timeout_caught_query_nothing_after
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -le 20 ] && pass timeout_dodges_are_quick || fail timeout_dodges_are_quick "took ${elapsed} s"

# 8. Side effects have a bound.
mkdir -p "$TMP/many"
script outputs_count_bounded 1 'a run writes at most 64 files' \
    "for i = 1, 70 do assert(brief.write_output('x', 'f' .. i .. '.txt')) end" --output-dir "$TMP/many"
check_eq outputs_count_none_written "$(ls -A "$TMP/many" | wc -l | tr -d ' ')" 0
script outputs_bytes_bounded 1 'limit of 4 MB' \
    "local s = string.rep('x', 1 << 20) for i = 1, 10 do assert(brief.write_output(s, 'f' .. i .. '.txt')) end" \
    --output-dir "$TMP/many" --max-output 4
check_eq outputs_bytes_none_written "$(ls -A "$TMP/many" | wc -l | tr -d ' ')" 0
mkdir -p "$TMP/stuck"
script watchdog_leaves_no_temporary 1 'stuck in a library call' \
    "assert(brief.write_output('partial')); string.find(string.rep('a', 100000), '.-.-.-.-b')" \
    -o "$TMP/stuck/a.txt" --timeout 1
check_eq watchdog_no_temporary_file "$(ls -A "$TMP/stuck" | tr '\n' ' ')" ""
# A run killed by SIGKILL leaves its temporary file; the next run sweeps it.
: > "$TMP/stuck/.a.txt.tmp.999999.AbCd12"
script next_run_sweeps_stale_temporary 0 'ok' "assert(brief.write_output('x', 'a.txt')); print('ok')" --output-dir "$TMP/stuck"
check_eq stale_temporary_swept "$(ls -A "$TMP/stuck" | tr '\n' ' ')" "a.txt "
script output_name_nul_refused 1 'a file name holds a NUL byte' \
    "assert(brief.write_output('x', 'a\\0b.txt'))" --output-dir "$TMP/stuck"
