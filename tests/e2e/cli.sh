# SPDX-License-Identifier: GPL-3.0-or-later
# The command line itself: help, version, usage errors and exit statuses.
. tests/lib.sh
# --help: the usage on stdout (nothing on stderr), exit 0, every command
# listed, and each command's own --help its usage.
"$BRIEF" --help >"$TMP/help" 2>"$TMP/help.err"; rc=$?
cmds=$(sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p' "$TMP/help" | tr '\n' ' ')
check_eq cli_help "$rc|$(head -n 1 "$TMP/help")|$(wc -c <"$TMP/help.err")|$cmds" \
    "0|usage: brief COMMAND [OPTIONS] [ARGS]|0|ingest bulletins show set join split delete search sql typeset run batch runs doctor "
for c in $cmds; do
    "$BRIEF" "$c" --help >"$TMP/help.$c" 2>&1; rc=$?
    check_eq "cli_help_$c" "$rc|$(head -n 1 "$TMP/help.$c" | cut -d' ' -f1-3)" "0|usage: brief $c"
done
check cli_version sh -c "$BRIEF --version | grep -q '^brief [0-9]'"
check_status cli_unknown_command_is_usage 2 "$BRIEF" frobnicate
check_status cli_no_command_is_usage 2 "$BRIEF"
