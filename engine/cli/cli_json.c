/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_json.c — the --json output of the commands, through Jansson. */
#include "cli/cli_json.h"

#include <stdio.h>

int cli_json_print(json_t *doc)
{
    /* Controls and invisible characters escaped, as in every line of JSON
     * brief writes (jsonstr_dump_line). */
    int rc = jsonstr_dump_line(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(6), stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) rc = -1;
    return rc;
}
