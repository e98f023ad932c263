/* placeholder until implemented */
#include "config.h"
#include <glib/gi18n.h>
#include "fw-cli.h"
int
fw_cli_connect (const FwCliOptions *opts)
{
  fw_cli_printerr ("connect: not available yet");
  return FW_EXIT_FAIL;
}
int
fw_cli_disconnect (const FwCliOptions *opts)
{
  fw_cli_printerr ("disconnect: not available yet");
  return FW_EXIT_FAIL;
}
int
fw_cli_providers (const FwCliOptions *opts)
{
  fw_cli_printerr ("providers: not available yet");
  return FW_EXIT_FAIL;
}
int
fw_cli_ask (const FwCliOptions *opts)
{
  fw_cli_printerr ("ask: not available yet");
  return FW_EXIT_FAIL;
}
