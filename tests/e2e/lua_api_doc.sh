# SPDX-License-Identifier: GPL-3.0-or-later
# docs/lua-api.md: every ```lua example runs (against tests/lua/fixture.sql),
# and every function of the brief table has an example.
. tests/lib.sh

DOC=docs/lua-api.md
DB=$TMP/doc.db
if ! sqlite3 "$DB" < tests/lua/fixture.sql 2>"$TMP/sqlite.err"; then
    fail doc_fixture "sqlite3 could not build the fixture: $(cat "$TMP/sqlite.err")"
    exit 0
fi
export SOURCE_DATE_EPOCH=1698364800
# Examples run in $TMP with --output-dir ., so that the documents they save
# land there; tests/ is reachable from it for the files they read
# (tests/data/doc/emblem.png, with --allow-read).
BRIEF_ABS=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")
ln -s "$(pwd)/tests" "$TMP/tests"

# Split the fenced lua blocks into $TMP/example_N.lua, named by the line
# where each starts.
awk -v dir="$TMP" '
    /^```lua[ \t]*$/ { inblock = 1; n++; file = sprintf("%s/example_%03d_line%d.lua", dir, n, NR + 1); next }
    /^```/ && inblock { inblock = 0; close(file); next }
    inblock { print > file }
' "$DOC"
count=$(ls "$TMP"/example_*.lua 2>/dev/null | wc -l)
[ "$count" -ge 25 ] && pass doc_has_examples || fail doc_has_examples "only $count lua examples in $DOC"
for f in "$TMP"/example_*.lua; do
    name=doc_$(basename "$f" .lua)
    if (cd "$TMP" && "$BRIEF_ABS" run "$f" --db "$DB" --timeout 10 --output-dir . --allow-read tests/data) \
        >"$TMP/out" 2>"$TMP/err"; then pass "$name"
    else fail "$name" "$(head -c 400 "$TMP/err" | tr '\n' ' ')"; fi
done

# Every function reachable from brief (one level of modules) appears in an
# example.
printf '%s\n' 'for k, v in pairs(brief) do
  if type(v) == "function" then print("brief." .. k) end
  if type(v) == "table" and k ~= "params" then
    for f, g in pairs(v) do if type(g) == "function" then print("brief." .. k .. "." .. f) end end
  end
end' > "$TMP/names.lua"
"$BRIEF" run "$TMP/names.lua" 2>&1 | grep -v '^brief run: note: ' > "$TMP/names"
cat "$TMP"/example_*.lua > "$TMP/all_examples"
missing=""
while read -r fn; do
    grep -qF "$fn" "$TMP/all_examples" || missing="$missing $fn"
done < "$TMP/names"
[ -s "$TMP/names" ] && [ -z "$missing" ] && pass doc_every_function_has_example \
    || fail doc_every_function_has_example "no example for:$missing"
