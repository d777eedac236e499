# SPDX-License-Identifier: GPL-3.0-or-later
# The manual pages (man/*.scd, built with scdoc): one per command of
# `brief --help`, each listing exactly the options its command's --help
# lists (and the reverse), and each rendering without a groff or man warning.
. tests/lib.sh

if ! command -v scdoc >/dev/null 2>&1; then skip man_pages "scdoc is not installed"; exit 0; fi

brief_commands >"$TMP/commands"
check man_commands_listed test -s "$TMP/commands"
ls man/brief-*.1.scd | sed 's@man/brief-@@; s@\.1\.scd$@@' | sort >"$TMP/pages"
check_eq man_one_page_per_command "$(tr '\n' ' ' <"$TMP/pages")" "$(tr '\n' ' ' <"$TMP/commands")"
# brief(1)'s COMMANDS section names each command (a line "*name*").
sed -n '/^# COMMANDS/,/^# /p' man/brief.1.scd | sed -n 's/^\*\([a-z]*\)\*$/\1/p' | sort >"$TMP/brief1"
check_eq man_brief1_lists_every_command "$(tr '\n' ' ' <"$TMP/brief1")" "$(tr '\n' ' ' <"$TMP/commands")"

# page_options FILE: the options of a page's OPTIONS section (lines "*-x*, *--long* ...").
page_options() {
    sed -n '/^# OPTIONS/,/^# /p' "$1" | grep -E '^\*-' | grep -oE -- '\*--?[A-Za-z0-9][a-z0-9-]*\*' | tr -d '*' |
        grep -vxE -- '-h|--help' | sort -u
}
while read -r cmd; do
    help_options "$cmd" >"$TMP/help.$cmd"
    page_options "man/brief-$cmd.1.scd" >"$TMP/page.$cmd"
    if [ ! -s "$TMP/help.$cmd" ]; then fail "man_options_$cmd" "no option found in brief $cmd --help"
    elif cmp -s "$TMP/help.$cmd" "$TMP/page.$cmd"; then pass "man_options_$cmd"
    else fail "man_options_$cmd" "--help and brief-$cmd(1) differ: $(diff "$TMP/help.$cmd" "$TMP/page.$cmd" | grep '^[<>]' | tr '\n' ' ')"; fi
done <"$TMP/commands"
check_eq man_brief1_options "$(page_options man/brief.1.scd | tr '\n' ' ')" "--version "
check man_brief1_version_is_real sh -c "'$BRIEF' --version | grep -q '^brief '"

# Every page builds and renders without a warning, at 80 columns.
version=$(cat VERSION)
for src in man/*.1.scd; do
    page=$(basename "$src" .scd)
    if ! sed "s/@VERSION@/$version/g" "$src" | scdoc >"$TMP/$page" 2>"$TMP/scdoc.err"; then
        fail "man_builds_$page" "$(head -c 300 "$TMP/scdoc.err")"; continue
    fi
    groff -ww -z -man -Kutf8 -Tutf8 "$TMP/$page" >"$TMP/groff.err" 2>&1
    if [ -s "$TMP/groff.err" ]; then fail "man_groff_clean_$page" "$(head -c 300 "$TMP/groff.err" | tr '\n' ' ')"
    else pass "man_groff_clean_$page"; fi
    if command -v man >/dev/null 2>&1; then
        MANWIDTH=80 man --warnings -l "$TMP/$page" 2>"$TMP/man.err" >"$TMP/man.out"
        if [ -s "$TMP/man.err" ]; then fail "man_renders_$page" "$(head -c 300 "$TMP/man.err" | tr '\n' ' ')"
        elif ! grep -q "^NAME" "$TMP/man.out"; then fail "man_renders_$page" "no NAME section in the output"
        elif grep -q '@VERSION@' "$TMP/man.out"; then fail "man_renders_$page" "@VERSION@ left in the page"
        else pass "man_renders_$page"; fi
    fi
done
