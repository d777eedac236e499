# SPDX-License-Identifier: GPL-3.0-or-later
# tests/lib.sh — sourced by tests/e2e/*.sh. Each check prints one line that
# tests/run.sh counts: "PASS name", "FAIL name: why", "SKIP name: why".
# Scripts run from the repository root with ./brief built.
set -u
BRIEF=${BRIEF:-./brief}
SEEDS=${BRIEF_SEEDS:-../shared/seeds}   # the real bulletins, when present (TEAM.md)
[ -d "$SEEDS" ] || SEEDS=/work/shared/seeds   # a checkout not beside ../shared
TMP=$(mktemp -d "${TMPDIR:-/tmp}/brief-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# The shipped roles.conf and mentions, never the user's ~/.config/brief.
export XDG_CONFIG_HOME="$TMP/config"

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

# check NAME COMMAND...: passes when the command succeeds.
check() { name=$1; shift; if "$@" >"$TMP/.out" 2>&1; then pass "$name"; else fail "$name" "$(head -c 400 "$TMP/.out" | tr '\n' ' ')"; fi; }

# check_eq NAME GOT WANT
check_eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got [$2], want [$3]"; fi; }

# check_status NAME WANT COMMAND...: the command exits with status WANT.
check_status() { name=$1; want=$2; shift 2; "$@" >"$TMP/.out" 2>&1; rc=$?
    if [ "$rc" -eq "$want" ]; then pass "$name"; else fail "$name" "exit $rc, want $want: $(head -c 300 "$TMP/.out" | tr '\n' ' ')"; fi; }

seed_file() { ls "$SEEDS"/*.txt 2>/dev/null | head -n 1; }

# brief_commands: the commands `brief --help` lists, one a line, sorted.
brief_commands() { "$BRIEF" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF >= 2 && /^  [a-z]/ { print $1 }' | sort; }

# help_options CMD: the options `brief CMD --help` lists in its option
# column ("  -o, --output OUT", "  --db PATH"), one a line, sorted, without
# -h/--help (which every command takes).
help_options() {
    "$BRIEF" "$1" --help | grep -oE '^  +(-[A-Za-z0-9], )?--[a-z][a-z0-9-]*' | grep -oE -- '--?[A-Za-z0-9][a-z0-9-]*' |
        grep -vxE -- '-h|--help' | sort -u
}
