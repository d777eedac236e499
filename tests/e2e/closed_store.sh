# SPDX-License-Identifier: GPL-3.0-or-later
# The store is closed (docs/architecture.md): outside engine/store/ no file
# includes its private header, holds a connection to the database, or names
# a table of its schema in SQL. A change that breaks this fails here.
. tests/lib.sh
tables='bulletins|articles|paragraphs|mentions|runs|articles_fts|articles_v|mentions_v'
outside=$(find engine -name '*.[ch]' ! -path 'engine/store/*' | sort)

got=$(grep -l 'store/store_private\.h' $outside 2>/dev/null | tr '\n' ' ')
check_eq closed_store_private_header_stays_inside "$got" ""

got=$(grep -lE 'sqlite3 *\*|sqlite3_(open|prepare|exec)' $outside 2>/dev/null | tr '\n' ' ')
check_eq closed_store_no_connection_outside "$got" ""

# SQL naming a table, in C strings (a usage example in a --help text is prose,
# and says so with "example:").
got=$(grep -nE "\"[^\"]*\\b(FROM|INTO|JOIN|UPDATE|TABLE)[[:space:]]+($tables)\\b" $outside 2>/dev/null |
      grep -v 'example:' | cut -d: -f1-2 | tr '\n' ' ')
check_eq closed_store_no_table_named_outside "$got" ""
