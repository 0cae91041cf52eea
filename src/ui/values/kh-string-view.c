/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-string-view.c: a string value: text and JSON editing, a hex view for
 * binary values, increments for numbers, decoders, and large values without
 * surprises
 *
 * What is shown comes from the bytes loaded (self->value), which are also
 * what a save expects to find on the server: the compare-and-set edit refuses
 * to write over a value that changed meanwhile. Values past the threshold
 * show their first megabyte read-only until the user loads everything.
 * Increments, decoders and saving to a file are in kh-string-view-tools.c.
 * Deciding how a value is shown (in a thread when large) is in
 * kh-string-view-decide.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-error.h"
#include "kh-string-view-private.h"
#include "kh-value-decode.h"
#include "kh-value-edit.h"
#include "kh-value-string.h"

/* Past this, text is shown without syntax highlighting */
#define HIGHLIGHT_MAX_BYTES (2 * 1024 * 1024)
/* Characters of a hexdump -C row of 16 bytes */
#define HEX_ROW_CHARS 78
/* Longer values are looked at in a thread */
#define DECIDE_IN_THREAD_BYTES (256 * 1024)

G_DEFINE_FINAL_TYPE (KhStringView, kh_string_view, KH_TYPE_VALUE_PANE)

enum {
  PROP_0,
  PROP_COMPACT_JSON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A dump ends its last line; an editor would show an empty line after it */
char *
kh_string_view_hex_dump (const guint8 *data,
                         gsize         len,
                         guint         bytes_per_row)
{
  char *dump = kh_value_decode_hex_dump_rows (data, len, HEX_MAX_BYTES, bytes_per_row);
  gsize n = strlen (dump);

  if (n > 0 && dump[n - 1] == '\n')
    dump[n - 1] = '\0';
  return dump;
}

void
kh_string_view_set_buffer_text (GtkSourceBuffer *buffer,
                 const char      *text,
                 const char      *language_id)
{
  GtkTextBuffer *text_buffer = GTK_TEXT_BUFFER (buffer);
  GtkSourceLanguage *language = NULL;
  GtkTextIter start;

  if (language_id != NULL && strlen (text) <= HIGHLIGHT_MAX_BYTES)
    language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                         language_id);
  gtk_source_buffer_set_language (buffer, language);
  gtk_source_buffer_set_highlight_syntax (buffer, language != NULL);

  /* Loading is not an edit: it cannot be undone */
  gtk_text_buffer_begin_irreversible_action (text_buffer);
  gtk_text_buffer_set_text (text_buffer, text, -1);
  gtk_text_buffer_end_irreversible_action (text_buffer);
  gtk_text_buffer_get_start_iter (text_buffer, &start);
  gtk_text_buffer_place_cursor (text_buffer, &start);
  gtk_text_buffer_set_modified (text_buffer, FALSE);
}

static char *
buffer_dup_text (GtkSourceBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (buffer), &start, &end, TRUE);
}

static gboolean
is_modified (KhStringView *self)
{
  return gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer));
}

static gboolean
is_editable (KhStringView *self)
{
  return self->value != NULL && !self->truncated && !self->in_large_view && self->mode != KH_STRING_VIEW_HEX &&
         !kh_value_pane_is_read_only (KH_VALUE_PANE (self));
}

static void
kh_string_view_update_actions (KhValuePane *pane)
{
  KhStringView *self = KH_STRING_VIEW (pane);
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = !kh_value_pane_get_busy (pane) && !kh_value_pane_get_loading (pane);
  gboolean writable = !kh_value_pane_is_read_only (pane);

  KH_VALUE_PANE_CLASS (kh_string_view_parent_class)->update_actions (pane);
  /* Editable no more once the key is gone */
  if (!writable)
    gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), FALSE);

  gtk_widget_action_set_enabled (widget, "string.revert", self->value != NULL && is_modified (self));
  gtk_widget_action_set_enabled (widget, "string.increment",
                                 writable && idle && self->mode == KH_STRING_VIEW_NUMBER && !is_modified (self));
  gtk_widget_action_set_enabled (widget, "string.decrement",
                                 writable && idle && self->mode == KH_STRING_VIEW_NUMBER && !is_modified (self));
  gtk_widget_action_set_enabled (widget, "string.load-all", idle && self->truncated);
  gtk_widget_action_set_enabled (widget, "string.save-to-file", self->value != NULL && !self->saving_to_file);
  gtk_widget_action_set_enabled (widget, "string.stop-saving", self->saving_to_file);
  gtk_widget_action_set_enabled (widget, "string.decode-as", self->value != NULL);
  gtk_widget_action_set_enabled (widget, "string.compact-json", self->mode == KH_STRING_VIEW_JSON);
}

static gboolean
kh_string_view_can_save (KhValuePane *pane)
{
  KhStringView *self = KH_STRING_VIEW (pane);

  return is_editable (self) && is_modified (self);
}

static void
set_large_pending (KhStringView *self,
                   gboolean      pending)
{
  self->large_pending = pending;
  kh_value_pane_set_loading (KH_VALUE_PANE (self), pending);
}

static void
on_large_view_loading (KhLargeTextView *view,
                       GParamSpec      *pspec,
                       KhStringView    *self)
{
  if (self->large_pending && !kh_large_text_view_get_loading (view))
    set_large_pending (self, FALSE);
}

/* "Text · 9 bytes": after a load, and after a save changed the size */
static void
update_format_label (KhStringView  *self,
                     KhValueFormat  format)
{
  gsize len = g_bytes_get_size (self->value);
  g_autofree char *size = NULL;
  g_autofree char *description = NULL;

  size = g_format_size (self->truncated ? (guint64) self->total_length : len);
  switch (self->mode)
    {
    case KH_STRING_VIEW_JSON:
      /* Translators: describes a value; %s is a size such as "1.2 kB" */
      description = g_strdup_printf (_("JSON · %s · shown pretty-printed"), size);
      break;
    case KH_STRING_VIEW_NUMBER:
      description = g_strdup (self->is_integer ? _("Integer") : _("Floating-point number"));
      break;
    case KH_STRING_VIEW_HEX:
      if (format == KH_VALUE_FORMAT_GZIP)
        description = g_strdup_printf (_("Gzip data · %s · hex, read-only"), size);
      else
        description = g_strdup_printf (_("Binary · %s · hex, read-only"), size);
      break;
    case KH_STRING_VIEW_TEXT:
    default:
      if (format == KH_VALUE_FORMAT_BASE64)
        description = g_strdup_printf (_("Text · %s · looks like base64"), size);
      else if (format == KH_VALUE_FORMAT_EMPTY)
        description = g_strdup (_("Empty string"));
      else
        description = g_strdup_printf (_("Text · %s"), size);
      break;
    }
  if (self->long_lines)
    {
      /* Translators: added to a value's description */
      char *longer = g_strconcat (description, _(" · long lines, read-only"), NULL);

      g_free (description);
      description = longer;
    }
  gtk_label_set_label (self->format_label, description);
}

static void
show_shown (KhStringView *self,
            Shown        *shown)
{
  KhValuePane *pane = KH_VALUE_PANE (self);
  gsize len = g_bytes_get_size (self->value);
  g_autofree char *size = NULL;

  self->mode = shown->mode;
  self->is_integer = shown->is_integer;
  self->long_lines = shown->long_lines;
  self->in_large_view = shown->large_text != NULL;
  if (self->mode == KH_STRING_VIEW_JSON && !self->in_large_view)
    kh_string_view_set_compact_json (self, shown->compact_json);

  if (self->in_large_view)
    {
      kh_string_view_set_buffer_text (self->buffer, "", NULL);
      self->large_pending = TRUE;
      kh_large_text_view_set_text (self->large_view, shown->large_text);
      set_large_pending (self, kh_large_text_view_get_loading (self->large_view));
    }
  else
    {
      kh_large_text_view_set_text (self->large_view, NULL);
      set_large_pending (self, FALSE);
      kh_string_view_set_buffer_text (self->buffer, shown->text, shown->language);
      gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), is_editable (self));
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->source_view),
                                   self->mode == KH_STRING_VIEW_HEX ? GTK_WRAP_NONE : GTK_WRAP_WORD_CHAR);
      /* A dump has its offsets */
      gtk_source_view_set_show_line_numbers (self->source_view, self->mode != KH_STRING_VIEW_HEX);
    }

  update_format_label (self, shown->format);
  size = g_format_size (self->truncated ? (guint64) self->total_length : len);
  gtk_widget_set_visible (self->number_box, self->mode == KH_STRING_VIEW_NUMBER);
  gtk_widget_set_visible (self->save_button, is_editable (self) || kh_value_pane_is_read_only (pane));
  gtk_widget_set_visible (self->revert_button, is_editable (self) || kh_value_pane_is_read_only (pane));

  if (self->truncated)
    {
      g_autofree char *shown_size = g_format_size (len);
      g_autofree char *banner = g_strdup_printf (_("This value is %s. Only the first %s is shown, read-only."),
                                                 size, shown_size);

      gtk_label_set_label (self->large_label, banner);
    }
  else if (self->in_large_view && !self->long_lines)
    {
      g_autofree char *banner = g_strdup_printf (_("This value is %s, too large to edit here: it is shown "
                                                   "read-only. Save it to a file to edit it elsewhere."), size);

      gtk_label_set_label (self->large_label, banner);
    }
  gtk_widget_set_visible (self->load_all_button, self->truncated);
  gtk_revealer_set_reveal_child (self->large_revealer, self->truncated || (self->in_large_view && !self->long_lines));
  gtk_stack_set_visible_child_name (self->stack, self->in_large_view ? "large" : "value");
  kh_value_pane_update_actions (pane);
}

typedef struct {
  GBytes   *value;
  gboolean  truncated;
  guint     hex_bytes_per_row;
} Decide;

static void
decide_free (Decide *decide)
{
  g_bytes_unref (decide->value);
  g_free (decide);
}

static void
decide_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Decide *decide = task_data;

  g_task_return_pointer (task, _kh_string_view_decide_shown (decide->value, decide->truncated, decide->hex_bytes_per_row), (GDestroyNotify) _kh_string_view_shown_free);
}

static void
on_decided (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Shown) shown = g_task_propagate_pointer (G_TASK (result), NULL);

  if (shown == NULL)
    return;   /* a newer value, or disposal */
  show_shown (KH_STRING_VIEW (object), shown);
}

/* hexdump -C's 16 bytes a row where they fit, else 8 */
static guint
hex_bytes_per_row (KhStringView *self)
{
  GtkWidget *scrolled = gtk_widget_get_parent (GTK_WIDGET (self->source_view));
  g_autofree char *row = g_strnfill (HEX_ROW_CHARS, '0');
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->source_view), row);
  int needed;

  pango_layout_get_pixel_size (layout, &needed, NULL);
  needed += gtk_text_view_get_left_margin (GTK_TEXT_VIEW (self->source_view)) +
            gtk_text_view_get_right_margin (GTK_TEXT_VIEW (self->source_view));
  return gtk_widget_get_width (scrolled) >= needed ? 16 : 8;
}

static gboolean
redump_hex (gpointer data)
{
  KhStringView *self = data;
  gsize len;
  const guint8 *bytes;
  g_autofree char *dump = NULL;

  self->hex_idle = 0;
  if (self->value == NULL || self->mode != KH_STRING_VIEW_HEX || is_modified (self))
    return G_SOURCE_REMOVE;
  bytes = g_bytes_get_data (self->value, &len);
  dump = kh_string_view_hex_dump (bytes, len, self->hex_bytes_per_row);
  kh_string_view_set_buffer_text (self->buffer, dump, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_hadjustment_changed (GtkAdjustment *adjustment,
                        KhStringView  *self)
{
  guint per_row = hex_bytes_per_row (self);

  if (per_row == self->hex_bytes_per_row)
    return;
  self->hex_bytes_per_row = per_row;
  /* Not while the view is being allocated */
  if (self->mode == KH_STRING_VIEW_HEX && self->hex_idle == 0)
    self->hex_idle = g_idle_add (redump_hex, self);
}

static void
show_value (KhStringView *self)
{
  gsize len = g_bytes_get_size (self->value);

  if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);

  if (self->truncated || len > DECIDE_IN_THREAD_BYTES)
    {
      g_autoptr(GTask) task = NULL;
      Decide *decide = g_new0 (Decide, 1);

      /* Checking megabytes of text would stall the main loop */
      decide->value = g_bytes_ref (self->value);
      decide->truncated = self->truncated;
      decide->hex_bytes_per_row = self->hex_bytes_per_row;
      self->prepare_cancellable = g_cancellable_new ();
      task = g_task_new (self, self->prepare_cancellable, on_decided, NULL);
      g_task_set_source_tag (task, show_value);
      g_task_set_task_data (task, decide, (GDestroyNotify) decide_free);
      set_large_pending (self, TRUE);
      g_task_run_in_thread (task, decide_thread);
    }
  else
    {
      g_autoptr(Shown) shown = _kh_string_view_decide_shown (self->value, self->truncated, self->hex_bytes_per_row);

      show_shown (self, shown);
    }
}

void
kh_string_view_set_value (KhStringView *self,
           GBytes       *value,
           gboolean      truncated,
           gint64        total_length)
{
  g_bytes_ref (value);
  g_clear_pointer (&self->value, g_bytes_unref);
  self->value = value;
  self->truncated = truncated;
  self->total_length = total_length >= 0 ? total_length : (gint64) g_bytes_get_size (value);
  show_value (self);
}

/* Loading */

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KhStringView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) value = NULL;
  gboolean truncated = FALSE;
  gint64 total = -1;

  value = kh_value_string_load_finish (KH_SESSION (object), result, &truncated, &total, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  kh_value_pane_set_loading (KH_VALUE_PANE (self), FALSE);
  if (value == NULL)
    {
      kh_value_pane_show_error (KH_VALUE_PANE (self), error);
      return;
    }
  kh_string_view_set_value (self, value, truncated, total);
}

static void
kh_string_view_reload (KhValuePane *pane)
{
  KhStringView *self = KH_STRING_VIEW (pane);

  /* What the previous value was becoming is no longer wanted */
  if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  self->large_pending = FALSE;
  kh_value_pane_set_loading (pane, TRUE);
  kh_value_string_load_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), 0,
                              kh_value_pane_get_cancellable (pane), on_loaded, g_object_ref (pane));
}

static void
on_loaded_all (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KhStringView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) value = kh_value_string_load_all_finish (KH_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  kh_value_pane_set_loading (KH_VALUE_PANE (self), FALSE);
  if (value == NULL)
    {
      kh_value_pane_show_error (KH_VALUE_PANE (self), error);
      return;
    }
  kh_string_view_set_value (self, value, FALSE, -1);
}

/* Called while the load's task, which holds a reference on the view, runs */
static void
on_load_all_progress (guint64  done,
                      guint64  total,
                      gpointer user_data)
{
  KhStringView *self = user_data;
  g_autofree char *done_size = g_format_size (done);
  g_autofree char *total_size = g_format_size (total);
  /* Translators: while a large value loads; "12.0 MB of 67.1 MB" */
  g_autofree char *banner = g_strdup_printf (_("Loading the whole value: %s of %s…"), done_size, total_size);

  gtk_label_set_label (self->large_label, banner);
}

static void
load_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KhValuePane *pane = KH_VALUE_PANE (widget);

  kh_value_pane_set_loading (pane, TRUE);
  on_load_all_progress (0, KH_STRING_VIEW (widget)->total_length, widget);
  kh_value_string_load_all_with_progress_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                                                on_load_all_progress, pane, kh_value_pane_get_cancellable (pane),
                                                on_loaded_all, g_object_ref (pane));
}

/* Saving */

typedef struct {
  KhStringView *self;
  GBytes       *value;
} SaveOp;

static SaveOp *
save_op_new (KhStringView *self,
             GBytes       *value)
{
  SaveOp *op = g_new0 (SaveOp, 1);

  op->self = g_object_ref (self);
  op->value = g_bytes_ref (value);
  return op;
}

static void
save_op_free (gpointer data)
{
  SaveOp *op = data;

  g_object_unref (op->self);
  g_bytes_unref (op->value);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveOp, save_op_free)

static void start_save (KhStringView *self,
                        GBytes       *expected,
                        GBytes       *value);

static void
on_overwrite_loaded (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SaveOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) current = kh_value_string_load_all_finish (KH_SESSION (object), result, &error);

  kh_value_pane_end_write (KH_VALUE_PANE (op->self));
  if (current == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kh_value_pane_show_message (KH_VALUE_PANE (op->self), error->message);
      return;
    }
  start_save (op->self, current, op->value);
}

static void
on_conflict_resolved (KhValuePane           *pane,
                      const char            *response,
                      const KhValueConflict *conflict,
                      gpointer               data)
{
  KhStringView *self = KH_STRING_VIEW (pane);
  SaveOp *op = data;

  if (g_strcmp0 (response, "theirs") == 0)
    kh_value_pane_reload (pane);
  else if (g_strcmp0 (response, "overwrite") == 0 && conflict->server_value != NULL)
    {
      if (conflict->server_value_truncated)
        {
          /* The expected value must be the whole of it */
          kh_value_pane_begin_write (pane);
          kh_value_string_load_all_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                                          NULL, on_overwrite_loaded, save_op_new (self, op->value));
        }
      else
        start_save (self, conflict->server_value, op->value);
    }
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SaveOp) op = user_data;
  KhStringView *self = op->self;
  KhValuePane *pane = KH_VALUE_PANE (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, &conflict, &error))
    {
      if (conflict != NULL)
        kh_value_pane_resolve_conflict (pane, conflict, NULL, on_conflict_resolved,
                                        g_steal_pointer (&op), save_op_free);
      else
        /* The user's text stays in the editor */
        kh_value_pane_show_message (pane, error->message);
      return;
    }

  g_clear_pointer (&self->value, g_bytes_unref);
  self->value = g_bytes_ref (op->value);
  self->total_length = g_bytes_get_size (op->value);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);
  update_format_label (self, kh_value_decode_detect (g_bytes_get_data (self->value, NULL),
                                                     g_bytes_get_size (self->value)));
  kh_value_pane_toast (pane, _("Saved"));
  kh_value_pane_value_changed (pane);
  kh_value_pane_update_actions (pane);
}

static void
start_save (KhStringView *self,
            GBytes       *expected,
            GBytes       *value)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  kh_value_pane_begin_write (pane);
  kh_value_string_set_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                             expected, value, NULL, on_saved, save_op_new (self, value));
}

static void
show_json_error (KhStringView *self,
                 const GError *error,
                 guint         line,
                 guint         column)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  g_autofree char *text = g_strdup_printf (_("The JSON is not valid, so it was not saved. %s"), error->message);
  GtkTextIter iter;

  if (line > 0 && gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, (int) line - 1,
                                                           column > 0 ? (int) column - 1 : 0))
    {
      gtk_text_buffer_place_cursor (buffer, &iter);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->source_view), &iter, 0.1, FALSE, 0, 0);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
  kh_value_pane_show_message (KH_VALUE_PANE (self), text);
}

static void
kh_string_view_save (KhValuePane *pane)
{
  KhStringView *self = KH_STRING_VIEW (pane);
  g_autofree char *text = buffer_dup_text (self->buffer);
  g_autoptr(GBytes) value = NULL;

  if (self->mode == KH_STRING_VIEW_JSON)
    {
      g_autoptr(GError) error = NULL;
      guint line = 0, column = 0;

      if (!kh_value_decode_json_validate ((const guint8 *) text, strlen (text), &line, &column, &error))
        {
          show_json_error (self, error, line, column);
          return;
        }
      value = kh_value_encode_json ((const guint8 *) text, strlen (text), self->compact_json, &error);
      if (value == NULL)
        {
          show_json_error (self, error, 0, 0);
          return;
        }
    }
  else
    value = g_bytes_new (text, strlen (text));

  start_save (self, self->value, value);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhStringView *self = KH_STRING_VIEW (widget);

  if (self->value != NULL)
    show_value (self);
}

/* GObject */

static void
on_modified_changed (GtkTextBuffer *buffer,
                     KhStringView  *self)
{
  kh_value_pane_update_actions (KH_VALUE_PANE (self));
}

KhStringViewMode
kh_string_view_get_mode (KhStringView *self)
{
  g_return_val_if_fail (KH_IS_STRING_VIEW (self), KH_STRING_VIEW_TEXT);

  return self->mode;
}

GtkSourceBuffer *
kh_string_view_get_buffer (KhStringView *self)
{
  g_return_val_if_fail (KH_IS_STRING_VIEW (self), NULL);

  return self->buffer;
}

GBytes *
kh_string_view_get_value (KhStringView *self)
{
  g_return_val_if_fail (KH_IS_STRING_VIEW (self), NULL);

  return self->value;
}

gboolean
kh_string_view_get_truncated (KhStringView *self)
{
  g_return_val_if_fail (KH_IS_STRING_VIEW (self), FALSE);

  return self->truncated;
}

gboolean
kh_string_view_get_compact_json (KhStringView *self)
{
  g_return_val_if_fail (KH_IS_STRING_VIEW (self), FALSE);

  return self->compact_json;
}

void
kh_string_view_set_compact_json (KhStringView *self,
                                 gboolean      compact)
{
  g_return_if_fail (KH_IS_STRING_VIEW (self));

  compact = !!compact;
  if (self->compact_json == compact)
    return;
  self->compact_json = compact;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT_JSON]);
}

static void
kh_string_view_dispose (GObject *object)
{
  KhStringView *self = KH_STRING_VIEW (object);

  if (self->file_cancellable != NULL)
    g_cancellable_cancel (self->file_cancellable);
  if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  g_clear_handle_id (&self->hex_idle, g_source_remove);
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);

  G_OBJECT_CLASS (kh_string_view_parent_class)->dispose (object);
}

static void
kh_string_view_finalize (GObject *object)
{
  KhStringView *self = KH_STRING_VIEW (object);

  g_clear_pointer (&self->value, g_bytes_unref);
  g_clear_object (&self->file_cancellable);

  G_OBJECT_CLASS (kh_string_view_parent_class)->finalize (object);
}

static void
kh_string_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KhStringView *self = KH_STRING_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPACT_JSON:
      g_value_set_boolean (value, self->compact_json);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_string_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KhStringView *self = KH_STRING_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPACT_JSON:
      kh_string_view_set_compact_json (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_string_view_class_init (KhStringViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KhValuePaneClass *pane_class = KH_VALUE_PANE_CLASS (klass);

  object_class->dispose = kh_string_view_dispose;
  object_class->finalize = kh_string_view_finalize;
  object_class->get_property = kh_string_view_get_property;
  object_class->set_property = kh_string_view_set_property;
  pane_class->reload = kh_string_view_reload;
  pane_class->save = kh_string_view_save;
  pane_class->can_save = kh_string_view_can_save;
  pane_class->update_actions = kh_string_view_update_actions;

  properties[PROP_COMPACT_JSON] =
    g_param_spec_boolean ("compact-json", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);
  g_type_ensure (KH_TYPE_LARGE_TEXT_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-string-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhStringView, large_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, large_label);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, load_all_button);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, file_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, file_label);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, file_progress);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, format_label);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, number_box);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, decrement_button);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, increment_button);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, save_button);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, revert_button);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, source_view);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, buffer);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, large_view);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, decoded_label);
  gtk_widget_class_bind_template_child (widget_class, KhStringView, decoded_buffer);

  gtk_widget_class_install_action (widget_class, "string.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "string.load-all", NULL, load_all_action);
  gtk_widget_class_install_property_action (widget_class, "string.compact-json", "compact-json");
  kh_string_view_class_init_tools (widget_class);
}

static void
kh_string_view_init (KhStringView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  kh_value_source_buffer_follow_style (self->buffer);
  kh_value_source_buffer_follow_style (self->decoded_buffer);
  kh_value_text_buffer_without_hyphens (GTK_TEXT_BUFFER (self->buffer));
  kh_value_text_buffer_without_hyphens (GTK_TEXT_BUFFER (self->decoded_buffer));
  g_signal_connect_object (self->buffer, "modified-changed", G_CALLBACK (on_modified_changed), self, 0);
  g_signal_connect_object (self->large_view, "notify::loading", G_CALLBACK (on_large_view_loading), self, 0);
  self->hex_bytes_per_row = 8;
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->source_view)), "changed",
                           G_CALLBACK (on_hadjustment_changed), self, 0);
}

static void
kh_string_view_constructed (KhStringView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  kh_value_pane_editing_control (pane, self->decrement_button, _("Subtract 1 (INCRBY -1)"));
  kh_value_pane_editing_control (pane, self->increment_button, _("Add 1 (INCRBY 1)"));
  kh_value_pane_editing_control (pane, self->save_button,
                                 _("Save the value (Ctrl+S); refused if someone else changed it meanwhile"));
  kh_value_pane_editing_control (pane, self->revert_button, _("Drop your changes"));
}

GtkWidget *
kh_string_view_new (KhSession *session,
                    GBytes    *key)
{
  KhStringView *self;

  g_return_val_if_fail (KH_IS_SESSION (session), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (KH_TYPE_STRING_VIEW, "session", session, "key", key, NULL);
  kh_string_view_constructed (self);
  return GTK_WIDGET (self);
}
