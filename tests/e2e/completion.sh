# SPDX-License-Identifier: GPL-3.0-or-later
# The bash completion (contrib/bash-completion/brief), sourced into bash as
# bash-completion would: it offers the commands of `brief --help`, and for
# each command exactly the options its --help lists, the fixed values of
# --encoding/--page/--log-format, and files of the right kind.
. tests/lib.sh
COMPLETION=$(pwd)/contrib/bash-completion/brief
if ! command -v bash >/dev/null 2>&1; then skip completion "bash is not installed"; exit 0; fi

# complete WORDS...: what completing the last word offers, sorted, one a line.
complete_words() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _brief; printf "%s\n" "${COMPREPLY[@]}"' \
        complete "$COMPLETION" "$@" | sed '/^$/d' | sort
}

check_eq completion_commands "$(complete_words brief '' | grep -v '^-' | tr '\n' ' ')" "$(brief_commands | tr '\n' ' ')"
check_eq completion_top_options "$(complete_words brief - | tr '\n' ' ')" "--help --version "
for cmd in $(brief_commands); do
    got=$(complete_words brief "$cmd" - | grep -vxE -- '-h|--help' | tr '\n' ' ')
    check_eq "completion_options_$cmd" "$got" "$(help_options "$cmd" | tr '\n' ' ')"
done
check_eq completion_encoding_values "$(complete_words brief ingest --encoding '' | tr '\n' ' ')" "auto big5 big5-hkscs gb18030 utf-16 utf-8 "
check_eq completion_page_values "$(complete_words brief typeset x.txt --page '' | tr '\n' ' ')" "A4 A5 LETTER "
check_eq completion_log_format_values "$(complete_words brief batch --log-format j)" "json"
mkdir -p "$TMP/c/sub" && touch "$TMP/c/a.lua" "$TMP/c/b.txt" "$TMP/c/c.pdf" "$TMP/c/d.docx" "$TMP/c/n.db"
check_eq completion_run_offers_lua_files "$(cd "$TMP/c" && complete_words brief run '' | tr '\n' ' ')" "a.lua sub "
check_eq completion_ingest_offers_text_pdf_and_docx_files "$(cd "$TMP/c" && complete_words brief ingest --db n.db '' | tr '\n' ' ')" "b.txt c.pdf d.docx sub "
check_eq completion_db_offers_databases "$(cd "$TMP/c" && complete_words brief search --db '' | tr '\n' ' ')" "n.db sub "
check_eq completion_free_values_offer_nothing "$(complete_words brief runs --last '')" ""
