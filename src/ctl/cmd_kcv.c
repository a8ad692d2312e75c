/* Placeholder while the module behind this command is being written. */
#include "ctl/cli.h"
#include "ctl/commands.h"

int cmd_kcv(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error(CLI_USAGE, "kcv: not built yet");
}
