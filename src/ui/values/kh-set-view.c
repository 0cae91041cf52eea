/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-set-view.c: a set, a page of members at a time (SSCAN)
 *
 * Members cannot be edited in place (a changed member is another member):
 * they are added and removed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-set-view.h"
#include "kh-value-load.h"

struct _KhSetView
{
  KhValuePane       parent_instance;

  GHashTable       *seen;        /* GBytes member: SCAN may repeat one */
  char             *cursor;

  /* template children */
  GtkWidget        *add_button;
  GtkWidget        *delete_button;
  GtkLabel         *editor_label;
  GtkWidget        *escaped_label;
  GtkTextView      *editor_view;
};

G_DEFINE_FINAL_TYPE (KhSetView, kh_set_view, KH_TYPE_VALUE_PANE)

static char *
kh_set_view_count_text (KhValuePane *pane,
                        guint        shown,
                        gint64       total)
{
  g_autofree char *n = kh_value_format_count (shown);
  g_autofree char *all = NULL;

  if (total < 0)
    return g_strdup_printf (g_dngettext (NULL, "%s member", "%s members", shown), n);
  all = kh_value_format_count (total);
  /* Translators: "Showing 200 of 5,000 members" */
  return g_strdup_printf (g_dngettext (NULL, "Showing %s of %s member", "Showing %s of %s members",
                                       (gulong) total), n, all);
}

static void
kh_set_view_show_row (KhValuePane *pane,
                      KhValueRow  *row)
{
  KhSetView *self = KH_SET_VIEW (pane);
  g_autofree char *text = NULL;
  gboolean escaped = FALSE;

  if (row != NULL)
    {
      text = kh_value_format_bytes (kh_value_row_get_name (row), &escaped);
      gtk_label_set_label (self->editor_label, _("Member"));
    }
  else
    gtk_label_set_label (self->editor_label, _("Select a member to see it whole"));
  kh_value_pane_set_text (pane, self->editor_view, text);
  gtk_widget_set_visible (self->escaped_label, escaped);
}

/* Loading */

static void load_page (KhSetView *self);

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KhSetView) self = user_data;
  g_autoptr(KhValuePage) page = kh_value_pane_finish_page (KH_VALUE_PANE (self), result);
  g_autoptr(GPtrArray) added = NULL;

  if (page == NULL)
    return;
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->items->len; i++)
    {
      GBytes *member = g_ptr_array_index (page->items, i);

      if (g_hash_table_add (self->seen, g_bytes_ref (member)))
        g_ptr_array_add (added, kh_value_row_new (member, NULL));
    }
  g_free (self->cursor);
  self->cursor = g_strdup (page->next_cursor);
  kh_value_pane_add_page (KH_VALUE_PANE (self), added, page->complete);

  /* An empty page that is not the last says nothing: go on */
  if (added->len == 0 && !page->complete)
    load_page (self);
}

static void
load_page (KhSetView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  kh_value_pane_set_loading (pane, TRUE);
  kh_value_set_scan_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), self->cursor,
                           KH_VALUE_PAGE_SIZE, NULL, kh_value_pane_get_cancellable (pane),
                           on_page, g_object_ref (self));
}

static void
kh_set_view_reload (KhValuePane *pane)
{
  KhSetView *self = KH_SET_VIEW (pane);

  g_clear_pointer (&self->cursor, g_free);
  g_hash_table_remove_all (self->seen);
  load_page (self);
}

static void
kh_set_view_load_more (KhValuePane *pane)
{
  load_page (KH_SET_VIEW (pane));
}

/* Writes */

typedef struct {
  KhSetView *self;
  GBytes    *member;
} Op;

static Op *
op_new (KhSetView *self,
        GBytes    *member)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->member = g_bytes_ref (member);
  return op;
}

static void
op_free (gpointer data)
{
  Op *op = data;

  g_object_unref (op->self);
  g_bytes_unref (op->member);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static void
remove_row (KhSetView *self,
            GBytes    *member)
{
  KhValuePane *pane = KH_VALUE_PANE (self);
  guint position;

  if (kh_value_pane_find_row (pane, member, &position))
    g_list_store_remove (kh_value_pane_get_rows (pane), position);
  g_hash_table_remove (self->seen, member);
  kh_value_pane_update_count (pane);
}

static void
on_added (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  KhValuePane *pane = KH_VALUE_PANE (op->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;
  guint position = 0;

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, &conflict, &error))
    {
      if (conflict != NULL && conflict->kind == KH_VALUE_CONFLICT_EXISTS)
        kh_value_pane_toast (pane, _("Already a member: nothing was added"));
      else
        kh_value_pane_show_message (pane, error->message);
      return;
    }
  if (kh_value_pane_find_row (pane, op->member, &position) == NULL)
    {
      g_autoptr(KhValueRow) row = kh_value_row_new (op->member, NULL);

      g_hash_table_add (op->self->seen, g_bytes_ref (op->member));
      g_list_store_insert (kh_value_pane_get_rows (pane), 0, row);
    }
  kh_value_pane_select_row (pane, position);
  kh_value_pane_update_count (pane);
  kh_value_pane_toast (pane, _("Member added"));
  kh_value_pane_value_changed (pane);
}

static void
on_add_answered (KhValuePane        *pane,
                 const char * const *values,
                 gpointer            data)
{
  g_autoptr(GBytes) member = kh_value_parse_text (values[0], FALSE);

  kh_value_pane_begin_write (pane);
  kh_value_set_add_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), member, NULL,
                          on_added, op_new (KH_SET_VIEW (pane), member));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  const char *labels[] = { _("Member"), NULL };

  kh_value_pane_ask (KH_VALUE_PANE (widget), _("Add Member"), NULL, labels, _("_Add"),
                     on_add_answered, NULL, NULL);
}

static void
on_removed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;

  if (kh_value_pane_finish_removal (KH_VALUE_PANE (op->self), result, _("Member removed"),
                                    _("The member was already removed"), NULL))
    remove_row (op->self, op->member);
}

static void
on_remove_confirmed (KhValuePane *pane,
                     gpointer     data)
{
  Op *op = data;

  kh_value_pane_begin_write (pane);
  kh_value_set_remove_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), op->member,
                             NULL, on_removed, op_new (op->self, op->member));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhSetView *self = KH_SET_VIEW (widget);
  KhValueRow *row = kh_value_pane_get_selected_row (KH_VALUE_PANE (self));
  g_autofree char *member = NULL;
  g_autofree char *heading = NULL;

  if (row == NULL)
    return;
  member = kh_value_format_cell (kh_value_row_get_name (row));
  heading = g_strdup_printf (_("Remove “%s”?"), member);
  kh_value_pane_confirm (KH_VALUE_PANE (self), heading, _("The member is removed from the set."),
                         _("_Remove"), on_remove_confirmed, op_new (self, kh_value_row_get_name (row)), op_free);
}

/* GObject */

static void
kh_set_view_update_actions (KhValuePane *pane)
{
  KhSetView *self = KH_SET_VIEW (pane);
  gboolean writable = !kh_value_pane_is_read_only (pane) && !kh_value_pane_get_busy (pane);

  KH_VALUE_PANE_CLASS (kh_set_view_parent_class)->update_actions (pane);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "set.add", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "set.remove",
                                 writable && kh_value_pane_get_selected_row (pane) != NULL);
}

static char *
member_cell (KhValueRow *row)
{
  return kh_value_format_cell (kh_value_row_get_name (row));
}

static void
kh_set_view_finalize (GObject *object)
{
  KhSetView *self = KH_SET_VIEW (object);

  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->cursor, g_free);

  G_OBJECT_CLASS (kh_set_view_parent_class)->finalize (object);
}

static void
kh_set_view_class_init (KhSetViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KhValuePaneClass *pane_class = KH_VALUE_PANE_CLASS (klass);

  object_class->finalize = kh_set_view_finalize;
  pane_class->reload = kh_set_view_reload;
  pane_class->load_more = kh_set_view_load_more;
  pane_class->update_actions = kh_set_view_update_actions;
  pane_class->show_row = kh_set_view_show_row;
  pane_class->count_text = kh_set_view_count_text;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-set-view.ui");
  kh_value_pane_class_bind_rows (widget_class);
  gtk_widget_class_bind_template_child (widget_class, KhSetView, add_button);
  gtk_widget_class_bind_template_child (widget_class, KhSetView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KhSetView, editor_label);
  gtk_widget_class_bind_template_child (widget_class, KhSetView, escaped_label);
  gtk_widget_class_bind_template_child (widget_class, KhSetView, editor_view);

  gtk_widget_class_install_action (widget_class, "set.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "set.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "set.remove", NULL);
}

static void
kh_set_view_init (KhSetView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  kh_value_pane_init_rows (pane, NULL);
  kh_value_pane_add_column (pane, _("Member"), member_cell,
                            KH_VALUE_CELL_MONOSPACE | KH_VALUE_CELL_EXPAND);
}

GtkWidget *
kh_set_view_new (KhSession *session,
                 GBytes    *key)
{
  KhSetView *self;
  KhValuePane *pane;

  g_return_val_if_fail (KH_IS_SESSION (session), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (KH_TYPE_SET_VIEW, "session", session, "key", key, NULL);
  pane = KH_VALUE_PANE (self);
  kh_value_pane_editing_control (pane, self->add_button, _("Add a member (SADD)"));
  kh_value_pane_editing_control (pane, self->delete_button, _("Remove the selected member (Delete)"));
  kh_value_pane_show_row (pane, NULL);
  return GTK_WIDGET (self);
}
