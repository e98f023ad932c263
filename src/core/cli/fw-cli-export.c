/* placeholder until implemented */
#include "config.h"
#include <glib/gi18n.h>
#include "fw-cli.h"
int
fw_cli_verify (const FwCliOptions *opts)
{
  fw_cli_printerr ("verify: not available yet");
  return FW_EXIT_FAIL;
}
int
fw_cli_convert (const FwCliOptions *opts)
{
  fw_cli_printerr ("convert: not available yet");
  return FW_EXIT_FAIL;
}
