/* fw-checklist-item.h — one step of the account-deletion checklist
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FW_TYPE_CHECKLIST_ITEM (fw_checklist_item_get_type ())
G_DECLARE_FINAL_TYPE (FwChecklistItem, fw_checklist_item, FW, CHECKLIST_ITEM, GObject)

const char         *fw_checklist_item_get_id          (FwChecklistItem *self);
const char         *fw_checklist_item_get_title       (FwChecklistItem *self);
const char         *fw_checklist_item_get_explanation (FwChecklistItem *self);
const char * const *fw_checklist_item_get_details     (FwChecklistItem *self);
const char         *fw_checklist_item_get_url         (FwChecklistItem *self);
const char         *fw_checklist_item_get_url_label   (FwChecklistItem *self);
guint               fw_checklist_item_get_n_links     (FwChecklistItem *self);
const char         *fw_checklist_item_get_link_url    (FwChecklistItem *self,
                                                       guint            index);
const char         *fw_checklist_item_get_link_label  (FwChecklistItem *self,
                                                       guint            index);
const char * const *fw_checklist_item_get_sources     (FwChecklistItem *self);
const char         *fw_checklist_item_get_checked     (FwChecklistItem *self);
gboolean            fw_checklist_item_get_optional    (FwChecklistItem *self);
gboolean            fw_checklist_item_get_done        (FwChecklistItem *self);
void                fw_checklist_item_set_done        (FwChecklistItem *self,
                                                       gboolean         done);

G_END_DECLS
