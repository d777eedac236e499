# SPDX-License-Identifier: GPL-3.0-or-later
# brief ingest with source profiles (issue 13): the shipped profiles load
# and are chosen by a text's first lines, --profile NAME|PATH|none, a
# folder named like a profile, a user's profile over the shipped one, the
# profile stored with the bulletin, its aliases holding in its texts only,
# and hostile profiles: a failing hook stores nothing of its text and names
# the profile's file and line, a pattern stuck in the C matcher is stopped,
# a broken profile stops the run before anything is stored.
. tests/lib.sh

q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }
S=tests/data/shapes
prof="$XDG_CONFIG_HOME/brief/profiles"

# ---- the shipped profiles ------------------------------------------------------------
for p in profiles/*.lua; do
    name=$(basename "$p" .lua)
    check "shipped_${name}_loads" "$BRIEF" ingest --explain --profile "$name" "$S/portal_yubei_2019-12-05.txt"
done
"$BRIEF" ingest --explain "$S/people_breadcrumb_zebian_credit.txt" "$S/web_workercn_spaced_copyright.txt" \
    "$S/portal_yubei_2019-12-05.txt" "$S/web_reprint_update_stamp.txt" >"$TMP/out" 2>"$TMP/err"
check_eq chosen_by_first_lines "$(grep -o 'profile [a-z_]*$' "$TMP/out" | tr '\n' ' ')" \
    "profile people_cn profile workercn profile yubei "
check explain_names_the_profile_rule grep -Eq '^ +2  furniture +people_cn:furniture\[3\] +人民网>>' "$TMP/out"
# 来源:工人日报 on a district site is not 中工网's page
check_eq reprint_not_chosen "$(grep -c 'web_reprint_update_stamp.txt: .*profile' "$TMP/out")" 0

# ---- --profile, folders, the user's profiles ----------------------------------------------
"$BRIEF" ingest --explain --profile none "$S/portal_yubei_2019-12-05.txt" >"$TMP/out" 2>&1
check_eq profile_none "$(head -1 "$TMP/out" | grep -c profile)" 0
"$BRIEF" ingest --explain --profile yubei "$S/people_breadcrumb_zebian_credit.txt" >"$TMP/out" 2>&1
check profile_by_name grep -q 'profile yubei$' "$TMP/out"
"$BRIEF" ingest --explain --profile nosuch "$S/portal_yubei_2019-12-05.txt" >"$TMP/out" 2>&1; rc=$?
check_eq profile_unknown "$rc" 2
check profile_unknown_message grep -q "no profile 'nosuch' (looked for nosuch.lua in .*/profiles" "$TMP/out"
mkdir -p "$TMP/yubei" "$prof"
sed '1d' "$S/portal_yubei_2019-12-05.txt" > "$TMP/yubei/2019-12-05.txt"    # no 渝北网 line left
"$BRIEF" ingest --explain "$TMP/yubei/2019-12-05.txt" >"$TMP/out" 2>&1
check profile_by_folder grep -q 'profile yubei$' "$TMP/out"
printf 'return { match = "^渝北网", furniture = "^渝北网" }\n' > "$prof/yubei.lua"
"$BRIEF" ingest --explain "$S/portal_yubei_2019-12-05.txt" >"$TMP/out" 2>&1
check user_profile_hides_shipped grep -Eq '^ +1  furniture +yubei:furniture\[1\]' "$TMP/out"
rm "$prof/yubei.lua"
printf 'return { title = "first" }\n' > "$TMP/mine.lua"
"$BRIEF" ingest --explain --profile "$TMP/mine.lua" "$S/portal_yubei_2019-12-05.txt" >"$TMP/out" 2>&1
check profile_by_path grep -q 'profile mine$' "$TMP/out"

# ---- stored: the profile, and its aliases in its texts only ----------------------------
"$BRIEF" ingest --db "$TMP/a.db" "$S/portal_yubei_2019-12-05.txt" "$S/web_workercn_spaced_copyright.txt" >/dev/null 2>&1
check_eq profile_stored "$(q "$TMP/a.db" "SELECT profile FROM bulletins ORDER BY id" | tr '\n' ' ')" "yubei workercn "
check_eq alias_of_profile "$(q "$TMP/a.db" "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id
    JOIN bulletins b ON b.id = a.bulletin_id WHERE m.value = '渝北区总工会' AND b.profile = 'yubei'")" 1
# 区总工会 in 中工网's 长寿 article is not 渝北's
check_eq alias_not_elsewhere "$(q "$TMP/a.db" "SELECT count(*) FROM mentions WHERE value = '渝北区总工会'")" 1
"$BRIEF" ingest --db "$TMP/b.db" --profile none "$S/portal_yubei_2019-12-05.txt" >/dev/null 2>&1
check_eq alias_needs_profile "$(q "$TMP/b.db" "SELECT count(*) FROM mentions WHERE value = '渝北区总工会'")" 0

# ---- hostile profiles -------------------------------------------------------------------------
mkdir -p "$TMP/hostile"
cp "$S/portal_yubei_2019-12-05.txt" "$S/web_workercn_spaced_copyright.txt" "$TMP/hostile/"
printf 'return {\n  match = "^渝北网",\n  hook = function(lines)\n    io.open("/etc/passwd")\n  end,\n}\n' > "$prof/bad.lua"
"$BRIEF" ingest --db "$TMP/h.db" "$TMP/hostile" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq hook_error_exit_1 "$rc" 1
check hook_error_names_file_and_line grep -q "portal_yubei_2019-12-05.txt: .*/profiles/bad.lua:4: attempt to index a nil value (global 'io')" "$TMP/err"
check_eq hook_error_stores_the_others "$(q "$TMP/h.db" "SELECT group_concat(profile) FROM bulletins")" "workercn"
printf 'return { match = "^渝北网", hook = function(lines) while true do end end }\n' > "$prof/bad.lua"
"$BRIEF" ingest --db "$TMP/h2.db" "$TMP/hostile" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq endless_hook_exit_1 "$rc|$(q "$TMP/h2.db" "SELECT count(*) FROM bulletins")" "1|1"
check endless_hook_stopped grep -q "bad.lua: profile takes too long to evaluate" "$TMP/err"
# a pattern that backtracks for ever inside string.find: the guard ends the run
printf 'return { match = "^渝北网", furniture = { "^(.-)(.-)(.-)(.-)(.-)(.-)(.-)x$" } }\n' > "$prof/bad.lua"
"$BRIEF" ingest --db "$TMP/h3.db" "$TMP/hostile" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq stuck_pattern_exit_1 "$rc" 1
check stuck_pattern_message grep -q "profile .*/profiles/bad.lua is stuck in one library call" "$TMP/err"
check_eq stuck_pattern_nothing_half_stored "$(q "$TMP/h3.db" "SELECT count(*) FROM articles a LEFT JOIN bulletins b
    ON b.id = a.bulletin_id WHERE b.id IS NULL")" 0
# a broken profile anywhere stops the run before anything is stored
printf 'return {\n  furniture = {\n' > "$prof/bad.lua"
"$BRIEF" ingest --db "$TMP/h4.db" "$TMP/hostile" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq broken_profile_exit_2 "$rc|$(ls "$TMP"/h4.db* 2>/dev/null | wc -l)" "2|0"
check broken_profile_names_line grep -q "profiles/bad.lua:3: unexpected symbol near <eof>" "$TMP/err"
rm "$prof/bad.lua"
