/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-console-view.c: a redis-cli style console on a session's connection
 *
 * The output is one read-only GtkTextView: selecting across entries and
 * Ctrl+C work as in any text, and a few thousand entries stay cheap. Each
 * entry is a command and its reply; its reply goes in at a mark, so replies
 * that arrive after later commands were echoed still land under their
 * command.
 *
 * The console shares the session's connection with every other panel, so
 * what would take that connection over (MONITOR, SUBSCRIBE, blocking reads,
 * transactions) is not sent: a line says why and where to go instead.
 *
 * This file holds the widget, its prompt and entry line; the output is in
 * kh-console-view-output.c, replies as text in -format.c, what is sent and
 * refused in -send.c, Tab completion in -completion.c and ↑/↓ history in
 * -history.c.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-cli-parse.h"
#include "kh-console-view-private.h"
#include "kh-history.h"

G_DEFINE_FINAL_TYPE (KhConsoleView, kh_console_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PROFILE_ID,
  N_PROPS
};

enum {
  SIGNAL_OPEN_VIEW,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
kh_console_view_emit_open_view (KhConsoleView *self,
                                const char    *view)
{
  g_signal_emit (self, signals[SIGNAL_OPEN_VIEW], 0, view);
}

/* The prompt */

char *
kh_console_view_dup_prompt (KhConsoleView *self)
{
  const KhConnectionConfig *config = kh_session_get_config (self->session);
  g_autofree char *where = config != NULL ? kh_connection_config_describe (config) : g_strdup ("?");
  guint db = kh_session_get_database (self->session);

  if (db > 0)
    return g_strdup_printf ("%s[%u]>", where, db);
  return g_strdup_printf ("%s>", where);
}

static void
kh_console_view_update_prompt (KhConsoleView *self)
{
  g_autofree char *prompt = kh_console_view_dup_prompt (self);

  gtk_label_set_label (self->prompt_label, prompt);
}

/* The entry line */

/* Parses and runs @line; FALSE when it could not be read (nothing was sent). */
static gboolean
kh_console_view_submit (KhConsoleView *self,
                        const char    *line)
{
  g_autoptr(KhCommand) command = NULL;
  g_autoptr(GError) error = NULL;
  KhConsoleEntry *entry;

  command = kh_cli_parse_line (line, &error);
  if (command == NULL && error == NULL)
    return TRUE;

  entry = kh_console_view_begin_entry (self, line);
  if (error != NULL)
    {
      kh_console_view_fill_error (self, entry, error);
      return FALSE;
    }

  if (kh_history_add (self->history, command))
    kh_history_save_async (self->history, NULL, NULL, NULL);

  if (kh_command_get_n_args (command) == 1 && g_str_equal (kh_command_get_name (command), "CLEAR"))
    {
      kh_console_view_clear (self);
      return TRUE;
    }

  kh_console_view_dispatch (self, entry, command);
  return TRUE;
}

static void
on_entry_activate (GtkEntry      *entry,
                   KhConsoleView *self)
{
  g_autofree char *line = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  self->history_pos = -1;
  g_clear_pointer (&self->history_draft, g_free);

  if (kh_console_view_submit (self, line))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

static void
on_entry_changed (GtkEditable   *editable,
                  KhConsoleView *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

static gboolean
on_entry_key_pressed (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      KhConsoleView         *self)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Tab:
      kh_console_view_complete (self);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      kh_console_view_browse_history (self, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      kh_console_view_browse_history (self, +1);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Actions */

static KhConsoleEntry *
kh_console_view_entry_at_cursor (KhConsoleView *self)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  GtkTextIter cursor;
  KhConsoleEntry *found = NULL;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  for (GList *l = self->entries.head; l != NULL; l = l->next)
    {
      KhConsoleEntry *entry = l->data;
      GtkTextIter start;

      gtk_text_buffer_get_iter_at_mark (buffer, &start, entry->start);
      if (gtk_text_iter_compare (&start, &cursor) > 0)
        break;
      if (entry->reply_end != NULL)
        found = entry;
    }
  /* At the very end (nothing clicked): the newest answered entry. */
  if (gtk_text_iter_is_end (&cursor))
    {
      for (GList *l = self->entries.tail; l != NULL; l = l->prev)
        if (((KhConsoleEntry *) l->data)->reply_end != NULL)
          return l->data;
    }
  return found;
}

static void
kh_console_view_copy_reply_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (widget);
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  KhConsoleEntry *entry = kh_console_view_entry_at_cursor (self);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (entry == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  gtk_text_buffer_get_iter_at_mark (buffer, &start, entry->reply_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, entry->reply_end);
  gtk_text_iter_backward_char (&end);   /* the final newline */
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
kh_console_view_clear_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  kh_console_view_clear (KH_CONSOLE_VIEW (widget));
}

/* Styles */

static void
kh_console_view_update_tag_colors (KhConsoleView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA error_color = { 0.75, 0.11, 0.16, 1.0 };
  GdkRGBA fg = { 0.5, 0.5, 0.5, 1.0 };
  GdkRGBA accent = { 0.11, 0.44, 0.85, 1.0 };

  gtk_style_context_lookup_color (context, "error_color", &error_color);
  gtk_style_context_lookup_color (context, "accent_color", &accent);
  if (gtk_style_context_lookup_color (context, "window_fg_color", &fg))
    fg.alpha = 0.55;

  g_object_set (self->error_tag, "foreground-rgba", &error_color, NULL);
  g_object_set (self->dim_tag, "foreground-rgba", &fg, NULL);
  g_object_set (self->note_tag, "foreground-rgba", &fg, NULL);
  g_object_set (self->prompt_tag, "foreground-rgba", &accent, NULL);
}

static void
on_dark_changed (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 KhConsoleView   *self)
{
  kh_console_view_update_tag_colors (self);
}

static void
kh_console_view_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_console_view_parent_class)->realize (widget);
  kh_console_view_update_tag_colors (KH_CONSOLE_VIEW (widget));
}

static gboolean
kh_console_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (KH_CONSOLE_VIEW (widget)->entry));
}

static void
on_database_changed (KhSession     *session,
                     GParamSpec    *pspec,
                     KhConsoleView *self)
{
  kh_console_view_update_prompt (self);
}

static void
kh_console_view_write_intro (KhConsoleView *self)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  kh_console_insert_text (buffer, &end,
                          _("Commands run on this profile’s connection, the one every panel shares. "
                            "Tab completes, ↑ and ↓ recall history, Ctrl+L clears.\n"),
                          self->note_tag);
}

/* Object */

static void
kh_console_view_constructed (GObject *object)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (object);

  G_OBJECT_CLASS (kh_console_view_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_SESSION (self->session));

  self->history = self->profile_id != NULL ? kh_history_new_for_profile (self->profile_id)
                                           : kh_history_new (NULL);
  kh_history_load_async (self->history, NULL, NULL, NULL);

  g_signal_connect_object (self->session, "notify::database", G_CALLBACK (on_database_changed),
                           self, G_CONNECT_DEFAULT);
  kh_console_view_update_prompt (self);
  kh_console_view_write_intro (self);
}

static void
kh_console_view_dispose (GObject *object)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (object);
  GtkWidget *child;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_CONSOLE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  /* The marks went with the buffer. */
  g_queue_clear_full (&self->entries, (GDestroyNotify) kh_console_entry_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (kh_console_view_parent_class)->dispose (object);
}

static void
kh_console_view_finalize (GObject *object)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->completions, g_ptr_array_unref);
  g_free (self->history_draft);
  g_free (self->profile_id);

  G_OBJECT_CLASS (kh_console_view_parent_class)->finalize (object);
}

static void
kh_console_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_PROFILE_ID:
      g_value_set_string (value, self->profile_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_console_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_PROFILE_ID:
      self->profile_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_console_view_class_init (KhConsoleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_console_view_constructed;
  object_class->dispose = kh_console_view_dispose;
  object_class->finalize = kh_console_view_finalize;
  object_class->get_property = kh_console_view_get_property;
  object_class->set_property = kh_console_view_set_property;
  widget_class->realize = kh_console_view_realize;
  widget_class->grab_focus = kh_console_view_grab_focus;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_ID] =
    g_param_spec_string ("profile-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* "monitor" or "pubsub": the user asked for what that view does. */
  signals[SIGNAL_OPEN_VIEW] =
    g_signal_new ("open-view", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-console-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhConsoleView, output);
  gtk_widget_class_bind_template_child (widget_class, KhConsoleView, entry);
  gtk_widget_class_bind_template_child (widget_class, KhConsoleView, prompt_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);

  gtk_widget_class_install_action (widget_class, "console.copy-reply", NULL,
                                   kh_console_view_copy_reply_action);
  gtk_widget_class_install_action (widget_class, "console.clear", NULL,
                                   kh_console_view_clear_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "console.clear", NULL);
}

static void
kh_console_view_init (KhConsoleView *self)
{
  GtkEventController *keys;
  GtkTextBuffer *buffer;
  GMenu *menu;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->history_pos = -1;
  g_queue_init (&self->entries);

  buffer = kh_console_view_get_buffer (self);
  self->prompt_tag = gtk_text_buffer_create_tag (buffer, "prompt", NULL);
  self->command_tag = gtk_text_buffer_create_tag (buffer, "command", "weight", PANGO_WEIGHT_BOLD, NULL);
  self->error_tag = gtk_text_buffer_create_tag (buffer, "error", NULL);
  self->dim_tag = gtk_text_buffer_create_tag (buffer, "dim", NULL);
  self->note_tag = gtk_text_buffer_create_tag (buffer, "note", "style", PANGO_STYLE_ITALIC, NULL);
  kh_console_view_update_tag_colors (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_DEFAULT);

  menu = g_menu_new ();
  g_menu_append (menu, _("Copy _Reply"), "console.copy-reply");
  g_menu_append (menu, _("C_lear Console"), "console.clear");
  gtk_text_view_set_extra_menu (self->output, G_MENU_MODEL (menu));
  g_object_unref (menu);

  /* Before the entry's own handling: Tab would move the focus, Up/Down nothing. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

GtkWidget *
kh_console_view_new (KhSession  *session,
                     const char *profile_id)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  return g_object_new (KH_TYPE_CONSOLE_VIEW,
                       "session", session,
                       "profile-id", profile_id,
                       NULL);
}

KhSession *
kh_console_view_get_session (KhConsoleView *self)
{
  g_return_val_if_fail (KH_IS_CONSOLE_VIEW (self), NULL);
  return self->session;
}

void
kh_console_view_run (KhConsoleView *self,
                     const char    *line)
{
  g_return_if_fail (KH_IS_CONSOLE_VIEW (self));
  g_return_if_fail (line != NULL);

  kh_console_view_submit (self, line);
}

void
kh_console_view_clear (KhConsoleView *self)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (KH_IS_CONSOLE_VIEW (self));

  buffer = kh_console_view_get_buffer (self);
  /* Pending replies find their entry gone and are dropped. */
  while (!g_queue_is_empty (&self->entries))
    kh_console_view_forget_entry (self, g_queue_pop_head (&self->entries));
  gtk_text_buffer_set_text (buffer, "", 0);
}

guint
kh_console_view_get_n_entries (KhConsoleView *self)
{
  g_return_val_if_fail (KH_IS_CONSOLE_VIEW (self), 0);
  return self->entries.length;
}

guint
kh_console_view_get_n_pending (KhConsoleView *self)
{
  g_return_val_if_fail (KH_IS_CONSOLE_VIEW (self), 0);
  return self->n_pending;
}
