# The command line itself: help, version, usage errors and exit statuses.
. tests/lib.sh
check cli_help "$BRIEF" --help
check cli_version sh -c "$BRIEF --version | grep -q '^brief [0-9]'"
check_status cli_unknown_command_is_usage 2 "$BRIEF" frobnicate
check_status cli_no_command_is_usage 2 "$BRIEF"
