/* cli_batch.c — placeholder until the batch command lands; replaced by its owner. */
#include "cli.h"
#include <stdio.h>
int cli_batch(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "brief batch: not available in this build\n");
    return CLI_FAILED;
}
