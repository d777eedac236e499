/* cli_runs.c — placeholder until the runs command lands; replaced by its owner. */
#include "cli.h"
#include <stdio.h>
int cli_runs(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "brief runs: not available in this build\n");
    return CLI_FAILED;
}
