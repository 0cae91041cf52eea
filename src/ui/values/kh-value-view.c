/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-view.c: one key's value: a header with rename and TTL editing,
 * and the viewer and editor for the key's type
 *
 * The header (TYPE, PTTL, OBJECT ENCODING, MEMORY USAGE, length) comes in
 * one pipelined round trip, then the pane for the type loads the value or
 * its first page. Switching keys cancels both, and the previous pane is
 * closed so late answers never show under another key. What the header
 * does to the key (rename, expiry, delete) is in kh-value-view-actions.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-error.h"
#include "kh-hash-view.h"
#include "kh-json-view.h"
#include "kh-key-item.h"
#include "kh-list-view.h"
#include "kh-set-view.h"
#include "kh-stream-view.h"
#include "kh-string-view.h"
#include "kh-value-view-private.h"
#include "kh-zset-view.h"

G_DEFINE_FINAL_TYPE (KhValueView, kh_value_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_KEY,
  PROP_STATE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_KEY_RENAMED,
  SIGNAL_KEY_DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


/* Requests: answers for a key that is no longer shown are dropped */


Request *
kh_value_view_request_new (KhValueView *self)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (self->cancellable);
  request->key = g_bytes_ref (self->key);
  return request;
}

void
kh_value_view_request_free (gpointer data)
{
  Request *request = data;

  g_object_unref (request->self);
  g_object_unref (request->cancellable);
  g_bytes_unref (request->key);
  g_clear_pointer (&request->new_key, g_bytes_unref);
  g_free (request);
}

gboolean
kh_value_view_request_current (Request *request)
{
  return !g_cancellable_is_cancelled (request->cancellable);
}

/* Style */

static void
ensure_css (GtkWidget *widget)
{
  static const char css[] =
    ".kh-type-badge { padding: 1px 8px; border-radius: 6px; font-size: smaller; font-weight: bold; }\n"
    ".kh-type-string { color: mix(@blue_3, @window_fg_color, 0.2); background-color: alpha(@blue_3, 0.18); }\n"
    ".kh-type-hash { color: mix(@purple_3, @window_fg_color, 0.2); background-color: alpha(@purple_3, 0.18); }\n"
    ".kh-type-list { color: mix(@green_4, @window_fg_color, 0.2); background-color: alpha(@green_3, 0.18); }\n"
    ".kh-type-set { color: mix(@orange_4, @window_fg_color, 0.2); background-color: alpha(@orange_3, 0.18); }\n"
    ".kh-type-zset { color: mix(@red_3, @window_fg_color, 0.2); background-color: alpha(@red_3, 0.18); }\n"
    ".kh-type-stream { color: mix(@yellow_5, @window_fg_color, 0.3); background-color: alpha(@yellow_3, 0.25); }\n"
    ".kh-type-json { color: mix(@brown_3, @window_fg_color, 0.2); background-color: alpha(@brown_2, 0.25); }\n"
    ".kh-type-none, .kh-type-other { color: alpha(@window_fg_color, 0.6); background-color: alpha(@window_fg_color, 0.08); }\n"
    ".kh-value-header { padding: 10px 12px 6px 12px; }\n"
    ".kh-value-header .kh-key-name { font-weight: bold; font-size: larger; }\n"
    ".kh-value-header .kh-ttl-button { padding-left: 6px; padding-right: 8px; min-height: 24px; }\n"
    ".kh-value-message { padding: 8px 12px; background-color: alpha(@error_color, 0.12); color: @error_color; }\n"
    ".kh-value-gone { padding: 8px 12px; background-color: alpha(@warning_color, 0.14); }\n"
    ".kh-value-subbar { padding: 6px 6px 6px 12px; background-color: alpha(@window_fg_color, 0.04); }\n"
    ".kh-load-more { margin: 0; border-radius: 0; }\n";
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "kh-value-view-css") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "kh-value-view-css", g_steal_pointer (&provider), g_object_unref);
}

/* State */

gboolean
kh_value_view_is_writable (KhValueView *self)
{
  return self->session != NULL && !kh_session_is_read_only (self->session);
}

void
kh_value_view_update_actions (KhValueView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean shown = self->state == KH_VALUE_VIEW_VALUE || self->state == KH_VALUE_VIEW_UNSUPPORTED;
  gboolean writable = kh_value_view_is_writable (self);

  gtk_widget_action_set_enabled (widget, "value.reload", self->key != NULL);
  gtk_widget_action_set_enabled (widget, "value.delete", shown && writable);
  gtk_widget_action_set_enabled (widget, "value.set-ttl", shown && writable);
  gtk_widget_action_set_enabled (widget, "value.clear-ttl",
                                 shown && writable && self->has_header && self->header.ttl_ms >= 0);
  gtk_widget_action_set_enabled (widget, "value.rename", shown && writable);
  gtk_widget_action_set_enabled (widget, "value.rename-apply", shown && writable);
  /* The pane knows whether there is something to save */
  gtk_widget_action_set_enabled (widget, "value.save", self->pane != NULL);
  gtk_widget_action_set_enabled (widget, "value.create-again",
                                 self->state == KH_VALUE_VIEW_GONE && writable && self->pane != NULL &&
                                 !kh_value_pane_get_busy (self->pane) && !kh_value_pane_get_loading (self->pane));
  /* Menu buttons have no action: their popovers' buttons do */
  gtk_widget_set_sensitive (self->rename_button, shown && writable);
  gtk_widget_set_sensitive (self->ttl_button, shown && writable);
}

void
kh_value_view_set_state (KhValueView      *self,
           KhValueViewState  state)
{
  static const char * const pages[] = { "empty", "loading", "value", "value", "gone", "error" };

  self->state = state;
  /* A key that vanished while shown keeps what it showed, under a banner */
  gtk_stack_set_visible_child_name (self->stack, state == KH_VALUE_VIEW_GONE && self->pane != NULL ? "value"
                                                                                                : pages[state]);
  gtk_revealer_set_reveal_child (self->gone_revealer, state == KH_VALUE_VIEW_GONE && self->pane != NULL);
  if (state == KH_VALUE_VIEW_VALUE || state == KH_VALUE_VIEW_UNSUPPORTED)
    gtk_stack_set_visible_child_name (self->content_stack, state == KH_VALUE_VIEW_VALUE ? "pane" : "unsupported");
  if (state == KH_VALUE_VIEW_LOADING)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  kh_value_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_header_loading (KhValueView *self,
                    gboolean     loading)
{
  if (self->header_loading == loading)
    return;
  self->header_loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
kh_value_view_show_message (KhValueView *self,
              const char  *text)
{
  self->message_transient = FALSE;
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_label (self->message_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->message_revealer, text != NULL);
}

static gboolean
is_connection_error (const GError *error)
{
  return g_error_matches (error, KH_ERROR, KH_ERROR_CLOSED) || g_error_matches (error, KH_ERROR, KH_ERROR_TIMEOUT) ||
         g_error_matches (error, KH_ERROR, KH_ERROR_REFUSED);
}

void
kh_value_view_show_error (KhValueView  *self,
                          const GError *error)
{
  kh_value_view_show_message (self, error->message);
  self->message_transient = is_connection_error (error);
}

void
kh_value_view_toast (KhValueView *self,
       const char  *text)
{
  AdwToast *item = adw_toast_new (text);

  adw_toast_set_timeout (item, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, item);
}

void
kh_value_view_emit_key_renamed (KhValueView *self,
                                GBytes      *old_key,
                                GBytes      *new_key)
{
  g_signal_emit (self, signals[SIGNAL_KEY_RENAMED], 0, old_key, new_key);
}

void
kh_value_view_emit_key_deleted (KhValueView *self,
                                GBytes      *key)
{
  g_signal_emit (self, signals[SIGNAL_KEY_DELETED], 0, key);
}

/* The pane */

static void
on_pane_message (KhValuePane *pane,
                 const char  *text,
                 KhValueView *self)
{
  kh_value_view_show_message (self, text);
  /* A write refused while reconnecting: no longer true once connected */
  self->message_transient = text != NULL && kh_session_get_state (self->session) != KH_SESSION_READY;
}

static void
on_pane_changed (KhValuePane *pane,
                 KhValueView *self)
{
  /* The length and size moved: the header only, the pane stays as it is */
  kh_value_view_queue_header (self);
}

static void
on_pane_gone (KhValuePane *pane,
              KhValueView *self)
{
  if (self->state == KH_VALUE_VIEW_GONE)
    return;
  kh_value_view_mark_gone (self);
  /* A page load found it missing: the key browser's row goes too */
  kh_session_key_changed (self->session, self->key, KH_KEY_CHANGED_GONE);
}

static void
set_optional_label (GtkLabel   *label,
                    const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
update_gone_label (KhValueView *self)
{
  g_autoptr(GPtrArray) items = self->pane != NULL ? kh_value_view_dup_shown_items (self) : NULL;
  GString *text = g_string_new (_("This key no longer exists: it was deleted, renamed or expired. "
                                  "What it held is shown read-only."));

  if (items == NULL)
    g_string_append (text, _(" It cannot be created again from what was shown."));
  else if (kh_value_pane_get_more_available (self->pane))
    /* Translators: a collection only partly loaded */
    g_string_append (text, _(" Create Again writes only the part that was loaded."));
  gtk_label_set_label (self->gone_label, text->str);
  g_string_free (text, TRUE);
}

void
kh_value_view_mark_gone (KhValueView *self)
{
  if (self->state == KH_VALUE_VIEW_GONE)
    return;
  kh_value_view_stop_ttl_countdown (self);
  gtk_label_set_label (self->ttl_label, _("Gone"));
  /* It takes no memory now; the length still describes what is shown */
  set_optional_label (self->size_label, NULL);
  set_optional_label (self->encoding_label, NULL);
  if (self->pane != NULL && self->state == KH_VALUE_VIEW_VALUE)
    {
      kh_value_pane_set_gone (self->pane);
      update_gone_label (self);
    }
  else
    kh_value_view_drop_pane (self);
  kh_value_view_set_state (self, KH_VALUE_VIEW_GONE);
}

static void
on_pane_notify (GObject     *object,
                GParamSpec  *pspec,
                KhValueView *self)
{
  kh_value_view_update_actions (self);
  if (g_str_equal (pspec->name, "loading"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
kh_value_view_drop_pane (KhValueView *self)
{
  if (self->pane == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->pane, self);
  kh_value_pane_close (self->pane);
  adw_bin_set_child (self->pane_bin, NULL);
  self->pane = NULL;
}

static GtkWidget *
new_pane (KhValueView *self)
{
  switch (self->header.type)
    {
    case KH_VALUE_TYPE_STRING:
      return kh_string_view_new (self->session, self->key);
    case KH_VALUE_TYPE_HASH:
      return kh_hash_view_new (self->session, self->key);
    case KH_VALUE_TYPE_LIST:
      return kh_list_view_new (self->session, self->key);
    case KH_VALUE_TYPE_SET:
      return kh_set_view_new (self->session, self->key);
    case KH_VALUE_TYPE_ZSET:
      return kh_zset_view_new (self->session, self->key);
    case KH_VALUE_TYPE_STREAM:
      return kh_stream_view_new (self->session, self->key);
    case KH_VALUE_TYPE_JSON:
      if (kh_session_has_command (self->session, "json.get"))
        return kh_json_view_new (self->session, self->key);
      return NULL;
    case KH_VALUE_TYPE_NONE:
    case KH_VALUE_TYPE_OTHER:
    default:
      return NULL;
    }
}

static void
show_pane (KhValueView *self)
{
  GtkWidget *widget;

  kh_value_view_drop_pane (self);
  widget = new_pane (self);
  if (widget == NULL)
    {
      g_autofree char *description = NULL;

      if (self->header.type == KH_VALUE_TYPE_JSON)
        description = g_strdup (_("This is a JSON document, but the server no longer answers JSON.GET."));
      else
        description = g_strdup_printf (_("Its type is “%s”, which Keyhole does not read yet. The key "
                                         "can still be renamed, given an expiry, or deleted."),
                                       self->header.type_name != NULL ? self->header.type_name : "none");
      adw_status_page_set_description (self->unsupported_page, description);
      kh_value_view_set_state (self, KH_VALUE_VIEW_UNSUPPORTED);
      return;
    }

  self->pane = KH_VALUE_PANE (widget);
  g_signal_connect (self->pane, "message", G_CALLBACK (on_pane_message), self);
  g_signal_connect (self->pane, "changed", G_CALLBACK (on_pane_changed), self);
  g_signal_connect (self->pane, "gone", G_CALLBACK (on_pane_gone), self);
  g_signal_connect (self->pane, "notify::loading", G_CALLBACK (on_pane_notify), self);
  g_signal_connect (self->pane, "notify::busy", G_CALLBACK (on_pane_notify), self);
  kh_value_pane_set_header (self->pane, &self->header);
  adw_bin_set_child (self->pane_bin, widget);
  kh_value_view_set_state (self, KH_VALUE_VIEW_VALUE);
  kh_value_pane_reload (self->pane);
}

/* The header */

static char *
format_ttl (gint64 ms)
{
  gint64 s = (ms + 999) / 1000;

  if (s < 60)
    /* Translators: time left before a key expires */
    return g_strdup_printf (_("Expires in %d s"), (int) s);
  if (s < 3600)
    return g_strdup_printf (_("Expires in %d min %02d s"), (int) (s / 60), (int) (s % 60));
  if (s < 86400)
    return g_strdup_printf (_("Expires in %d h %02d min"), (int) (s / 3600), (int) (s % 3600 / 60));
  return g_strdup_printf (_("Expires in %d d %d h"), (int) (s / 86400), (int) (s % 86400 / 3600));
}

static gint64
ttl_left (KhValueView *self)
{
  return self->header.ttl_ms - (g_get_monotonic_time () - self->header_time) / 1000;
}

static gboolean update_ttl (gpointer data);

void
kh_value_view_stop_ttl_countdown (KhValueView *self)
{
  g_clear_handle_id (&self->ttl_timeout, g_source_remove);
}

static gboolean
update_ttl (gpointer data)
{
  KhValueView *self = data;
  g_autofree char *text = NULL;
  gint64 left;

  if (!self->has_header || self->header.ttl_ms < 0)
    {
      gtk_label_set_label (self->ttl_label, _("No expiry"));
      self->ttl_timeout = 0;
      return G_SOURCE_REMOVE;
    }
  left = ttl_left (self);
  if (left <= 0)
    {
      gtk_label_set_label (self->ttl_label, _("Expiring…"));
      self->ttl_timeout = 0;
      /* It should be gone: ask */
      if (!self->header_loading)
        kh_value_view_load_header (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  text = format_ttl (left);
  gtk_label_set_label (self->ttl_label, text);
  return G_SOURCE_CONTINUE;
}

static void
start_ttl_countdown (KhValueView *self)
{
  kh_value_view_stop_ttl_countdown (self);
  if (update_ttl (self) == G_SOURCE_CONTINUE)
    self->ttl_timeout = g_timeout_add (1000, update_ttl, self);
}

static const char *
type_css_class (const char *type_name)
{
  static const char * const known[][2] = {
    { "string", "kh-type-string" },
    { "hash", "kh-type-hash" },
    { "list", "kh-type-list" },
    { "set", "kh-type-set" },
    { "zset", "kh-type-zset" },
    { "stream", "kh-type-stream" },
    { "ReJSON-RL", "kh-type-json" },
    { "none", "kh-type-none" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (type_name, known[i][0]) == 0)
      return known[i][1];
  return "kh-type-other";
}

static char *
format_length (const KhValueHeader *header)
{
  g_autofree char *count = NULL;
  gulong n;

  if (header->length < 0)
    return NULL;
  count = kh_value_format_count (header->length);
  n = (gulong) header->length;
  switch (header->type)
    {
    case KH_VALUE_TYPE_STRING:
      return g_strdup_printf (g_dngettext (NULL, "%s byte", "%s bytes", n), count);
    case KH_VALUE_TYPE_HASH:
      return g_strdup_printf (g_dngettext (NULL, "%s field", "%s fields", n), count);
    case KH_VALUE_TYPE_LIST:
      return g_strdup_printf (g_dngettext (NULL, "%s element", "%s elements", n), count);
    case KH_VALUE_TYPE_SET:
    case KH_VALUE_TYPE_ZSET:
      return g_strdup_printf (g_dngettext (NULL, "%s member", "%s members", n), count);
    case KH_VALUE_TYPE_STREAM:
      return g_strdup_printf (g_dngettext (NULL, "%s entry", "%s entries", n), count);
    case KH_VALUE_TYPE_JSON:
      if (g_strcmp0 (header->json_type, "object") == 0)
        return g_strdup_printf (g_dngettext (NULL, "%s member", "%s members", n), count);
      if (g_strcmp0 (header->json_type, "array") == 0)
        return g_strdup_printf (g_dngettext (NULL, "%s element", "%s elements", n), count);
      return g_strdup_printf (g_dngettext (NULL, "%s character", "%s characters", n), count);
    case KH_VALUE_TYPE_NONE:
    case KH_VALUE_TYPE_OTHER:
    default:
      return g_strdup (count);
    }
}

static void
fill_header (KhValueView *self)
{
  const KhValueHeader *header = &self->header;
  gsize len;
  const char *data = g_bytes_get_data (self->key, &len);
  g_autofree char *name = kh_key_escape (data != NULL ? data : "", len);
  g_autofree char *length = format_length (header);
  g_autofree char *size = NULL;
  g_autofree char *encoding = NULL;
  const char *type = header->type == KH_VALUE_TYPE_JSON ? "json" : header->type_name;
  static const char * const type_classes[] = {
    "kh-type-string", "kh-type-hash", "kh-type-list", "kh-type-set", "kh-type-zset",
    "kh-type-stream", "kh-type-json", "kh-type-none", "kh-type-other",
  };

  gtk_label_set_label (self->type_label, type != NULL ? type : "?");
  for (guint i = 0; i < G_N_ELEMENTS (type_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->type_label), type_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->type_label), type_css_class (header->type_name));

  gtk_label_set_label (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), name);
  gtk_widget_set_tooltip_text (self->rename_button,
                               kh_value_view_is_writable (self) ? _("Rename the key (F2)") : kh_value_pane_read_only_tip ());

  if (header->size_bytes >= 0)
    {
      g_autofree char *formatted = g_format_size (header->size_bytes);

      /* Translators: memory a key takes on the server */
      size = g_strdup_printf (_("%s in memory"), formatted);
    }
  if (header->encoding != NULL)
    encoding = g_strdup (header->encoding);
  set_optional_label (self->length_label, length);
  set_optional_label (self->size_label, size);
  set_optional_label (self->encoding_label, encoding);

  gtk_widget_set_tooltip_text (self->ttl_button,
                               kh_value_view_is_writable (self) ? _("Set or remove when the key expires")
                                                  : kh_value_pane_read_only_tip ());
  gtk_widget_set_sensitive (self->ttl_button, kh_value_view_is_writable (self));
  gtk_widget_set_tooltip_text (self->delete_button,
                               kh_value_view_is_writable (self) ? _("Delete the key…") : kh_value_pane_read_only_tip ());
  if (header->ttl_ms > 0)
    gtk_spin_button_set_value (self->ttl_spin, (double) ((header->ttl_ms + 999) / 1000));
  start_ttl_countdown (self);
}

static void
on_header (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  KhValueView *self = request->self;
  g_autoptr(GError) error = NULL;
  KhValueHeader header = { 0 };
  KhValueType previous = self->header.type;
  gboolean had_header = self->has_header;

  if (!kh_value_header_load_finish (KH_SESSION (object), result, &header, &error))
    {
      if (!kh_value_view_request_current (request))
        return;
      set_header_loading (self, FALSE);
      kh_value_view_stop_ttl_countdown (self);
      if (g_error_matches (error, KH_ERROR, KH_ERROR_NOT_FOUND))
        {
          /* Said once; the key browser's row goes too */
          if (self->state != KH_VALUE_VIEW_GONE)
            {
              kh_value_view_mark_gone (self);
              kh_session_key_changed (self->session, self->key, KH_KEY_CHANGED_GONE);
            }
        }
      else if (request->full)
        {
          adw_status_page_set_description (self->error_page, error->message);
          kh_value_view_set_state (self, KH_VALUE_VIEW_ERROR);
        }
      else
        kh_value_view_show_error (self, error);
      return;
    }
  if (!kh_value_view_request_current (request))
    return;

  /* Back after it was gone: shown afresh */
  if (self->state == KH_VALUE_VIEW_GONE)
    request->full = TRUE;
  set_header_loading (self, FALSE);
  self->header = header;
  self->has_header = TRUE;
  self->header_time = g_get_monotonic_time ();
  fill_header (self);

  if (request->full || !had_header || previous != header.type ||
      (self->pane == NULL && self->state != KH_VALUE_VIEW_UNSUPPORTED))
    show_pane (self);
  else
    {
      if (self->pane != NULL)
        kh_value_pane_set_header (self->pane, &self->header);
      kh_value_view_update_actions (self);
    }
}

static gboolean
on_header_idle (gpointer data)
{
  KhValueView *self = data;

  self->header_idle = 0;
  kh_value_view_load_header (self, FALSE);
  return G_SOURCE_REMOVE;
}

void
kh_value_view_queue_header (KhValueView *self)
{
  if (self->key != NULL && self->header_idle == 0)
    self->header_idle = g_idle_add (on_header_idle, self);
}

void
kh_value_view_load_header (KhValueView *self,
             gboolean     full)
{
  Request *request;

  g_clear_handle_id (&self->header_idle, g_source_remove);
  if (self->key == NULL)
    return;
  request = kh_value_view_request_new (self);
  request->full = full;
  set_header_loading (self, TRUE);
  kh_value_header_load_async (self->session, self->key,
                              self->has_header ? self->header.type_name : self->type_hint,
                              self->cancellable, on_header, request);
}

/* Keys */

void
kh_value_view_set_key_with_type (KhValueView *self,
                                 GBytes      *key,
                                 const char  *type_hint)
{
  g_return_if_fail (KH_IS_VALUE_VIEW (self));

  if (key != NULL)
    g_bytes_ref (key);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->key, g_bytes_unref);
  self->key = key;
  g_free (self->type_hint);
  self->type_hint = g_strdup (type_hint);
  self->has_header = FALSE;
  memset (&self->header, 0, sizeof self->header);
  g_clear_handle_id (&self->header_idle, g_source_remove);
  kh_value_view_stop_ttl_countdown (self);
  kh_value_view_drop_pane (self);
  kh_value_view_show_message (self, NULL);
  set_header_loading (self, FALSE);

  if (key == NULL)
    kh_value_view_set_state (self, KH_VALUE_VIEW_EMPTY);
  else
    {
      kh_value_view_set_state (self, KH_VALUE_VIEW_LOADING);
      kh_value_view_load_header (self, TRUE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY]);
}

void
kh_value_view_set_key (KhValueView *self,
                       GBytes      *key)
{
  kh_value_view_set_key_with_type (self, key, NULL);
}

void
kh_value_view_reload (KhValueView *self)
{
  g_autoptr(GBytes) key = NULL;

  g_return_if_fail (KH_IS_VALUE_VIEW (self));

  if (self->key == NULL)
    return;
  key = g_bytes_ref (self->key);
  kh_value_view_set_key_with_type (self, key, self->has_header ? self->header.type_name : NULL);
}

/* What happens to the key elsewhere: the key browser, the console, another
 * view's edit, a read that found it missing */

static void
on_key_changed (KhSession   *session,
                GBytes      *key,
                guint        change,
                KhValueView *self)
{
  g_assert (KH_IS_SESSION (session));

  if (self->key == NULL || self->state == KH_VALUE_VIEW_EMPTY || self->state == KH_VALUE_VIEW_ERROR ||
      (key != NULL && !g_bytes_equal (key, self->key)))
    return;
  if (key != NULL && (change & KH_KEY_CHANGED_GONE) != 0 && (change & KH_KEY_CHANGED_NEW) == 0)
    kh_value_view_mark_gone (self);
  else if (self->state == KH_VALUE_VIEW_GONE && key != NULL && (change & KH_KEY_CHANGED_NEW) != 0)
    kh_value_view_reload (self);
  else if (self->state != KH_VALUE_VIEW_LOADING)
    /* TTL, length, size, type; or some key, unknown which: this one may be gone */
    kh_value_view_queue_header (self);
}

/* Sentences about a lost connection are old news once it is back */
static void
on_reconnected (KhSession   *session,
                KhValueView *self)
{
  g_assert (KH_IS_SESSION (session));

  if (self->message != NULL && self->message_transient)
    kh_value_view_show_message (self, NULL);
}

/* Accessors */

GtkWidget *
kh_value_view_new (KhSession *session)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  return g_object_new (KH_TYPE_VALUE_VIEW, "session", session, NULL);
}

KhSession *
kh_value_view_get_session (KhValueView *self)
{
  g_return_val_if_fail (KH_IS_VALUE_VIEW (self), NULL);

  return self->session;
}

GBytes *
kh_value_view_get_key (KhValueView *self)
{
  g_return_val_if_fail (KH_IS_VALUE_VIEW (self), NULL);

  return self->key;
}

KhValueViewState
kh_value_view_get_state (KhValueView *self)
{
  g_return_val_if_fail (KH_IS_VALUE_VIEW (self), KH_VALUE_VIEW_EMPTY);

  return self->state;
}

gboolean
kh_value_view_get_loading (KhValueView *self)
{
  g_return_val_if_fail (KH_IS_VALUE_VIEW (self), FALSE);

  return self->header_loading || (self->pane != NULL && kh_value_pane_get_loading (self->pane));
}

const KhValueHeader *
kh_value_view_get_header (KhValueView *self)
{
  g_return_val_if_fail (KH_IS_VALUE_VIEW (self), NULL);

  return self->has_header ? &self->header : NULL;
}

KhValuePane *
kh_value_view_get_pane (KhValueView *self)
{
  g_return_val_if_fail (KH_IS_VALUE_VIEW (self), NULL);

  return self->state == KH_VALUE_VIEW_VALUE ? self->pane : NULL;
}

const char *
kh_value_view_get_message (KhValueView *self)
{
  g_return_val_if_fail (KH_IS_VALUE_VIEW (self), NULL);

  return self->message;
}

/* GObject */

static void
kh_value_view_dispose (GObject *object)
{
  KhValueView *self = KH_VALUE_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->header_idle, g_source_remove);
  kh_value_view_stop_ttl_countdown (self);
  kh_value_view_drop_pane (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_VALUE_VIEW);

  G_OBJECT_CLASS (kh_value_view_parent_class)->dispose (object);
}

static void
kh_value_view_finalize (GObject *object)
{
  KhValueView *self = KH_VALUE_VIEW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->key, g_bytes_unref);
  g_clear_pointer (&self->type_hint, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (kh_value_view_parent_class)->finalize (object);
}

static void
kh_value_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KhValueView *self = KH_VALUE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_KEY:
      g_value_set_boxed (value, self->key);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, kh_value_view_get_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_value_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KhValueView *self = KH_VALUE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      g_signal_connect_object (self->session, "key-changed", G_CALLBACK (on_key_changed), self, 0);
      g_signal_connect_object (self->session, "reconnected", G_CALLBACK (on_reconnected), self, 0);
      break;
    case PROP_KEY:
      kh_value_view_set_key (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_value_view_class_init (KhValueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_value_view_dispose;
  object_class->finalize = kh_value_view_finalize;
  object_class->get_property = kh_value_view_get_property;
  object_class->set_property = kh_value_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_boxed ("key", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KH_TYPE_VALUE_VIEW_STATE, KH_VALUE_VIEW_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhValueView::key-renamed:
   * @old_key: the name before
   * @new_key: the name now
   *
   * The user renamed the key here.
   */
  signals[SIGNAL_KEY_RENAMED] =
    g_signal_new ("key-renamed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_BYTES);
  /**
   * KhValueView::key-deleted:
   * @key: the key
   *
   * The user deleted the key here.
   */
  signals[SIGNAL_KEY_DELETED] =
    g_signal_new ("key-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-value-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhValueView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, type_label);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, name_label);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, rename_button);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, rename_entry);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, ttl_button);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, ttl_label);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, length_label);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, size_label);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, encoding_label);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, message_label);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, gone_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, gone_label);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, pane_bin);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, unsupported_page);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, gone_page);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, error_page);
  gtk_widget_class_bind_template_child (widget_class, KhValueView, ttl_spin);

  kh_value_view_class_init_actions (widget_class);
}

static void
kh_value_view_init (KhValueView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  ensure_css (GTK_WIDGET (self));
  kh_value_view_init_actions (self);
  kh_value_view_set_state (self, KH_VALUE_VIEW_EMPTY);
}
