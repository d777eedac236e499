# SPDX-License-Identifier: GPL-3.0-or-later
# The #include lines of engine/ follow docs/architecture.md: a folder uses
# only the folders its row of "Folders" names (data flows one way), and a
# kind of block of the layout includes the core's contract
# (layout/layout_core.h), never the document structure of the core
# (layout/layout_doc.h) nor another kind.
. tests/lib.sh

allowed() { # folder -> the folders it may include from, besides itself
    case $1 in
    util) echo "" ;;
    os) echo "util" ;;
    ingest) echo "util" ;;
    store) echo "ingest util" ;;
    intake) echo "store ingest os util" ;;
    fonts) echo "util" ;;
    pdf) echo "fonts util" ;;
    layout) echo "pdf fonts util" ;;
    script) echo "store ingest layout pdf fonts os util" ;;
    batch) echo "script store os fonts util" ;;
    cli) echo "*" ;;
    *) echo "?" ;;
    esac
}

bad=""
for f in engine/*/*.c engine/*/*.h; do
    dir=$(basename "$(dirname "$f")")
    ok=$(allowed "$dir")
    [ "$ok" = "*" ] && continue
    for used in $(sed -n 's@^#include "\([a-z_]*\)/.*@\1@p' "$f" | sort -u); do
        [ "$used" = "$dir" ] && continue
        case " $ok " in *" $used "*) ;; *) bad="$bad $f->$used/" ;; esac
    done
done
if [ -n "$bad" ]; then fail includes_follow_the_layers "against docs/architecture.md:$bad"
else pass includes_follow_the_layers; fi

# The layout core is layout.c, layout_text.c and layout_page.c; every other
# layout_*.c is a kind of block.
bad=""
for f in engine/layout/layout_*.c; do
    case $f in */layout_text.c|*/layout_page.c) continue ;; esac
    own=$(sed -n 's@^#include "layout/\([a-z_]*\)\.h".*@\1@p' "$f" | grep -vE '^(layout|layout_blocks|layout_core|linebreak)$')
    [ -n "$own" ] && bad="$bad $f->$(echo $own | tr ' ' ',')"
done
if [ -n "$bad" ]; then fail includes_layout_kinds_see_only_the_core "$bad"
else pass includes_layout_kinds_see_only_the_core; fi
