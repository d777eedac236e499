# tests/lib.sh — sourced by tests/e2e/*.sh. Each check prints one line that
# tests/run.sh counts: "PASS name", "FAIL name: why", "SKIP name: why".
# Scripts run from the repository root with ./brief built.
set -u
BRIEF=${BRIEF:-./brief}
SEEDS=${BRIEF_SEEDS:-../shared/seeds}   # the real bulletins, when present (TEAM.md)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/brief-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

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
