/* kh-value-pane-private.h: what kh-value-pane.c shares with
 * kh-value-pane-dialogs.c */
#pragma once

#include "kh-value-pane.h"

G_BEGIN_DECLS

/* TRUE once kh_value_pane_close() ran or the pane was disposed: results
 * and answers no longer reach the user. */
gboolean kh_value_pane_is_closed (KhValuePane *self);

G_END_DECLS
