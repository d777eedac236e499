# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file of brief's own says its licence in its first lines, as
# SPDX-License-Identifier: GPL-3.0-or-later (README.md, Licence): C and
# headers, shell, Lua, Python, awk, SQL, man page sources, the Makefiles,
# the systemd units and the other files of contrib/ and debian/. Test data,
# samples, fonts and the fuzz corpora are not source.
. tests/lib.sh
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    skip spdx_in_every_source_file "not a git checkout (the file list comes from git ls-files)"; exit 0
fi
git ls-files | grep -vE '^(tests/data|samples|fonts|data)/|^tests/fuzz/[^/]+/' |
    grep -E '\.(c|h|sh|lua|sql|py|awk|scd|service|timer|sysusers|tmpfiles)$|(^|/)(Makefile|rules|run|crontab)$|^contrib/bash-completion/brief$' > "$TMP/files"
count=$(wc -l < "$TMP/files")
: > "$TMP/missing"
while IFS= read -r f; do
    head -n 4 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' || echo "$f" >> "$TMP/missing"
done < "$TMP/files"
if [ "$count" -lt 200 ]; then fail spdx_in_every_source_file "only $count source files listed: is the list wrong?"
elif [ -s "$TMP/missing" ]; then
    fail spdx_in_every_source_file "no SPDX-License-Identifier: GPL-3.0-or-later in the first 4 lines of: $(tr '\n' ' ' < "$TMP/missing")"
else pass spdx_in_every_source_file; fi
