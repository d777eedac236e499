/* cli_json.c — the --json output of the commands, through Jansson. */
#include "cli/cli_json.h"

#include <stdio.h>
#include <string.h>


int cli_json_print(json_t *doc)
{
    if (!doc) return -1;
    int rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) == 0 && fputc('\n', stdout) != EOF
                 ? 0 : -1;
    json_decref(doc);
    if (fflush(stdout) != 0) rc = -1;
    return rc;
}
