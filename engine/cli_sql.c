/* cli_sql.c — placeholder until the sql command lands; replaced by its owner. */
#include "cli.h"
#include <stdio.h>
int cli_sql(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "brief sql: not available in this build\n");
    return CLI_FAILED;
}
