/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-zset-view.c: a sorted set, a page at a time by rank or within a score
 * range, with a conflict-safe score editor
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-error.h"
#include "kh-value-load.h"
#include "kh-zset-view.h"

struct _KhZsetView
{
  KhValuePane       parent_instance;

  gboolean          by_score;
  gboolean          reverse;
  char             *min;          /* the score range being shown */
  char             *max;
  gint64            next_start;   /* rank, or offset within the range */

  GtkColumnViewColumn *rank_column;

  /* template children */
  GtkWidget        *add_button;
  GtkWidget        *delete_button;
  GtkRevealer      *range_revealer;
  GtkEditable      *min_entry;
  GtkEditable      *max_entry;
  GtkLabel         *editor_label;
  GtkEditable      *score_entry;
  GtkWidget        *revert_button;
  GtkWidget        *save_button;
};

G_DEFINE_FINAL_TYPE (KhZsetView, kh_zset_view, KH_TYPE_VALUE_PANE)

enum {
  PROP_0,
  PROP_MODE,
  PROP_REVERSE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_score (double score)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isinf (score))
    return g_strdup (score > 0 ? "inf" : "-inf");
  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, score));
}

/* A score as typed: a number, inf, +inf or -inf; never NaN */
static gboolean
parse_score (const char *text,
             double     *score)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (*trimmed == '\0')
    return FALSE;
  *score = g_ascii_strtod (trimmed, &end);
  return end != NULL && *end == '\0' && !isnan (*score);
}

static char *
kh_zset_view_count_text (KhValuePane *pane,
                         guint        shown,
                         gint64       total)
{
  g_autofree char *n = kh_value_format_count (shown);
  g_autofree char *all = NULL;

  if (KH_ZSET_VIEW (pane)->by_score)
    return g_strdup_printf (kh_value_pane_get_more_available (pane)
                              ? g_dngettext (NULL, "%s member in the range so far", "%s members in the range so far", shown)
                              : g_dngettext (NULL, "%s member in the range", "%s members in the range", shown),
                            n);
  if (total < 0)
    return g_strdup_printf (g_dngettext (NULL, "%s member", "%s members", shown), n);
  all = kh_value_format_count (total);
  /* Translators: "Showing 200 of 5,000 members" */
  return g_strdup_printf (g_dngettext (NULL, "Showing %s of %s member", "Showing %s of %s members",
                                       (gulong) total), n, all);
}

/* Editor */

/* Whether the score entry holds a change to the score shown: to save or revert */
static gboolean
kh_zset_view_score_edited (KhValuePane *pane)
{
  KhValueRow *row = kh_value_pane_get_shown_row (pane);
  g_autofree char *original = NULL;

  if (row == NULL)
    return FALSE;
  original = format_score (kh_value_row_get_score (row));
  return g_strcmp0 (gtk_editable_get_text (KH_ZSET_VIEW (pane)->score_entry), original) != 0;
}

static void
kh_zset_view_show_row (KhValuePane *pane,
                       KhValueRow  *row)
{
  KhZsetView *self = KH_ZSET_VIEW (pane);
  g_autofree char *score = NULL;

  if (row != NULL)
    {
      g_autofree char *member = kh_value_format_cell (kh_value_row_get_name (row));
      g_autofree char *label = g_strdup_printf (_("Score of “%s”"), member);

      score = format_score (kh_value_row_get_score (row));
      gtk_label_set_label (self->editor_label, label);
    }
  else
    gtk_label_set_label (self->editor_label, _("Select a member to change its score"));
  gtk_editable_set_text (self->score_entry, score != NULL ? score : "");
  gtk_editable_set_editable (self->score_entry, row != NULL && !kh_value_pane_is_read_only (KH_VALUE_PANE (self)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->score_entry), row != NULL);
}

/* Loading */

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KhZsetView) self = user_data;
  g_autoptr(KhValuePage) page = kh_value_pane_finish_page (KH_VALUE_PANE (self), result);
  g_autoptr(GPtrArray) added = NULL;

  if (page == NULL)
    return;
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (added, kh_value_row_new_zset (g_ptr_array_index (page->items, i)));
  self->next_start = page->next_start;
  kh_value_pane_add_page (KH_VALUE_PANE (self), added, page->complete);
}

static void
load_page (KhZsetView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  kh_value_pane_set_loading (pane, TRUE);
  if (self->by_score)
    kh_value_zset_range_by_score_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                                        self->min, self->max, self->next_start, KH_VALUE_PAGE_SIZE,
                                        self->reverse, kh_value_pane_get_cancellable (pane), on_page,
                                        g_object_ref (self));
  else
    kh_value_zset_range_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                               self->next_start, KH_VALUE_PAGE_SIZE, self->reverse,
                               kh_value_pane_get_cancellable (pane), on_page, g_object_ref (self));
}

static void
kh_zset_view_reload (KhValuePane *pane)
{
  KhZsetView *self = KH_ZSET_VIEW (pane);

  self->next_start = 0;
  gtk_column_view_column_set_visible (self->rank_column, !self->by_score);
  gtk_revealer_set_reveal_child (self->range_revealer, self->by_score);
  load_page (self);
}

static void
kh_zset_view_load_more (KhValuePane *pane)
{
  load_page (KH_ZSET_VIEW (pane));
}

static void
apply_range_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KhZsetView *self = KH_ZSET_VIEW (widget);

  g_free (self->min);
  g_free (self->max);
  self->min = g_strstrip (g_strdup (gtk_editable_get_text (self->min_entry)));
  self->max = g_strstrip (g_strdup (gtk_editable_get_text (self->max_entry)));
  if (*self->min == '\0')
    {
      g_free (self->min);
      self->min = g_strdup ("-inf");
    }
  if (*self->max == '\0')
    {
      g_free (self->max);
      self->max = g_strdup ("+inf");
    }
  kh_value_pane_reload (KH_VALUE_PANE (self));
}

/* Writes */

typedef struct {
  KhZsetView *self;
  KhValueRow *row;
  GBytes     *member;
  double      score;
  double      expected;   /* for a replace after an add found the member */
} Op;

static Op *
op_new (KhZsetView *self,
        KhValueRow *row,
        GBytes     *member,
        double      score)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->row = row != NULL ? g_object_ref (row) : NULL;
  op->member = g_bytes_ref (member);
  op->score = score;
  return op;
}

static void
op_free (gpointer data)
{
  Op *op = data;

  g_object_unref (op->self);
  g_clear_object (&op->row);
  g_bytes_unref (op->member);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static void start_set_score (Op     *op,
                             double  expected);

static gboolean
parse_score_bytes (GBytes *bytes,
                   double *score)
{
  g_autofree char *text = NULL;
  gsize len;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  text = g_strndup (data, len);
  return parse_score (text, score);
}

static void
on_score_conflict (KhValuePane           *pane,
                   const char            *response,
                   const KhValueConflict *conflict,
                   gpointer               data)
{
  Op *op = data;
  double current;

  if (g_strcmp0 (response, "theirs") == 0)
    kh_value_pane_reload (pane);
  else if (g_strcmp0 (response, "overwrite") == 0 && parse_score_bytes (conflict->server_value, &current))
    start_set_score (op_new (op->self, op->row, op->member, op->score), current);
}

static void
on_score_set (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  KhValuePane *pane = KH_VALUE_PANE (op->self);
  GListStore *rows = kh_value_pane_get_rows (pane);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;
  g_autofree char *text = NULL;
  KhValueRow *row = op->row;
  guint position;

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, &conflict, &error))
    {
      if (conflict != NULL && conflict->kind != KH_VALUE_CONFLICT_WRONG_TYPE)
        kh_value_pane_resolve_conflict (pane, conflict, NULL, on_score_conflict, g_steal_pointer (&op), op_free);
      else
        kh_value_pane_show_message (pane, error->message);
      return;
    }

  text = format_score (op->score);
  if (row == NULL)
    {
      /* A replace after an add: show the member first */
      g_autoptr(KhValueRow) added = kh_value_row_new (op->member, NULL);

      kh_value_row_set_score (added, op->score, text);
      g_list_store_insert (rows, 0, added);
      kh_value_pane_select_row (pane, 0);
    }
  else
    {
      kh_value_row_set_score (row, op->score, text);
      if (g_list_store_find (rows, row, &position))
        g_list_model_items_changed (G_LIST_MODEL (rows), position, 1, 1);
      if (row == kh_value_pane_get_shown_row (pane))
        kh_value_pane_show_row (pane, row);
    }
  kh_value_pane_toast (pane, _("Score saved; reload to see the new order"));
  kh_value_pane_value_changed (pane);
}

static void
start_set_score (Op     *op,
                 double  expected)
{
  KhValuePane *pane = KH_VALUE_PANE (op->self);

  kh_value_pane_begin_write (pane);
  kh_value_zset_set_score_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), op->member,
                                 expected, op->score, NULL, on_score_set, op);
}

static void
kh_zset_view_save (KhValuePane *pane)
{
  KhZsetView *self = KH_ZSET_VIEW (pane);
  KhValueRow *row = kh_value_pane_get_shown_row (pane);
  double score;

  if (!parse_score (gtk_editable_get_text (self->score_entry), &score))
    {
      kh_value_pane_show_message (pane, _("A score is a number, inf or -inf; the score was not saved"));
      return;
    }
  start_set_score (op_new (self, row, kh_value_row_get_name (row), score), kh_value_row_get_score (row));
}

/* Adding */

static void
on_replace_confirmed (KhValuePane *pane,
                      gpointer     data)
{
  Op *op = data;

  start_set_score (op_new (op->self, NULL, op->member, op->score), op->expected);
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

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, &conflict, &error))
    {
      if (conflict != NULL && conflict->kind == KH_VALUE_CONFLICT_EXISTS &&
          parse_score_bytes (conflict->server_value, &op->expected))
        {
          g_autofree char *member = kh_value_format_cell (op->member);
          g_autofree char *current = format_score (op->expected);
          g_autofree char *wanted = format_score (op->score);
          g_autofree char *heading = g_strdup_printf (_("Change the Score of “%s”?"), member);
          g_autofree char *body = g_strdup_printf (_("It is already in the sorted set with the score %s. "
                                                     "Change its score to %s?"), current, wanted);

          kh_value_pane_confirm (pane, heading, body, _("_Change Score"), on_replace_confirmed,
                                 g_steal_pointer (&op), op_free);
        }
      else
        kh_value_pane_show_message (pane, error->message);
      return;
    }

  {
    g_autoptr(KhValueRow) row = kh_value_row_new (op->member, NULL);
    g_autofree char *text = format_score (op->score);

    kh_value_row_set_score (row, op->score, text);
    g_list_store_insert (kh_value_pane_get_rows (pane), 0, row);
    kh_value_pane_select_row (pane, 0);
  }
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
  double score;

  if (!parse_score (values[1], &score))
    {
      kh_value_pane_show_message (pane, _("A score is a number, inf or -inf; nothing was added"));
      return;
    }
  kh_value_pane_begin_write (pane);
  kh_value_zset_add_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), member, score,
                           NULL, on_added, op_new (KH_ZSET_VIEW (pane), NULL, member, score));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  const char *labels[] = { _("Member"), _("Score"), NULL };

  kh_value_pane_ask (KH_VALUE_PANE (widget), _("Add Member"),
                     _("A member already in the set keeps its score unless you confirm."),
                     labels, _("_Add"), on_add_answered, NULL, NULL);
}

/* Removing */

static void
remove_row (KhZsetView *self,
            KhValueRow *row)
{
  KhValuePane *pane = KH_VALUE_PANE (self);
  guint position;

  if (g_list_store_find (kh_value_pane_get_rows (pane), row, &position))
    g_list_store_remove (kh_value_pane_get_rows (pane), position);
  kh_value_pane_update_count (pane);
}

static void
on_removed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;

  if (kh_value_pane_finish_removal (KH_VALUE_PANE (op->self), result, _("Member removed"),
                                    _("The member was already removed"), NULL))
    remove_row (op->self, op->row);
}

static void
on_remove_confirmed (KhValuePane *pane,
                     gpointer     data)
{
  Op *op = data;

  kh_value_pane_begin_write (pane);
  kh_value_zset_remove_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), op->member,
                              NULL, on_removed, op_new (op->self, op->row, op->member, 0));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhZsetView *self = KH_ZSET_VIEW (widget);
  KhValueRow *row = kh_value_pane_get_selected_row (KH_VALUE_PANE (self));
  g_autofree char *member = NULL;
  g_autofree char *heading = NULL;

  if (row == NULL)
    return;
  member = kh_value_format_cell (kh_value_row_get_name (row));
  heading = g_strdup_printf (_("Remove “%s”?"), member);
  kh_value_pane_confirm (KH_VALUE_PANE (self), heading, _("The member and its score are removed from the sorted set."),
                         _("_Remove"), on_remove_confirmed,
                         op_new (self, row, kh_value_row_get_name (row), 0), op_free);
}

/* GObject */

static void
kh_zset_view_update_actions (KhValuePane *pane)
{
  KhZsetView *self = KH_ZSET_VIEW (pane);
  gboolean writable = !kh_value_pane_is_read_only (pane) && !kh_value_pane_get_busy (pane);

  KH_VALUE_PANE_CLASS (kh_zset_view_parent_class)->update_actions (pane);
  if (kh_value_pane_is_read_only (pane))
    gtk_editable_set_editable (self->score_entry, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "zset.add", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "zset.remove",
                                 writable && kh_value_pane_get_selected_row (pane) != NULL);
}

static void
on_score_changed (GtkEditable *editable,
                  KhZsetView  *self)
{
  kh_value_pane_update_actions (KH_VALUE_PANE (self));
}

static void
on_range_activate (GtkEntry   *entry,
                   KhZsetView *self)
{
  apply_range_action (GTK_WIDGET (self), NULL, NULL);
}

static void
on_score_activate (GtkEntry   *entry,
                   KhZsetView *self)
{
  kh_value_pane_save (KH_VALUE_PANE (self));
}

static char *
rank_cell (KhValueRow *row)
{
  if (kh_value_row_get_index (row) < 0)
    return g_strdup ("—");
  return g_strdup_printf ("%" G_GINT64_FORMAT, kh_value_row_get_index (row));
}

static char *
score_cell (KhValueRow *row)
{
  return format_score (kh_value_row_get_score (row));
}

static char *
member_cell (KhValueRow *row)
{
  return kh_value_format_cell (kh_value_row_get_name (row));
}

static void
kh_zset_view_finalize (GObject *object)
{
  KhZsetView *self = KH_ZSET_VIEW (object);

  g_clear_pointer (&self->min, g_free);
  g_clear_pointer (&self->max, g_free);

  G_OBJECT_CLASS (kh_zset_view_parent_class)->finalize (object);
}

static void
kh_zset_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KhZsetView *self = KH_ZSET_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_string (value, self->by_score ? "score" : "rank");
      break;
    case PROP_REVERSE:
      g_value_set_boolean (value, self->reverse);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_zset_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KhZsetView *self = KH_ZSET_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      kh_zset_view_set_by_score (self, g_strcmp0 (g_value_get_string (value), "score") == 0);
      break;
    case PROP_REVERSE:
      kh_zset_view_set_reverse (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_zset_view_class_init (KhZsetViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KhValuePaneClass *pane_class = KH_VALUE_PANE_CLASS (klass);

  object_class->finalize = kh_zset_view_finalize;
  object_class->get_property = kh_zset_view_get_property;
  object_class->set_property = kh_zset_view_set_property;
  pane_class->reload = kh_zset_view_reload;
  pane_class->load_more = kh_zset_view_load_more;
  pane_class->save = kh_zset_view_save;
  pane_class->can_save = kh_zset_view_score_edited;
  pane_class->update_actions = kh_zset_view_update_actions;
  pane_class->revert = kh_value_pane_show_row_again;
  pane_class->can_revert = kh_zset_view_score_edited;
  pane_class->show_row = kh_zset_view_show_row;
  pane_class->count_text = kh_zset_view_count_text;

  /* "rank" or "score" */
  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "rank",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVERSE] =
    g_param_spec_boolean ("reverse", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-zset-view.ui");
  kh_value_pane_class_bind_rows (widget_class);
  gtk_widget_class_bind_template_child (widget_class, KhZsetView, add_button);
  gtk_widget_class_bind_template_child (widget_class, KhZsetView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KhZsetView, range_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhZsetView, min_entry);
  gtk_widget_class_bind_template_child (widget_class, KhZsetView, max_entry);
  gtk_widget_class_bind_template_child (widget_class, KhZsetView, editor_label);
  gtk_widget_class_bind_template_child (widget_class, KhZsetView, score_entry);
  gtk_widget_class_bind_template_child (widget_class, KhZsetView, revert_button);
  gtk_widget_class_bind_template_child (widget_class, KhZsetView, save_button);

  gtk_widget_class_install_property_action (widget_class, "zset.mode", "mode");
  gtk_widget_class_install_property_action (widget_class, "zset.reverse", "reverse");
  gtk_widget_class_install_action (widget_class, "zset.apply-range", NULL, apply_range_action);
  gtk_widget_class_install_action (widget_class, "zset.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "zset.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "zset.remove", NULL);
}

static void
kh_zset_view_init (KhZsetView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->min = g_strdup ("-inf");
  self->max = g_strdup ("+inf");
  kh_value_pane_init_rows (pane, GTK_WIDGET (self->score_entry));
  g_signal_connect_object (self->score_entry, "changed", G_CALLBACK (on_score_changed), self, 0);
  g_signal_connect_object (self->score_entry, "activate", G_CALLBACK (on_score_activate), self, 0);
  g_signal_connect_object (self->min_entry, "activate", G_CALLBACK (on_range_activate), self, 0);
  g_signal_connect_object (self->max_entry, "activate", G_CALLBACK (on_range_activate), self, 0);

  self->rank_column = kh_value_pane_add_column (pane, _("Rank"), rank_cell,
                                                KH_VALUE_CELL_NUMERIC | KH_VALUE_CELL_DIM);
  kh_value_pane_add_column (pane, _("Score"), score_cell, KH_VALUE_CELL_NUMERIC);
  kh_value_pane_add_column (pane, _("Member"), member_cell,
                            KH_VALUE_CELL_MONOSPACE | KH_VALUE_CELL_EXPAND);
}

GtkWidget *
kh_zset_view_new (KhSession *session,
                  GBytes    *key)
{
  KhZsetView *self;
  KhValuePane *pane;

  g_return_val_if_fail (KH_IS_SESSION (session), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (KH_TYPE_ZSET_VIEW, "session", session, "key", key, NULL);
  pane = KH_VALUE_PANE (self);
  kh_value_pane_editing_control (pane, self->add_button, _("Add a member with its score (ZADD NX)"));
  kh_value_pane_editing_control (pane, self->delete_button, _("Remove the selected member (Delete)"));
  kh_value_pane_editing_control (pane, self->save_button, _("Save the score (Ctrl+S); refused if someone else changed it meanwhile"));
  kh_value_pane_editing_control (pane, self->revert_button, _("Drop your change"));
  kh_value_pane_show_row (pane, NULL);
  return GTK_WIDGET (self);
}

void
kh_zset_view_set_by_score (KhZsetView *self,
                           gboolean    by_score)
{
  g_return_if_fail (KH_IS_ZSET_VIEW (self));

  by_score = !!by_score;
  if (self->by_score == by_score)
    return;
  self->by_score = by_score;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  if (kh_value_pane_get_session (KH_VALUE_PANE (self)) != NULL)
    kh_value_pane_reload (KH_VALUE_PANE (self));
}

void
kh_zset_view_set_reverse (KhZsetView *self,
                          gboolean    reverse)
{
  g_return_if_fail (KH_IS_ZSET_VIEW (self));

  reverse = !!reverse;
  if (self->reverse == reverse)
    return;
  self->reverse = reverse;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVERSE]);
  if (kh_value_pane_get_session (KH_VALUE_PANE (self)) != NULL)
    kh_value_pane_reload (KH_VALUE_PANE (self));
}

/* The score range shown by score: the server's syntax ("1.5", "(1.5", "-inf"). */
void
kh_zset_view_set_score_range (KhZsetView *self,
                              const char *min,
                              const char *max)
{
  g_return_if_fail (KH_IS_ZSET_VIEW (self));

  gtk_editable_set_text (self->min_entry, min != NULL ? min : "-inf");
  gtk_editable_set_text (self->max_entry, max != NULL ? max : "+inf");
  apply_range_action (GTK_WIDGET (self), NULL, NULL);
}

GtkEditable *
kh_zset_view_get_score_entry (KhZsetView *self)
{
  g_return_val_if_fail (KH_IS_ZSET_VIEW (self), NULL);

  return self->score_entry;
}
