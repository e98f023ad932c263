/* placeholder until implemented */
#include "config.h"
#include <glib/gi18n.h>
#include "fw-cli.h"
int
fw_cli_checklist (const FwCliOptions *opts)
{
  fw_cli_printerr ("checklist: not available yet");
  return FW_EXIT_FAIL;
}
