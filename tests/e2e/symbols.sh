# SPDX-License-Identifier: GPL-3.0-or-later
# Every symbol ./brief exports carries the prefix of a module of engine/
# (STYLE.md point 2, as SQLite's build checks for sqlite3_): a helper that
# forgot its `static` or its prefix fails here.
. tests/lib.sh
prefixes='utf8|similar|sha256|sbuf|vec|fold|fts_trigram|search|tabulate|chars|intake|pdfread|docxread|htmlread|urlfetch|isolate|dynlib|wire|linedoc|jsonstr|sqlguard|fspolicy|confine|sandbox|prefault|paths|ingest|textcodec|lines|roles|meta|assemble|datefind|mentions|store|fonts|fontcache|fontfile|cff|pdf|parallel|linebreak|hyphenate|layout|script|profile|lb|query|dates|text|batch|manifest|runs|fingerprint|cli'
if ! command -v nm >/dev/null 2>&1; then skip symbols_prefixed "nm is not installed"; exit 0; fi
nm -g --defined-only "$BRIEF" | awk '$2 ~ /^[TDBR]$/ {print $3}' |
    grep -v "@" | grep -vE "^(main|_.*|data_start|($prefixes)_.*)\$" > "$TMP/stray"
if [ -s "$TMP/stray" ]; then fail symbols_prefixed "unprefixed exported symbols: $(tr '\n' ' ' < "$TMP/stray")"
else pass symbols_prefixed; fi
