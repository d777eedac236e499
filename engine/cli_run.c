/* cli_run.c — placeholder until the run command lands; replaced by its owner. */
#include "cli.h"
#include <stdio.h>
int cli_run(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "brief run: not available in this build\n");
    return CLI_FAILED;
}
