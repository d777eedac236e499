/* cli_ingest.c — placeholder until the ingest command lands; replaced by its owner. */
#include "cli.h"
#include <stdio.h>
int cli_ingest(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "brief ingest: not available in this build\n");
    return CLI_FAILED;
}
