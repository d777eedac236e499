# SPDX-License-Identifier: GPL-3.0-or-later
# The structure brief ingest stores, checked criterion by criterion against
# the structure a careful editor would store:
#   - tests/data/shapes/NAME.expect for every NAME.txt there (text copied out of
#     real web pages and PDFs, in their shapes; format in tests/data/shapes/README.md),
#   - tests/data/html/NAME.expect for every NAME.html there (web pages in the
#     shapes of real ones, read by the HTML reader: docs/ingest.md, section 15),
#   - samples/expected.tsv for the project's own samples (format in samples/README.md).
# One PASS/FAIL line per sample; a FAIL lists every criterion that differs
# ("title 1: got [...], want [...]").
. tests/lib.sh

q() { sqlite3 -batch -noheader "$1" "$2"; }

# ---- tests/data/shapes and tests/data/html -------------------------------------
# Every NAME.expect of directory SHAPES whose NAME.EXT is there, one test
# LABEL_NAME each (EXT: txt or html).
check_shapes() { # SHAPES EXT LABEL
SHAPES=$1 EXT=$2 LABEL=$3
DB=$TMP/$LABEL.db
"$BRIEF" ingest --db "$DB" "$SHAPES"/ >"$TMP/ingest.out" 2>&1
# Columns added by schema 3; before it they read as empty.
has_col() { q "$DB" "SELECT count(*) FROM pragma_table_info('$1') WHERE name = '$2'"; }
col() { if [ "$(has_col "$1" "$2")" = 1 ]; then echo "ifnull($2, '')"; else echo "''"; fi; }
AUTHOR=$(col articles author)
SOURCE=$(col articles source_name)
CREDIT=$(col articles credit)
if [ "$(q "$DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'captions'")" = 1 ]; then
    CAPTIONS="(SELECT count(*) FROM captions c WHERE c.article_id = articles.id)"
else
    CAPTIONS=0
fi
if [ "$(has_col bulletins date_precision)" = 1 ]; then
    DATE="CASE WHEN issued_on IS NULL THEN 'NULL' WHEN date_precision = 'month' THEN substr(issued_on, 1, 7) ELSE issued_on END"
else
    DATE="ifnull(issued_on, 'NULL')"
fi
sqlq() { printf "%s" "$1" | sed "s/'/''/g"; }   # a string as the inside of an SQL literal

# The stored structure of the bulletin read from file NAME.txt, in the key
# order of a .expect file.
stored() { # NAME
    id=$(q "$DB" "SELECT id FROM bulletins WHERE file_name LIKE '%/$1.$EXT'")
    if [ -z "$id" ]; then echo "stored: no"; return; fi
    q "$DB" "SELECT 'date: ' || $DATE, 'date_source: ' || ifnull(date_source, 'none'),
                    'articles: ' || article_count FROM bulletins WHERE id = $id" | tr '|' '\n'
    q "$DB" "SELECT 'article: ' || title, 'subtitle: ' || ifnull(subtitle, ''),
                    'paragraphs: ' || paragraph_count, 'author: ' || $AUTHOR, 'source: ' || $SOURCE,
                    'captions: ' || $CAPTIONS, 'credit: ' || $CREDIT
             FROM articles WHERE bulletin_id = $id ORDER BY seq" | tr '|' '\n'
}

total=0; right=0
for expect in "$SHAPES"/*.expect; do
    name=$(basename "$expect" .expect)
    [ -f "$SHAPES/$name.$EXT" ] || continue
    total=$((total + 1))
    grep -E '^(date|date_source|articles|article|subtitle|paragraphs|author|source|captions|credit):' "$expect" \
        | sed 's/: *$/: /' > "$TMP/want"
    stored "$name" | sed 's/: *$/: /' > "$TMP/got"
    # Criterion by criterion: the n-th line of each, with the article it belongs to.
    why=$(awk -v got="$TMP/got" '
        BEGIN { while ((getline l < got) > 0) g[++ng] = l }
        { w[++nw] = $0 }
        END {
            art = 0
            for (i = 1; i <= (nw > ng ? nw : ng); i++) {
                key = w[i]; sub(/:.*/, "", key)
                if (key == "article") art++
                gv = (i in g) ? g[i] : "(nothing)"; wv = (i in w) ? w[i] : "(nothing)"
                if (gv != wv) {
                    label = (art && key != "date" && key != "date_source" && key != "articles") ? key " " art : key
                    gsub(/^[a-z_]+: /, "", gv); gsub(/^[a-z_]+: /, "", wv)
                    printf "%s: got [%s], want [%s]; ", label, gv, wv
                    if (key == "articles") exit
                }
            }
        }' "$TMP/want")
    id=$(q "$DB" "SELECT id FROM bulletins WHERE file_name LIKE '%/$name.$EXT'")
    if [ -n "$id" ]; then
        # absent: in no stored title, subtitle or paragraph; present: in paragraph 1 of article 1.
        while IFS= read -r s; do
            [ -n "$s" ] || continue
            n=$(q "$DB" "SELECT count(*) FROM articles WHERE bulletin_id = $id AND (instr(title, '$(sqlq "$s")')
                 OR instr(ifnull(subtitle, ''), '$(sqlq "$s")') OR instr(body, '$(sqlq "$s")'))")
            [ "$n" = 0 ] || why="$why absent [$s] is stored;"
        done <<EOF
$(sed -n 's/^absent: //p' "$expect")
EOF
        while IFS= read -r s; do
            [ -n "$s" ] || continue
            n=$(q "$DB" "SELECT count(*) FROM paragraphs p JOIN articles a ON a.id = p.article_id
                 WHERE a.bulletin_id = $id AND a.seq = 1 AND p.seq = 1 AND instr(p.text, '$(sqlq "$s")')")
            [ "$n" = 1 ] || why="$why present [$s] is not in paragraph 1;"
        done <<EOF
$(sed -n 's/^present: //p' "$expect")
EOF
        # a page's kind is its encoding column (the charset it was read in is --explain's)
        enc=$(sed -n 's/^kind: //p' "$expect")
        [ -n "$enc" ] || enc=$(sed -n 's/^encoding: //p' "$expect" | sed 's/-bom$//')
        got_enc=$(q "$DB" "SELECT encoding FROM bulletins WHERE id = $id")
        [ "$got_enc" = "$enc" ] || why="$why encoding: got [$got_enc], want [$enc];"
    fi
    if [ -z "$why" ]; then pass "${LABEL}_$name"; right=$((right + 1)); else fail "${LABEL}_$name" "$why"; fi
done
echo "$LABEL: $right of $total samples right" >&2
}
check_shapes "${SHAPES:-tests/data/shapes}" txt shapes
check_shapes "${HTML_SHAPES:-tests/data/html}" html html


# ---- samples/expected.tsv ----------------------------------------------------
DB=$TMP/samples.db
"$BRIEF" ingest --db "$DB" samples/ >/dev/null 2>&1
tail -n +2 samples/expected.tsv | while IFS='	' read -r path articles paragraphs first_subtitle date date_source \
        encoding bom line_ending layout joined_breaks furniture_lines masthead_lines per_article; do
    got=$(q "$DB" "SELECT article_count, (SELECT sum(paragraph_count) FROM articles WHERE bulletin_id = b.id),
                   CASE WHEN (SELECT subtitle FROM articles WHERE bulletin_id = b.id AND seq = 1) IS NULL
                        THEN 'no' ELSE 'yes' END,
                   ifnull(issued_on, 'NULL'), ifnull(date_source, 'none'), encoding, joined_breaks, furniture_lines,
                   (SELECT group_concat(paragraph_count, '+') FROM (SELECT paragraph_count FROM articles
                    WHERE bulletin_id = b.id ORDER BY seq))
                   FROM bulletins b WHERE file_name = '$path'")
    # date_source: the masthead of a bulletin is its "metadata" (schema 3's name for the old "text").
    want="$articles|$paragraphs|$first_subtitle|$date|$(echo "$date_source" | sed 's/^text$/metadata/')|$encoding|$joined_breaks|$furniture_lines|$per_article"
    check_eq "samples_expected_$(basename "$path" .txt)" "$got" "$want"
done
