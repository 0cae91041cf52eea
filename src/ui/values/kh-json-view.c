/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-json-view.c: a JSON module document (ReJSON-RL), pretty-printed,
 * read-only
 *
 * JSON.GET returns the whole document; editing paths in place is left for
 * later, so the view does not pretend to save.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-json-view.h"
#include "kh-value-decode.h"
#include "kh-value-string.h"

struct _KhJsonView
{
  KhValuePane      parent_instance;

  /* template children */
  GtkLabel        *format_label;
  GtkSourceBuffer *buffer;
};

G_DEFINE_FINAL_TYPE (KhJsonView, kh_json_view, KH_TYPE_VALUE_PANE)

static void
show_text (KhJsonView *self,
           const char *text)
{
  GtkSourceLanguage *json = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                                      "json");

  gtk_source_buffer_set_language (self->buffer, json);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), text, -1);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KhJsonView) self = user_data;
  KhValuePane *pane = KH_VALUE_PANE (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) document = kh_value_json_load_finish (KH_SESSION (object), result, &error);
  g_autofree char *pretty = NULL;
  g_autofree char *size = NULL;
  g_autofree char *label = NULL;
  const KhValueHeader *header;
  gsize len;
  const guint8 *data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  kh_value_pane_set_loading (pane, FALSE);
  if (document == NULL)
    {
      kh_value_pane_show_error (pane, error);
      return;
    }

  data = g_bytes_get_data (document, &len);
  pretty = kh_value_decode_json_pretty (data, len, NULL, NULL, NULL);
  if (pretty == NULL)
    pretty = g_strndup ((const char *) data, len);
  show_text (self, pretty);

  header = kh_value_pane_get_header (pane);
  size = g_format_size (len);
  if (header != NULL && header->json_type != NULL)
    /* Translators: "JSON document (object) · 1.2 kB · read-only" */
    label = g_strdup_printf (_("JSON document (%s) · %s · read-only"), header->json_type, size);
  else
    label = g_strdup_printf (_("JSON document · %s · read-only"), size);
  gtk_label_set_label (self->format_label, label);
}

static void
kh_json_view_reload (KhValuePane *pane)
{
  kh_value_pane_set_loading (pane, TRUE);
  kh_value_json_load_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                            kh_value_pane_get_cancellable (pane), on_loaded, g_object_ref (pane));
}

static void
kh_json_view_class_init (KhJsonViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KhValuePaneClass *pane_class = KH_VALUE_PANE_CLASS (klass);

  pane_class->reload = kh_json_view_reload;

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-json-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhJsonView, format_label);
  gtk_widget_class_bind_template_child (widget_class, KhJsonView, buffer);
}

static void
kh_json_view_init (KhJsonView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kh_value_source_buffer_follow_style (self->buffer);
  kh_value_text_buffer_without_hyphens (GTK_TEXT_BUFFER (self->buffer));
}

GtkWidget *
kh_json_view_new (KhSession *session,
                  GBytes    *key)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_object_new (KH_TYPE_JSON_VIEW, "session", session, "key", key, NULL);
}

GtkSourceBuffer *
kh_json_view_get_buffer (KhJsonView *self)
{
  g_return_val_if_fail (KH_IS_JSON_VIEW (self), NULL);

  return self->buffer;
}
