/* cli.c — what the commands share: where the database is, how layout
 * warnings are reported. (Kept out of main.c so that the unit tests, which
 * link every module but main, link.) */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>

const char *cli_db_path(const char *db_arg)
{
    const char *env;
    if (db_arg && *db_arg) return db_arg;
    env = getenv("BRIEF_DB");
    if (env && *env) return env;
    return "brief.db";
}

size_t cli_report_warnings(const char *command, const char *where, const char *const *warnings,
                           size_t count, int strict)
{
    size_t i;
    for (i = 0; i < count; i++)
        fprintf(stderr, "brief %s: %s%s%s: %s%s\n", command, where ? where : "", where ? ": " : "",
                strict ? "error" : "warning", warnings[i], strict ? " (--strict: nothing written)" : "");
    return count;
}
