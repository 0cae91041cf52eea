/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-server-view.c: a connection's server at a glance: facts, warnings and load charts
 *
 * The samples come from the session's KhServerSampler, which starts with the
 * connection, so the charts hold the history from the moment it opened. The view
 * tells the sampler when it is watched (mapped in a window that is not minimised):
 * economy-mode profiles sample only then. Each command keeps its colour for the
 * session, in the order the commands first appeared on the chart.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-settings.h"
#include "kh-chart.h"
#include "kh-error.h"
#include "kh-format.h"
#include "kh-server-view.h"

#define KH_SERVER_VIEW_N_TOP_COMMANDS      5
/* How long the eviction warning stays after evicted_keys last grew. */
#define KH_SERVER_VIEW_EVICTION_MEMORY_US  (60 * G_USEC_PER_SEC)

/* Sections the view reads; a missing one is named to the user. */
static const char * const wanted_sections[] = {
  "server", "clients", "memory", "persistence", "stats", "commandstats",
};

struct _KhServerView
{
  GtkWidget        parent_instance;

  KhServerSampler *sampler;
  KhSession       *session;
  KhMetrics       *metrics;
  GSettings       *settings;

  GdkSurface      *surface;             /* the toplevel watched for minimising */
  gulong           surface_state_handler;

  guint64          last_evicted_keys;
  gboolean         have_evicted_keys;
  gint64           last_eviction_us;

  GStrv            chart_commands;      /* the commands with a series in commands_chart */
  GHashTable      *command_colors;      /* name -> colour index + 1, kept for the session */
  guint            next_command_color;
  int              memory_limit_series; /* -1 until a limit was seen */

  /* template children */
  GtkRevealer  *warnings_revealer;
  AdwActionRow *memory_warning_row;
  AdwActionRow *eviction_warning_row;
  AdwActionRow *clients_warning_row;
  GtkLabel     *status_label;
  GtkLabel     *version_label;
  GtkLabel     *uptime_label;
  GtkLabel     *role_label;
  GtkLabel     *mode_label;
  GtkLabel     *clients_label;
  GtkLabel     *used_memory_label;
  GtkLabel     *peak_memory_label;
  GtkLabel     *maxmemory_label;
  GtkLabel     *fragmentation_label;
  GtkLabel     *policy_label;
  GtkLabel     *rdb_label;
  GtkLabel     *aof_label;
  GtkLabel     *keys_label;
  GtkLabel     *memory_chart_title;
  KhChart      *memory_chart;
  KhChart      *commands_chart;
  GtkLabel     *commands_note;
  KhChart      *clients_chart;
  KhChart      *network_chart;
};

G_DEFINE_FINAL_TYPE (KhServerView, kh_server_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SAMPLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Formatting */

static char *
kh_server_view_format_uptime (guint64 seconds)
{
  guint64 days = seconds / 86400;
  guint64 hours = (seconds % 86400) / 3600;
  guint64 minutes = (seconds % 3600) / 60;
  g_autofree char *major = NULL;
  g_autofree char *minor = NULL;

  if (seconds < 60)
    return g_strdup_printf (ngettext ("%u second", "%u seconds", (gulong) seconds), (guint) seconds);
  if (seconds < 3600)
    return g_strdup_printf (ngettext ("%u minute", "%u minutes", (gulong) minutes), (guint) minutes);
  if (days == 0)
    {
      major = g_strdup_printf (ngettext ("%u hour", "%u hours", (gulong) hours), (guint) hours);
      if (minutes == 0)
        return g_steal_pointer (&major);
      minor = g_strdup_printf (ngettext ("%u minute", "%u minutes", (gulong) minutes), (guint) minutes);
    }
  else
    {
      major = g_strdup_printf (ngettext ("%u day", "%u days", (gulong) days), (guint) days);
      if (hours == 0)
        return g_steal_pointer (&major);
      minor = g_strdup_printf (ngettext ("%u hour", "%u hours", (gulong) hours), (guint) hours);
    }
  /* TRANSLATORS: an uptime of two parts, such as "3 days, 4 hours" */
  return g_strdup_printf (C_("uptime", "%s, %s"), major, minor);
}

static char *
kh_server_view_format_bytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static void
kh_server_view_set_label (GtkLabel   *label,
                          const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "—");
}

static void
kh_server_view_take_label (GtkLabel *label,
                           char     *text)
{
  kh_server_view_set_label (label, text);
  g_free (text);
}

static void
kh_server_view_show_status (KhServerView *self,
                            const char   *text)
{
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
}

/* Facts */

static void
kh_server_view_update_server (KhServerView *self,
                              KhInfo       *info)
{
  const char *version = kh_info_get_version (info);
  KhInfoServerKind kind = kh_info_get_server_kind (info);
  const char *role = kh_info_get_role (info);
  const char *product;
  guint64 uptime, clients, maxclients;

  if (version == NULL)
    version = kh_session_get_server_version (self->session);
  if (kind == KH_INFO_SERVER_UNKNOWN)
    kind = (KhInfoServerKind) kh_session_get_server_kind (self->session);
  product = kind == KH_INFO_SERVER_VALKEY ? "Valkey" : "Redis";
  if (version != NULL)
    kh_server_view_take_label (self->version_label, g_strdup_printf ("%s %s", product, version));

  if (kh_info_get_uptime_seconds (info, &uptime))
    kh_server_view_take_label (self->uptime_label, kh_server_view_format_uptime (uptime));

  if (g_strcmp0 (role, "master") == 0)
    {
      guint64 replicas = 0;

      if (kh_info_get_uint64 (info, "connected_slaves", &replicas) && replicas > 0)
        kh_server_view_take_label (self->role_label,
                                   g_strdup_printf (ngettext ("Primary with %u replica",
                                                              "Primary with %u replicas",
                                                              (gulong) replicas),
                                                    (guint) replicas));
      else
        kh_server_view_set_label (self->role_label, _("Primary"));
    }
  else if (g_strcmp0 (role, "slave") == 0)
    {
      const char *host = kh_info_get_any (info, "master_host");
      const char *port = kh_info_get_any (info, "master_port");
      const char *link = kh_info_get_any (info, "master_link_status");

      if (host != NULL && g_strcmp0 (link, "down") == 0)
        kh_server_view_take_label (self->role_label,
                                   g_strdup_printf (_("Replica of %s:%s, link down"), host, port));
      else if (host != NULL)
        kh_server_view_take_label (self->role_label, g_strdup_printf (_("Replica of %s:%s"), host, port));
      else
        kh_server_view_set_label (self->role_label, _("Replica"));
    }
  else
    kh_server_view_set_label (self->role_label, role);

  switch (kh_info_get_mode (info))
    {
    case KH_INFO_MODE_STANDALONE:
      kh_server_view_set_label (self->mode_label, _("Standalone"));
      break;
    case KH_INFO_MODE_CLUSTER:
      kh_server_view_set_label (self->mode_label, _("Cluster"));
      break;
    case KH_INFO_MODE_SENTINEL:
      kh_server_view_set_label (self->mode_label, _("Sentinel"));
      break;
    case KH_INFO_MODE_UNKNOWN:
    default:
      break;
    }

  if (kh_info_get_connected_clients (info, &clients))
    {
      g_autofree char *count = kh_format_count (clients);

      if (kh_info_get_maxclients (info, &maxclients) && maxclients > 0)
        {
          g_autofree char *limit = kh_format_count (maxclients);

          /* TRANSLATORS: connected clients, such as "12 of 10,000" */
          kh_server_view_take_label (self->clients_label, g_strdup_printf (_("%s of %s"), count, limit));
        }
      else
        kh_server_view_take_label (self->clients_label, g_steal_pointer (&count));
    }
}

static void
kh_server_view_update_memory (KhServerView *self,
                              KhInfo       *info)
{
  const char *policy = kh_info_get_maxmemory_policy (info);
  guint64 used, peak, maxmemory;
  double ratio;

  if (policy == NULL)
    policy = kh_session_get_maxmemory_policy (self->session);

  if (kh_info_get_used_memory (info, &used))
    kh_server_view_take_label (self->used_memory_label, kh_server_view_format_bytes (used));
  if (kh_info_get_used_memory_peak (info, &peak))
    kh_server_view_take_label (self->peak_memory_label, kh_server_view_format_bytes (peak));
  if (kh_info_get_maxmemory (info, &maxmemory))
    {
      if (maxmemory == 0)
        kh_server_view_set_label (self->maxmemory_label, _("No limit"));
      else
        kh_server_view_take_label (self->maxmemory_label, kh_server_view_format_bytes (maxmemory));
    }
  if (kh_info_get_mem_fragmentation_ratio (info, &ratio))
    kh_server_view_take_label (self->fragmentation_label, g_strdup_printf ("%.2f", ratio));

  kh_server_view_set_label (self->policy_label, policy);
  if (policy != NULL)
    /* TRANSLATORS: a chart title; %s is an eviction policy such as allkeys-lru */
    kh_server_view_take_label (self->memory_chart_title, g_strdup_printf (_("Memory · eviction policy %s"), policy));
  else
    kh_server_view_set_label (self->memory_chart_title, _("Memory"));
}

static void
kh_server_view_update_persistence (KhServerView *self,
                                   KhInfo       *info)
{
  const char *rdb_status = kh_info_get_rdb_last_bgsave_status (info);
  const char *aof_status = kh_info_get_aof_last_write_status (info);
  gboolean in_progress = FALSE, aof = FALSE;
  guint64 changes = 0;
  g_autofree char *rdb = NULL;

  const char *save_config = kh_server_sampler_get_save_config (self->sampler);
  guint64 saves = 0;
  gboolean have_saves = kh_info_get_uint64 (info, "rdb_saves", &saves);

  kh_info_get_rdb_changes_since_last_save (info, &changes);
  if (kh_info_get_rdb_bgsave_in_progress (info, &in_progress) && in_progress)
    rdb = g_strdup (_("Saving now…"));
  else if (g_strcmp0 (rdb_status, "err") == 0)
    rdb = g_strdup (_("The last save failed"));
  else if (save_config != NULL && *save_config == '\0')
    /* `save ""`: only an explicit SAVE or BGSAVE writes one. */
    rdb = g_strdup (_("Snapshots are off"));
  else if (rdb_status != NULL &&
           ((have_saves && saves == 0) ||
            (!have_saves && g_strcmp0 (kh_info_get_any (info, "rdb_last_bgsave_time_sec"), "-1") == 0)))
    rdb = g_strdup (_("No snapshot taken since the server started"));
  else if (rdb_status != NULL)
    rdb = g_strdup_printf (ngettext ("Last save succeeded, %u change since",
                                     "Last save succeeded, %u changes since", (gulong) changes),
                           (guint) changes);

  kh_server_view_set_label (self->rdb_label, rdb);
  if (g_strcmp0 (rdb_status, "err") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->rdb_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->rdb_label), "error");

  if (kh_info_get_aof_enabled (info, &aof))
    {
      if (!aof)
        kh_server_view_set_label (self->aof_label, _("Off"));
      else if (g_strcmp0 (aof_status, "err") == 0)
        kh_server_view_set_label (self->aof_label, _("On, the last write failed"));
      else
        kh_server_view_set_label (self->aof_label, _("On"));
    }
}

static void
kh_server_view_update_keys (KhServerView *self,
                            KhInfo       *info)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = kh_info_get_n_dbs (info);

  if (!kh_info_has_section (info, "keyspace"))
    return;

  for (guint i = 0; i < n; i++)
    {
      const KhInfoDb *db = kh_info_get_db (info, i);
      g_autofree char *keys = NULL;

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_autofree char *count = kh_format_count (db->keys);
      g_autofree char *expiring = kh_format_count (db->expires);

      keys = g_strdup_printf (ngettext ("%s key", "%s keys", (gulong) MIN (db->keys, G_MAXULONG)), count);
      if (db->expires > 0)
        /* TRANSLATORS: a database's keys, such as "db0: 120 keys, 4 expiring" */
        g_string_append_printf (text, _("db%u: %s, %s expiring"), db->index, keys, expiring);
      else
        /* TRANSLATORS: a database's keys, such as "db0: 120 keys" */
        g_string_append_printf (text, _("db%u: %s"), db->index, keys);
    }
  kh_server_view_set_label (self->keys_label, text->len > 0 ? text->str : _("No keys"));
}

static void
kh_server_view_update_warnings (KhServerView *self,
                                KhInfo       *info)
{
  const char *policy = kh_info_get_maxmemory_policy (info);
  guint64 used, maxmemory, clients, maxclients, evicted;
  gint64 now = g_get_monotonic_time ();
  gboolean memory_warning = FALSE, eviction_warning = FALSE, clients_warning = FALSE;

  if (kh_info_get_used_memory (info, &used) && kh_info_get_maxmemory (info, &maxmemory) &&
      maxmemory > 0 && used > maxmemory * 0.9)
    {
      g_autofree char *used_text = kh_server_view_format_bytes (used);
      g_autofree char *max_text = kh_server_view_format_bytes (maxmemory);
      g_autofree char *subtitle = NULL;

      if (g_strcmp0 (policy, "noeviction") == 0)
        subtitle = g_strdup_printf (_("%s of %s used. With the noeviction policy, writes will fail once it is full."),
                                    used_text, max_text);
      else
        subtitle = g_strdup_printf (_("%s of %s used. The server will evict keys to stay under its limit."),
                                    used_text, max_text);
      adw_action_row_set_subtitle (self->memory_warning_row, subtitle);
      memory_warning = TRUE;
    }

  if (kh_info_get_evicted_keys (info, &evicted))
    {
      if (self->have_evicted_keys && evicted > self->last_evicted_keys)
        self->last_eviction_us = now;
      self->last_evicted_keys = evicted;
      self->have_evicted_keys = TRUE;

      if (self->last_eviction_us != 0 && now - self->last_eviction_us < KH_SERVER_VIEW_EVICTION_MEMORY_US)
        {
          g_autofree char *count = kh_format_count (evicted);
          g_autofree char *subtitle =
            g_strdup_printf (_("The server dropped keys to stay under its memory limit (policy %s); %s evicted since it started."),
                             policy != NULL ? policy : "?", count);

          adw_action_row_set_subtitle (self->eviction_warning_row, subtitle);
          eviction_warning = TRUE;
        }
    }

  if (kh_info_get_connected_clients (info, &clients) && kh_info_get_maxclients (info, &maxclients) &&
      maxclients > 0 && clients > maxclients * 0.9)
    {
      g_autofree char *subtitle =
        g_strdup_printf (_("%u of %u connections in use. New clients will be refused when none are left."),
                         (guint) clients, (guint) maxclients);

      adw_action_row_set_subtitle (self->clients_warning_row, subtitle);
      clients_warning = TRUE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->memory_warning_row), memory_warning);
  gtk_widget_set_visible (GTK_WIDGET (self->eviction_warning_row), eviction_warning);
  gtk_widget_set_visible (GTK_WIDGET (self->clients_warning_row), clients_warning);
  gtk_revealer_set_reveal_child (self->warnings_revealer, memory_warning || eviction_warning || clients_warning);
}

static void
kh_server_view_update_missing (KhServerView *self,
                               KhInfo       *info)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree char *list = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (wanted_sections); i++)
    {
      if (!kh_info_has_section (info, wanted_sections[i]))
        g_ptr_array_add (missing, (gpointer) wanted_sections[i]);
    }

  if (missing->len == 0)
    {
      kh_server_view_show_status (self, NULL);
      return;
    }

  if (missing->len == 1 && g_str_equal (g_ptr_array_index (missing, 0), "commandstats"))
    {
      kh_server_view_show_status (self, _("This server does not report commandstats: the command chart shows the total only."));
      return;
    }

  g_ptr_array_add (missing, NULL);
  list = g_strjoinv (", ", (char **) missing->pdata);
  text = g_strdup_printf (_("This server does not report %s"), list);
  kh_server_view_show_status (self, text);
}

/* Charts */

/* Copies @ring's column 0; with @zero_is_gap, zeros become gaps (no limit). */
static void
kh_server_view_chart_ring (KhChart            *chart,
                           guint               series,
                           const KhRingBuffer *ring,
                           gboolean            zero_is_gap)
{
  guint n = kh_ring_buffer_get_length (ring);
  g_autofree gint64 *times = g_new (gint64, MAX (n, 1));
  g_autofree double *values = g_new (double, MAX (n, 1));

  if (!zero_is_gap)
    {
      kh_chart_set_ring_buffer (chart, series, ring, 0);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      double v = kh_ring_buffer_get_value (ring, i, 0);

      times[i] = kh_ring_buffer_get_timestamp (ring, i);
      values[i] = v > 0 ? v : NAN;
    }
  kh_chart_set_points (chart, series, times, values, n);
}

static char *
kh_server_view_command_title (const char *name)
{
  char *title = g_ascii_strup (name, -1);

  g_strdelimit (title, "|", ' ');
  return title;
}

/* A command's colour: the first free one when it first appears, then kept. Colour 0 is
 * the total's. */
static guint
kh_server_view_command_color (KhServerView *self,
                              const char   *name)
{
  gpointer stored = g_hash_table_lookup (self->command_colors, name);
  guint color;

  if (stored != NULL)
    return GPOINTER_TO_UINT (stored) - 1;

  color = 1 + self->next_command_color++ % (kh_chart_get_n_colors () - 1);
  g_hash_table_insert (self->command_colors, g_strdup (name), GUINT_TO_POINTER (color + 1));
  return color;
}

static void
kh_server_view_update_charts (KhServerView *self)
{
  g_auto(GStrv) commands = kh_metrics_get_top_commands (self->metrics, KH_SERVER_VIEW_N_TOP_COMMANDS);
  const KhRingBuffer *maxmemory = kh_metrics_get_series (self->metrics, KH_METRICS_MAXMEMORY);
  guint n = kh_ring_buffer_get_length (maxmemory);

  /* Memory, with the limit once there is one. */
  kh_server_view_chart_ring (self->memory_chart, 0,
                             kh_metrics_get_series (self->metrics, KH_METRICS_USED_MEMORY), FALSE);
  if (self->memory_limit_series < 0 && n > 0 && kh_ring_buffer_get_value (maxmemory, n - 1, 0) > 0)
    self->memory_limit_series = (int) kh_chart_add_limit (self->memory_chart, _("Limit (maxmemory)"));
  if (self->memory_limit_series >= 0)
    kh_server_view_chart_ring (self->memory_chart, (guint) self->memory_limit_series, maxmemory, TRUE);

  /* Commands: the total, then the busiest commands, rebuilt when they change. */
  if (self->chart_commands == NULL || !g_strv_equal ((const char * const *) commands,
                                                     (const char * const *) self->chart_commands))
    {
      kh_chart_remove_all_series (self->commands_chart);
      kh_chart_add_series (self->commands_chart, _("All commands"));
      kh_chart_set_series_color_index (self->commands_chart, 0, 0);
      for (guint i = 0; commands[i] != NULL; i++)
        {
          g_autofree char *title = kh_server_view_command_title (commands[i]);
          guint series = kh_chart_add_series (self->commands_chart, title);

          kh_chart_set_series_color_index (self->commands_chart, series,
                                           kh_server_view_command_color (self, commands[i]));
        }
      g_strfreev (self->chart_commands);
      self->chart_commands = g_strdupv (commands);
    }
  kh_chart_set_ring_buffer (self->commands_chart, 0,
                            kh_metrics_get_series (self->metrics, KH_METRICS_OPS_PER_SEC), 0);
  for (guint i = 0; commands[i] != NULL; i++)
    {
      const KhRingBuffer *ring = kh_metrics_get_command_series (self->metrics, commands[i]);

      if (ring != NULL)
        kh_chart_set_ring_buffer (self->commands_chart, i + 1, ring, 0);
    }

  kh_chart_set_ring_buffer (self->clients_chart, 0,
                            kh_metrics_get_series (self->metrics, KH_METRICS_CONNECTED_CLIENTS), 0);
  kh_chart_set_ring_buffer (self->network_chart, 0,
                            kh_metrics_get_series (self->metrics, KH_METRICS_NET_IN_PER_SEC), 0);
  kh_chart_set_ring_buffer (self->network_chart, 1,
                            kh_metrics_get_series (self->metrics, KH_METRICS_NET_OUT_PER_SEC), 0);
}

/* Samples */

static void
kh_server_view_update (KhServerView *self)
{
  KhInfo *info = kh_metrics_get_info (self->metrics);
  const GError *error = kh_server_sampler_get_error (self->sampler);

  if (info != NULL)
    {
      kh_server_view_update_server (self, info);
      kh_server_view_update_memory (self, info);
      kh_server_view_update_persistence (self, info);
      kh_server_view_update_keys (self, info);
      kh_server_view_update_warnings (self, info);
      kh_server_view_update_missing (self, info);
    }

  /* The charts follow the metrics' "updated", gaps included. */
  if (kh_server_sampler_get_unanswered (self->sampler))
    kh_server_view_show_status (self, _("This server does not answer INFO, so there is nothing to show."));
  else if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the server’s statistics: %s"),
                                               error->message);

      kh_server_view_show_status (self, text);
    }
}

static void
kh_server_view_update_watched (KhServerView *self)
{
  gboolean watched = gtk_widget_get_mapped (GTK_WIDGET (self));

  if (self->surface != NULL &&
      (gdk_toplevel_get_state (GDK_TOPLEVEL (self->surface)) & GDK_TOPLEVEL_STATE_MINIMIZED))
    watched = FALSE;
  kh_server_sampler_set_watched (self->sampler, watched);
}

static void
on_surface_state (KhServerView *self)
{
  kh_server_view_update_watched (self);
}

static void
on_settings_changed (KhServerView *self,
                     const char   *key)
{
  if (g_strcmp0 (key, "chart-span") == 0)
    {
      gint64 span = (gint64) g_settings_get_uint (self->settings, "chart-span") * 60 * G_USEC_PER_SEC;

      kh_chart_set_span (self->memory_chart, span);
      kh_chart_set_span (self->commands_chart, span);
      kh_chart_set_span (self->clients_chart, span);
      kh_chart_set_span (self->network_chart, span);
    }
}

/* GtkWidget */

static void
kh_server_view_map (GtkWidget *widget)
{
  KhServerView *self = KH_SERVER_VIEW (widget);
  GtkNative *native;

  GTK_WIDGET_CLASS (kh_server_view_parent_class)->map (widget);

  native = gtk_widget_get_native (widget);
  if (native != NULL && GDK_IS_TOPLEVEL (gtk_native_get_surface (native)))
    {
      self->surface = g_object_ref (gtk_native_get_surface (native));
      self->surface_state_handler =
        g_signal_connect_object (self->surface, "notify::state", G_CALLBACK (on_surface_state),
                                 self, G_CONNECT_SWAPPED);
    }
  kh_server_view_update_watched (self);
}

static void
kh_server_view_forget_surface (KhServerView *self)
{
  if (self->surface != NULL)
    {
      g_clear_signal_handler (&self->surface_state_handler, self->surface);
      g_clear_object (&self->surface);
    }
}

static void
kh_server_view_unmap (GtkWidget *widget)
{
  KhServerView *self = KH_SERVER_VIEW (widget);

  kh_server_view_forget_surface (self);
  GTK_WIDGET_CLASS (kh_server_view_parent_class)->unmap (widget);
  kh_server_view_update_watched (self);
}

/* GObject */

static void
kh_server_view_constructed (GObject *object)
{
  KhServerView *self = KH_SERVER_VIEW (object);

  G_OBJECT_CLASS (kh_server_view_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_SERVER_SAMPLER (self->sampler));
  self->session = g_object_ref (kh_server_sampler_get_session (self->sampler));
  self->metrics = g_object_ref (kh_server_sampler_get_metrics (self->sampler));
  g_signal_connect_object (self->sampler, "changed", G_CALLBACK (kh_server_view_update),
                           self, G_CONNECT_SWAPPED);
  /* Gaps come without a poll. */
  g_signal_connect_object (self->metrics, "updated", G_CALLBACK (kh_server_view_update_charts),
                           self, G_CONNECT_SWAPPED);

  self->settings = kh_settings_load ();
  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed),
                               self, G_CONNECT_SWAPPED);
      on_settings_changed (self, "chart-span");
    }

  /* The history taken before the page was first shown. */
  kh_server_view_update (self);
  kh_server_view_update_charts (self);
}

static void
kh_server_view_dispose (GObject *object)
{
  KhServerView *self = KH_SERVER_VIEW (object);
  GtkWidget *child;

  kh_server_view_forget_surface (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_SERVER_VIEW);
  /* GTK 4.8 leaves the template's unnamed top-level child in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->sampler != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sampler, self);
      g_signal_handlers_disconnect_by_data (self->metrics, self);
      kh_server_sampler_set_watched (self->sampler, FALSE);
    }
  g_clear_object (&self->settings);
  g_clear_object (&self->metrics);
  g_clear_object (&self->session);
  g_clear_object (&self->sampler);

  G_OBJECT_CLASS (kh_server_view_parent_class)->dispose (object);
}

static void
kh_server_view_finalize (GObject *object)
{
  KhServerView *self = KH_SERVER_VIEW (object);

  g_clear_pointer (&self->chart_commands, g_strfreev);
  g_clear_pointer (&self->command_colors, g_hash_table_unref);

  G_OBJECT_CLASS (kh_server_view_parent_class)->finalize (object);
}

static void
kh_server_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KhServerView *self = KH_SERVER_VIEW (object);

  switch (prop_id)
    {
    case PROP_SAMPLER:
      g_value_set_object (value, self->sampler);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_server_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KhServerView *self = KH_SERVER_VIEW (object);

  switch (prop_id)
    {
    case PROP_SAMPLER:
      self->sampler = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_server_view_class_init (KhServerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_server_view_constructed;
  object_class->dispose = kh_server_view_dispose;
  object_class->finalize = kh_server_view_finalize;
  object_class->get_property = kh_server_view_get_property;
  object_class->set_property = kh_server_view_set_property;
  widget_class->map = kh_server_view_map;
  widget_class->unmap = kh_server_view_unmap;

  properties[PROP_SAMPLER] =
    g_param_spec_object ("sampler", NULL, NULL, KH_TYPE_SERVER_SAMPLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KH_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-server-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhServerView, warnings_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, memory_warning_row);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, eviction_warning_row);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, clients_warning_row);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, status_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, version_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, uptime_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, role_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, mode_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, clients_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, used_memory_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, peak_memory_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, maxmemory_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, fragmentation_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, policy_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, rdb_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, aof_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, keys_label);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, memory_chart_title);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, memory_chart);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, commands_chart);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, commands_note);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, clients_chart);
  gtk_widget_class_bind_template_child (widget_class, KhServerView, network_chart);
}

static void
kh_server_view_init (KhServerView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->memory_limit_series = -1;
  self->command_colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  kh_chart_set_unit (self->memory_chart, KH_CHART_UNIT_BYTES);
  kh_chart_add_series (self->memory_chart, _("Used"));
  kh_chart_set_unit (self->commands_chart, KH_CHART_UNIT_OPS_PER_SEC);
  kh_chart_set_unit (self->clients_chart, KH_CHART_UNIT_COUNT);
  kh_chart_add_series (self->clients_chart, _("Clients"));
  kh_chart_set_unit (self->network_chart, KH_CHART_UNIT_BYTES_PER_SEC);
  kh_chart_add_series (self->network_chart, _("In"));
  kh_chart_add_series (self->network_chart, _("Out"));
}

GtkWidget *
kh_server_view_new (KhServerSampler *sampler)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (sampler), NULL);

  return g_object_new (KH_TYPE_SERVER_VIEW, "sampler", sampler, NULL);
}

KhServerSampler *
kh_server_view_get_sampler (KhServerView *self)
{
  g_return_val_if_fail (KH_IS_SERVER_VIEW (self), NULL);

  return self->sampler;
}

KhSession *
kh_server_view_get_session (KhServerView *self)
{
  g_return_val_if_fail (KH_IS_SERVER_VIEW (self), NULL);

  return self->session;
}

KhMetrics *
kh_server_view_get_metrics (KhServerView *self)
{
  g_return_val_if_fail (KH_IS_SERVER_VIEW (self), NULL);

  return self->metrics;
}
