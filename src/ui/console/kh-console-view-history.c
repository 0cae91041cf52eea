/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-console-view-history.c: ↑ and ↓ in the console's entry line recall
 * the profile's command history; past the newest comes back what was typed
 * before browsing */
#include "config.h"

#include "kh-console-view-private.h"

static void
kh_console_view_set_entry_text (KhConsoleView *self,
                                const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

void
kh_console_view_browse_history (KhConsoleView *self,
                                gint           direction)
{
  gint n = (gint) kh_history_get_n_entries (self->history);
  gint pos = self->history_pos < 0 ? n : self->history_pos;

  pos += direction;
  if (pos < 0 || pos > n || n == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->entry));
      return;
    }

  if (self->history_pos < 0)
    {
      g_free (self->history_draft);
      self->history_draft = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
    }

  if (pos == n)
    {
      kh_console_view_set_entry_text (self, self->history_draft != NULL ? self->history_draft : "");
      self->history_pos = -1;
      g_clear_pointer (&self->history_draft, g_free);
      return;
    }
  self->history_pos = pos;
  kh_console_view_set_entry_text (self, kh_history_get_entry (self->history, (guint) pos));
}
