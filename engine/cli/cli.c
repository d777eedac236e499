/* cli.c — what the commands share: where the database is. (Kept out of
 * main.c so that the unit tests, which link every module but main, link.) */
#include "cli/cli.h"

#include <stdlib.h>

const char *cli_db_path(const char *db_arg)
{
    const char *env;
    if (db_arg && *db_arg) return db_arg;
    env = getenv("BRIEF_DB");
    if (env && *env) return env;
    return "brief.db";
}
