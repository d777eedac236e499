# SPDX-License-Identifier: GPL-3.0-or-later
# brief doctor as an administrator runs it: all well on a good setup, and
# on each kind of breakage (a roles file naming a missing font, a damaged
# database, a lock a batch holds, an old schema, a data home without data,
# broken mention rules) a FAIL line naming the thing, a fix, and exit 1.
. tests/lib.sh
BRIEF=$(cd "$(dirname "$BRIEF")" && pwd)/$(basename "$BRIEF")   # absolute: tests cd around
DB=$TMP/news.db
"$BRIEF" ingest --db "$DB" samples/ >/dev/null 2>&1

# json_get FILE EXPR: evaluates a Python expression on the JSON document d.
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# ---- all well ----
"$BRIEF" doctor --db "$DB" >"$TMP/out" 2>"$TMP/err"; rc=$?
check_eq doctor_good_setup_exits_0 "$rc" 0
# The sandbox row says what this kernel offers: ok with Landlock and seccomp
# (then all is well), a warning without them (then "0 failed, 1 warning").
if grep -qE '^ok +sandbox +Landlock \(ABI [1-9][0-9]*\) and seccomp confine' "$TMP/out"; then
    check doctor_good_setup_all_is_well grep -qx 'all is well' "$TMP/out"
else
    check doctor_sandbox_missing_wall_is_a_warning grep -qE '^warn +sandbox +.*brief.s own file, SQL and Lua rules' "$TMP/out"
    check doctor_good_setup_all_is_well grep -qx '0 failed, 1 warning' "$TMP/out"
fi
check doctor_names_the_data_home grep -qE "^ok +data +data home $(pwd) \(a checkout" "$TMP/out"
check doctor_names_the_shipped_roles grep -qE "^ok +fonts +roles from $(pwd)/fonts/roles.conf \(shipped" "$TMP/out"
check doctor_reports_body_chain grep -qE '^ok +fonts +body = Noto Serif CJK SC, AR PL UMing CN, .*; Latin first: TeX Gyre Termes$' "$TMP/out"
check doctor_reports_extension_b grep -qE 'Extension B [0-9]+ of 42720: HanaMinB [0-9]+' "$TMP/out"
check doctor_reports_latin grep -qE 'Latin 95 of 95: TeX Gyre Termes 95$' "$TMP/out"
check doctor_reports_schema_and_integrity grep -qE "^ok +database +$DB: schema version [0-9]+, 15 bulletins, the newest issued 2023-11-10; integrity_check ok" "$TMP/out"
check doctor_lock_free grep -qE "^ok +lock +$DB.lock is free" "$TMP/out"
"$BRIEF" doctor --db "$DB" --quick >"$TMP/out" 2>&1
check doctor_quick_uses_quick_check grep -q 'quick_check ok' "$TMP/out"

# ---- --json: one document ----
"$BRIEF" doctor --db "$DB" --json >"$TMP/doc.json" 2>"$TMP/err"; rc=$?
check_eq doctor_json_exits_0 "$rc" 0
check_eq doctor_json_shape "$(json_get "$TMP/doc.json" "d['ok'], d['failures'], sorted(set(f['check'] for f in d['findings'])), all(set(f) == {'check','status','message','fix','details'} for f in d['findings'])")" \
    "True 0 ['data', 'database', 'fonts', 'lock', 'mentions', 'readers', 'sandbox'] True"
# The Landlock ABI doctor reports is the kernel's own: landlock_create_ruleset
# (syscall 444 on x86_64) with LANDLOCK_CREATE_RULESET_VERSION answers it.
if [ "$(uname -m)" = x86_64 ]; then
    kernel_abi=$(python3 -c 'import ctypes; r = ctypes.CDLL(None, use_errno=True).syscall(444, None, 0, 1); print(max(r, 0))')
    check_eq doctor_json_sandbox_landlock_abi "$(json_get "$TMP/doc.json" "[f['details']['landlock_abi'] for f in d['findings'] if f['check'] == 'sandbox']")" "[$kernel_abi]"
fi
# The readers' libraries and libcrypto are Build-Depends, so installed where
# the tests run: each loads, as brief ingest loads it when a file of its kind
# comes (libcrypto: when it first hashes).
check_eq doctor_json_readers "$(json_get "$TMP/doc.json" "[sorted(f['details'].items()) for f in d['findings'] if f['check'] == 'readers']")" \
    "[[('docx', True), ('html', True), ('pdf', True), ('sha256', True), ('url', True)]]"
check doctor_readers_row grep -qE '^ok +readers +brief ingest hashes \(libcrypto\) and reads text, PDF, HTML, Word \(.docx\), web addresses$' "$TMP/out"
check_eq doctor_json_data_details "$(json_get "$TMP/doc.json" "[(f['details']['found_by'], f['details']['data_home']) for f in d['findings'] if f['check'] == 'data']")" \
    "[('checkout', '$(pwd)')]"
check_eq doctor_json_roles_source "$(json_get "$TMP/doc.json" "[f['details']['source'] for f in d['findings'] if f['check'] in ('mentions', 'fonts') and 'source' in f['details']]")" \
    "['shipped', 'shipped']"
check_eq doctor_json_database_details "$(json_get "$TMP/doc.json" "[(f['details']['schema_version'], f['details']['bulletins'], f['details']['integrity']) for f in d['findings'] if f['check'] == 'database']")" \
    "[(5, 15, 'ok')]"
check_eq doctor_json_body_chain "$(json_get "$TMP/doc.json" "[(f['details']['chain'][0]['family'], f['details']['latin'][0]['family'], f['details']['coverage']['latin']['covered']) for f in d['findings'] if f['details'].get('role') == 'body']")" \
    "[('Noto Serif CJK SC', 'TeX Gyre Termes', 95)]"
check_eq doctor_json_lock "$(json_get "$TMP/doc.json" "[(f['details']['held'], f['details']['holder_pid']) for f in d['findings'] if f['check'] == 'lock']")" \
    "[(False, None)]"

# ---- a roles file naming a font this machine lacks ----
mkdir -p "$TMP/cfg/brief"
printf 'body = DejaVu Sans\nheading = No Such Font Family, DejaVu Sans\n' >"$TMP/cfg/brief/roles.conf"
XDG_CONFIG_HOME="$TMP/cfg" "$BRIEF" doctor --db "$DB" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_broken_roles_exits_1 "$rc" 1
check doctor_broken_roles_names_file_line_family grep -qF "FAIL  fonts     $TMP/cfg/brief/roles.conf:2: font family \"No Such Font Family\" not found" "$TMP/out"
check doctor_broken_roles_gives_a_fix grep -qE '^ +fix: correct the line it names' "$TMP/out"
check doctor_broken_roles_still_checks_the_rest grep -qE '^ok +database ' "$TMP/out"
# A user's roles file that works replaces the shipped one; no Chinese in body
# fails (without the default fallback, which draws Chinese).
printf 'body = DejaVu Sans\nfallback =\n' >"$TMP/cfg/brief/roles.conf"
XDG_CONFIG_HOME="$TMP/cfg" "$BRIEF" doctor --db "$DB" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_body_without_cjk_exits_1 "$rc" 1
check doctor_user_roles_named grep -qE "^ok +fonts +roles from $TMP/cfg/brief/roles.conf \(the user's\)" "$TMP/out"
check doctor_body_without_cjk_fails grep -qE '^FAIL  fonts     body = DejaVu Sans' "$TMP/out"
# A body without Extension B is a warning: exit 0.
printf 'body = WenQuanYi Micro Hei\nfallback =\n' >"$TMP/cfg/brief/roles.conf"
XDG_CONFIG_HOME="$TMP/cfg" "$BRIEF" doctor --db "$DB" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_no_extension_b_is_a_warning "$rc:$(grep -c '^warn  fonts' "$TMP/out")" "0:1"
check doctor_warning_gives_a_fix grep -q 'fix: install fonts-hanazono (HanaMinB, the default fallback)' "$TMP/out"
BRIEF_FONTS="$TMP/none.conf" "$BRIEF" doctor --db "$DB" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_missing_brief_fonts_exits_1 "$rc" 1
check doctor_missing_brief_fonts_named grep -qF "FAIL  fonts     $TMP/none.conf: No such file or directory" "$TMP/out"

# ---- mention rules and the data home ----
mkdir -p "$TMP/cfg/brief/mentions"
cp data/mentions/*.txt "$TMP/cfg/brief/mentions/"
echo 'anchors 重庆' >>"$TMP/cfg/brief/mentions/orgs.txt"
rm "$TMP/cfg/brief/roles.conf"
XDG_CONFIG_HOME="$TMP/cfg" "$BRIEF" doctor --db "$DB" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_broken_mentions_exits_1 "$rc" 1
check doctor_broken_mentions_named grep -qE "^FAIL  mentions  $TMP/cfg/brief/mentions/orgs.txt:[0-9]+: unknown directive" "$TMP/out"
BRIEF_HOME="$TMP/nothing" "$BRIEF" doctor --db "$DB" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_empty_brief_home_exits_1 "$rc" 1
check doctor_empty_brief_home_named grep -qF "FAIL  data      the data home $TMP/nothing (set by \$BRIEF_HOME) has no fonts/roles.conf" "$TMP/out"

# ---- damaged, foreign, old and missing databases ----
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$DB" "$TMP/bad.db"
pages=$(sqlite3 "$TMP/bad.db" 'PRAGMA page_count'); size=$(sqlite3 "$TMP/bad.db" 'PRAGMA page_size')
# Overwrite the page before last with text: a b-tree page no longer parses.
printf 'damage%.0s' $(seq 1 600) | dd of="$TMP/bad.db" bs="$size" seek=$((pages - 2)) conv=notrunc 2>/dev/null
for mode in "" --quick; do
    "$BRIEF" doctor --db "$TMP/bad.db" $mode >"$TMP/out" 2>&1; rc=$?
    check_eq "doctor_damaged_database_exits_1${mode:+_quick}" "$rc" 1
    check "doctor_damaged_database_named${mode:+_quick}" grep -qE "^FAIL  database  $TMP/bad.db: " "$TMP/out"
    check "doctor_damaged_database_fix${mode:+_quick}" grep -qF "sqlite3 $TMP/bad.db .recover" "$TMP/out"
done
printf 'not a database, only text long enough to fill a header of one hundred bytes...........\n' >"$TMP/text.db"
"$BRIEF" doctor --db "$TMP/text.db" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_not_a_database "$rc:$(grep -c "^FAIL  database  $TMP/text.db: file is not a database" "$TMP/out")" "1:1"
sqlite3 "$TMP/other.db" 'CREATE TABLE accounts(x); PRAGMA application_id = 7'
"$BRIEF" doctor --db "$TMP/other.db" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_foreign_database "$rc:$(grep -c 'is not a brief database (application_id 7)' "$TMP/out")" "1:1"
sqlite3 "$TMP/v1.db" < tests/data/schema-v1.sql
"$BRIEF" doctor --db "$TMP/v1.db" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_old_schema_exits_1 "$rc" 1
check doctor_old_schema_says_why grep -qF "FAIL  database  $TMP/v1.db: schema version 1 is older than this brief's (5)" "$TMP/out"
check doctor_old_schema_says_migrate grep -qF "fix: run brief ingest or brief batch on it once: they migrate it" "$TMP/out"
"$BRIEF" doctor --db "$TMP/none.db" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_missing_chosen_database_exits_1 "$rc:$(grep -c "^FAIL  database  $TMP/none.db: no such database" "$TMP/out")" "1:1"
check doctor_missing_database_created_nothing test ! -e "$TMP/none.db"
# A FIFO or a directory in the database's place: an error, not a hang.
mkfifo "$TMP/fifo.db" "$TMP/fifo.db.lock" && mkdir "$TMP/dir.db"
timeout 20 "$BRIEF" doctor --db "$TMP/fifo.db" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_fifo_database "$rc:$(grep -c "^FAIL  database  $TMP/fifo.db: not a regular file" "$TMP/out")" "1:1"
"$BRIEF" doctor --db "$TMP/dir.db" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_directory_database "$rc:$(grep -c "^FAIL  database  $TMP/dir.db: a directory, not a database" "$TMP/out")" "1:1"
(cd "$TMP" && env -u BRIEF_DB "$BRIEF" doctor >"$TMP/out" 2>&1); rc=$?
check_eq doctor_no_default_database_is_a_warning "$rc:$(grep -c '^warn  database  no database at ./brief.db' "$TMP/out")" "0:1"

# ---- a lock a batch holds ----
mkdir -p "$TMP/job"
printf 'local x = 0\nwhile true do x = x + 1 end\n' >"$TMP/job/spin.lua"
printf "return { { name = 'spin', script = 'spin.lua', output = 'out.pdf', timeout = 4 } }\n" >"$TMP/job/jobs.lua"
"$BRIEF" batch "$TMP/job/jobs.lua" --output-dir "$TMP" --db "$DB" >/dev/null 2>&1 &
batch=$!
i=0; while [ $i -lt 50 ] && ! [ -s "$DB.lock" ]; do sleep 0.1; i=$((i + 1)); done
"$BRIEF" doctor --db "$DB" >"$TMP/out" 2>&1; rc=$?
"$BRIEF" doctor --db "$DB" --json >"$TMP/lock.json" 2>/dev/null
wait $batch
check_eq doctor_held_lock_exits_1 "$rc" 1
check doctor_held_lock_names_the_batch grep -qE "^FAIL  lock      $DB.lock is held by process $batch \(.*brief batch $TMP/job/jobs.lua" "$TMP/out"
check doctor_held_lock_fix grep -qF "fix: wait for that batch to end (brief runs shows its jobs); if it is stuck, stop it (kill $batch)" "$TMP/out"
check_eq doctor_held_lock_json "$(json_get "$TMP/lock.json" "d['ok'], [(f['details']['held'], f['details']['holder_pid']) for f in d['findings'] if f['check'] == 'lock']")" \
    "False [(True, $batch)]"
"$BRIEF" doctor --db "$DB" >"$TMP/out" 2>&1; rc=$?
check_eq doctor_lock_free_after_the_batch "$rc:$(grep -c "^ok    lock      $DB.lock is free" "$TMP/out")" "0:1"

check_status doctor_unknown_option_is_usage 2 "$BRIEF" doctor --frobnicate
check_status doctor_argument_is_usage 2 "$BRIEF" doctor extra
