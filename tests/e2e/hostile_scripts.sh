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
