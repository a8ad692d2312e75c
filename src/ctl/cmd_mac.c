/* Placeholder while the module behind this command is being written. */
#include "ctl/cli.h"
#include "ctl/commands.h"

int cmd_mac(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error(CLI_USAGE, "mac: not built yet");
}
