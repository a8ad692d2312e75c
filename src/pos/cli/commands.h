/* commands.h — one function per possum-pos command (cli/commands.c lists them). Each
 * takes the parsed arguments and returns the exit status (cli.h). */
#ifndef POSSUM_POS_CLI_COMMANDS_H
#define POSSUM_POS_CLI_COMMANDS_H

#include "pos/cli/cli.h"

int cmd_activate(struct cli_args *a);
int cmd_status(struct cli_args *a);
int cmd_params(struct cli_args *a);
int cmd_signin(struct cli_args *a);
int cmd_config(struct cli_args *a);
int cmd_login(struct cli_args *a);
int cmd_logout(struct cli_args *a);
int cmd_operators(struct cli_args *a);
int cmd_catalog(struct cli_args *a);
int cmd_sale(struct cli_args *a);
int cmd_void(struct cli_args *a);
int cmd_refund(struct cli_args *a);
int cmd_balance(struct cli_args *a);
int cmd_preauth(struct cli_args *a);
int cmd_complete(struct cli_args *a);
int cmd_reprint(struct cli_args *a);
int cmd_list(struct cli_args *a);
int cmd_show(struct cli_args *a);
int cmd_xreport(struct cli_args *a);
int cmd_settle(struct cli_args *a);
int cmd_forward(struct cli_args *a);
int cmd_heartbeat(struct cli_args *a);
int cmd_journal(struct cli_args *a);
int cmd_tui(struct cli_args *a);

#endif
