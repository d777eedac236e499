# SPDX-License-Identifier: GPL-3.0-or-later
# make install and make uninstall as a packager and an administrator use
# them: a staged tree (DESTDIR, PREFIX=/usr) holding exactly the expected
# files; the staged brief, run from elsewhere in a clean environment, finds
# its data by itself, ingests the samples and renders the weekly brief;
# uninstall leaves nothing behind. The install runs in a copy of the source
# tree (make source-copy), so the checkout's ./brief and build/ stay as
# they are.
. tests/lib.sh
ROOT=$TMP/root
SRC=$TMP/src
HERE=$(pwd)
ENVI="env -i PATH=/usr/bin:/bin HOME=$TMP/home"
mkdir -p "$TMP/home" "$TMP/work"

check install_source_copy make -s source-copy DEST="$SRC"
check install_source_copy_has_no_build_products sh -c "! test -e '$SRC/build' && ! test -e '$SRC/brief'"
# The checkout's objects, so that only what PREFIX and the commit change is
# rebuilt (paths.o, main.o); the copy has no .git, hence no commit.
mkdir -p "$SRC/build" && cp -a build/obj build/gen "$SRC/build/" && cp -a brief "$SRC/"
make -s -C "$SRC" install DESTDIR="$ROOT" PREFIX=/usr >"$TMP/install.log" 2>&1; rc=$?
check_eq install_exit_0 "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/    /' "$TMP/install.log" | tail -n 20 >&2

# ---- exactly the expected files, with their modes ----
{
    echo "755 usr/bin/brief"
    find scripts data fonts $(ls -d profiles 2>/dev/null) -type f ! -name '.*' | sed 's@^@644 usr/share/brief/@'
    for p in man/*.1.scd; do n=${p#man/}; echo "644 usr/share/man/man1/${n%.scd}"; done
    echo "644 usr/share/bash-completion/completions/brief"
    for f in README.md LICENSE; do echo "644 usr/share/doc/brief/$f"; done
    for f in docs/*.md docs/*.png; do echo "644 usr/share/doc/brief/$f"; done
    for f in jobs.lua brief-weekly.service brief-weekly.timer crontab; do echo "644 usr/share/doc/brief/examples/$f"; done
} | LC_ALL=C sort >"$TMP/want"
(cd "$ROOT" && find . -type f -printf '%m %P\n' | LC_ALL=C sort) >"$TMP/got"
if cmp -s "$TMP/want" "$TMP/got"; then pass install_exact_file_list
else fail install_exact_file_list "$(diff "$TMP/want" "$TMP/got" | grep '^[<>]' | head -n 8 | tr '\n' ' ')"; fi
check install_nothing_in_etc test ! -e "$ROOT/etc"

# ---- the staged brief, from another directory, with a clean environment ----
B=$ROOT/usr/bin/brief
check_eq install_version_without_commit "$($ENVI "$B" --version)" "brief $(cat VERSION)"
(cd "$TMP/work" && $ENVI "$B" ingest --db news.db "$HERE/samples/") >"$TMP/out" 2>&1; rc=$?
check_eq install_ingests_the_samples "$rc:$(grep -c '15 new bulletins' "$TMP/out")" "0:1"
(cd "$TMP/work" && $ENVI "$B" run "$ROOT/usr/share/brief/scripts/weekly.lua" --db news.db --set week=2023-W43 \
    -o weekly.pdf) >"$TMP/out" 2>&1; rc=$?
check_eq install_renders_the_weekly_brief "$rc" 0
check install_weekly_is_a_pdf qpdf --check "$TMP/work/weekly.pdf"
check install_weekly_has_the_banner sh -c "pdftotext '$TMP/work/weekly.pdf' - | grep -q '工会工作简报'"
check install_weekly_embeds_the_fonts sh -c "pdffonts '$TMP/work/weekly.pdf' | grep -q 'NotoSerifCJK'"
# The same document as the checkout's brief makes.
"$HERE/brief" run scripts/weekly.lua --db "$TMP/work/news.db" --set week=2023-W43 -o "$TMP/checkout.pdf" >/dev/null 2>&1
check install_weekly_same_as_checkout cmp -s "$TMP/work/weekly.pdf" "$TMP/checkout.pdf"
(cd "$TMP/work" && $ENVI "$B" doctor --db news.db --json) >"$TMP/doctor.json" 2>&1; rc=$?
check_eq install_doctor_all_well "$rc" 0
check_eq install_doctor_finds_the_prefix "$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print([(f['details']['found_by'], f['details']['data_home']) for f in d['findings'] if f['check'] == 'data'])" "$TMP/doctor.json")" \
    "[('prefix', '$ROOT/usr/share/brief')]"
# PREFIX=/usr: a site's roles.conf is /etc/brief/roles.conf.
(cd "$TMP/work" && $ENVI "$B" doctor --db news.db) >"$TMP/out" 2>&1
check install_site_config_is_etc_brief grep -q 'replaced by .*/.config/brief/roles.conf or /etc/brief/roles.conf' "$TMP/out"
check install_man_page_renders sh -c "MANWIDTH=80 man -l '$ROOT/usr/share/man/man1/brief-batch.1' 2>&1 | grep -q '^SCHEDULING'"
check install_bash_completion_loads bash -c ". '$ROOT/usr/share/bash-completion/completions/brief' && complete -p brief"

# A copy of the binary outside any tree falls back to the directory it was
# built for, and doctor says so.
mkdir -p "$TMP/lone" && cp "$B" "$TMP/lone/brief"
(cd "$TMP/work" && $ENVI "$TMP/lone/brief" doctor --db news.db) >"$TMP/out" 2>&1; rc=$?
if [ -e /usr/share/brief/fonts/roles.conf ]; then
    skip install_lone_binary_uses_built_in_datadir "brief is installed in /usr on this machine"
else
    check_eq install_lone_binary_uses_built_in_datadir "$rc:$(grep -c 'the data home /usr/share/brief (the directory brief was built for) has no fonts/roles.conf' "$TMP/out")" "1:1"
fi
# BRIEF_HOME still wins over the installed tree.
(cd "$TMP/work" && $ENVI BRIEF_HOME="$HERE" "$B" doctor --db news.db) >"$TMP/out" 2>&1
check install_brief_home_wins grep -qF "data home $HERE (set by \$BRIEF_HOME)" "$TMP/out"

# ---- uninstall removes every file it installed, and brief's own directories ----
touch "$ROOT/usr/share/brief/scripts/stale-from-an-older-version.lua"
make -s -C "$SRC" uninstall DESTDIR="$ROOT" PREFIX=/usr >"$TMP/out" 2>&1; rc=$?
check_eq uninstall_exit_0 "$rc" 0
check_eq uninstall_leaves_no_file "$(cd "$ROOT" && find . -type f | head -n 5)" ""
check uninstall_removes_brief_directories sh -c "! test -e '$ROOT/usr/share/brief' && ! test -e '$ROOT/usr/share/doc/brief'"
check uninstall_keeps_shared_directories test -d "$ROOT/usr/share/man/man1"

# ---- the default PREFIX: /usr/local, site configuration in /usr/local/etc/brief ----
make -s -C "$SRC" install DESTDIR="$TMP/local" >/dev/null 2>&1
check install_default_prefix_is_usr_local test -x "$TMP/local/usr/local/bin/brief"
(cd "$TMP/work" && $ENVI "$TMP/local/usr/local/bin/brief" doctor --db news.db) >"$TMP/out" 2>&1
check install_default_site_config grep -q 'or /usr/local/etc/brief/roles.conf' "$TMP/out"
make -s -C "$SRC" uninstall DESTDIR="$TMP/local" >/dev/null 2>&1
check_eq uninstall_default_prefix "$(cd "$TMP/local" && find . -type f | head -n 3)" ""

# ---- --version from the checkout names its commit ----
if [ -e .git ] && command -v git >/dev/null 2>&1; then
    check install_checkout_version_names_commit sh -c "'$BRIEF' --version | grep -qE '^brief $(cat VERSION) \\(.+\\)\$'"
else
    skip install_checkout_version_names_commit "not a git checkout"
fi
