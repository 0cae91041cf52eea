/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-store.c: the saved connections, as a list model backed by a JSON file
 *
 * File I/O runs in GTask threads; the list itself is only touched on the
 * thread that owns the store. The file is {"version":1,"profiles":[{…}]}.
 */
#include "config.h"

#include "kh-profile-store.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kh-error.h"
#include "kh-json-depth.h"

struct _KhProfileStore {
  GObject    parent_instance;

  char      *path;
  GPtrArray *items;            /* KhProfile */

  gboolean   loaded;           /* a load finished and nothing is in the way of saving */
  char      *blocked_reason;   /* why saving would overwrite a file we could not read */

  GMutex     write_lock;
  guint64    save_generation;  /* snapshots taken, on the owner thread */
  guint64    written_generation; /* newest snapshot on disk, under write_lock */
};

static void kh_profile_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhProfileStore, kh_profile_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kh_profile_store_list_model_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
kh_profile_store_get_item_type (GListModel *model)
{
  return KH_TYPE_PROFILE;
}

static guint
kh_profile_store_get_n_items (GListModel *model)
{
  return KH_PROFILE_STORE (model)->items->len;
}

static gpointer
kh_profile_store_get_item (GListModel *model,
                           guint       position)
{
  KhProfileStore *self = KH_PROFILE_STORE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
kh_profile_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kh_profile_store_get_item_type;
  iface->get_n_items = kh_profile_store_get_n_items;
  iface->get_item = kh_profile_store_get_item;
}

static void
kh_profile_store_finalize (GObject *object)
{
  KhProfileStore *self = KH_PROFILE_STORE (object);

  g_free (self->path);
  g_ptr_array_unref (self->items);
  g_free (self->blocked_reason);
  g_mutex_clear (&self->write_lock);

  G_OBJECT_CLASS (kh_profile_store_parent_class)->finalize (object);
}

static void
kh_profile_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KhProfileStore *self = KH_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_profile_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KhProfileStore *self = KH_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_get_string (value) != NULL
                   ? g_value_dup_string (value)
                   : kh_profile_store_get_default_path ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_profile_store_class_init (KhProfileStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_profile_store_finalize;
  object_class->get_property = kh_profile_store_get_property;
  object_class->set_property = kh_profile_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_profile_store_init (KhProfileStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&self->write_lock);
}

char *
kh_profile_store_get_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "keyhole", "profiles.json", NULL);
}

KhProfileStore *
kh_profile_store_new (const char *path)
{
  return g_object_new (KH_TYPE_PROFILE_STORE, "path", path, NULL);
}

const char *
kh_profile_store_get_path (KhProfileStore *self)
{
  g_return_val_if_fail (KH_IS_PROFILE_STORE (self), NULL);
  return self->path;
}

/* ---- the file format ---------------------------------------------------- */

/* Profiles from the text of a profiles file. Errors say what is wrong in a
 * clause that callers put after the file's name. */
static GPtrArray *
parse_profiles (const char  *data,
                gsize        len,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *version;
  JsonNode *list;
  JsonArray *array;
  gint64 format;

  /* json-glib recurses per bracket: a deeply nested file would overflow the
   * stack, so it is refused (and moved aside) before the parser sees it. */
  if (!kh_json_check_depth (data, len, KH_JSON_MAX_DEPTH, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                   _("it is not valid JSON (%s)"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT, _("it is empty"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           _("it is not a JSON object with “version” and “profiles”"));
      return NULL;
    }
  object = json_node_get_object (root);

  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) < 1)
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           _("its “version” is missing or is not a positive whole number"));
      return NULL;
    }
  format = json_node_get_int (version);
  if (format > KH_PROFILE_STORE_VERSION)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                   _("it was written by a newer version of Keyhole (format %" PRId64
                     "; this version reads format %d)"),
                   format, KH_PROFILE_STORE_VERSION);
      return NULL;
    }

  list = json_object_get_member (object, "profiles");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           _("its “profiles” is missing or is not a list"));
      return NULL;
    }
  array = json_node_get_array (list);

  profiles = g_ptr_array_new_with_free_func (g_object_unref);
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(KhProfile) profile = NULL;

      profile = kh_profile_new_from_json (json_array_get_element (array, i), &local_error);
      if (profile == NULL)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("connection %u: %s"), i + 1, local_error->message);
          return NULL;
        }
      /* Two entries with one id (a hand edit): keep both, apart. */
      while (g_hash_table_contains (ids, kh_profile_get_id (profile)))
        {
          g_autofree char *id = g_uuid_string_random ();
          kh_profile_set_id (profile, id);
        }
      g_hash_table_add (ids, g_strdup (kh_profile_get_id (profile)));
      g_ptr_array_add (profiles, g_steal_pointer (&profile));
    }

  return g_steal_pointer (&profiles);
}

static char *
serialize_profiles (GPtrArray *profiles)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, KH_PROFILE_STORE_VERSION);
  json_builder_set_member_name (builder, "profiles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < profiles->len; i++)
    json_builder_add_value (builder, kh_profile_to_json (g_ptr_array_index (profiles, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  {
    g_autofree char *text = json_generator_to_data (generator, NULL);
    return g_strconcat (text, "\n", NULL);
  }
}

/* ---- load --------------------------------------------------------------- */

typedef struct {
  char      *path;
  char      *moved_to;       /* where a bad file went */
  char      *not_moved;      /* why a bad file could not be moved */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data->moved_to);
  g_free (data->not_moved);
  g_free (data);
}

/* Renames @path to path.corrupt-<time>, never over an existing file. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *target = i == 1
                                ? g_strdup_printf ("%s.corrupt-%s", path, stamp)
                                : g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, i);
      int saved_errno;

      if (g_file_test (target, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (path, target) == 0)
        return g_steal_pointer (&target);
      saved_errno = errno;
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return NULL;
    }
  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_EXIST, _("too many copies already"));
  return NULL;
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) reason = NULL;
  g_autoptr(GError) move_error = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  gsize len = 0;

  if (!g_file_get_contents (data->path, &contents, &len, &reason))
    {
      if (g_error_matches (reason, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          /* First launch: nothing saved yet. */
          g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                                 (GDestroyNotify) g_ptr_array_unref);
          return;
        }
      {
        g_autoptr(GError) read_error = g_steal_pointer (&reason);
        reason = g_error_new (KH_ERROR, KH_ERROR_FAILED, _("it could not be read (%s)"),
                              read_error->message);
      }
    }
  else
    {
      profiles = parse_profiles (contents, len, &reason);
      if (profiles != NULL)
        {
          g_task_return_pointer (task, g_steal_pointer (&profiles), (GDestroyNotify) g_ptr_array_unref);
          return;
        }
    }

  data->moved_to = move_aside (data->path, &move_error);
  if (data->moved_to != NULL)
    g_task_return_new_error (task, KH_ERROR, reason->code,
                             _("The saved connections could not be loaded: %s. The file was kept as "
                               "“%s”; Keyhole starts without saved connections."),
                             reason->message, data->moved_to);
  else
    {
      data->not_moved = g_strdup (move_error->message);
      g_task_return_new_error (task, KH_ERROR, reason->code,
                               _("The saved connections in “%s” could not be loaded: %s. Keyhole could "
                                 "not move the file aside (%s) and will not save connections until it "
                                 "is fixed or removed."),
                               data->path, reason->message, move_error->message);
    }
}

static void
replace_all (KhProfileStore *self,
             GPtrArray      *profiles)
{
  guint removed = self->items->len;

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < profiles->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (profiles, i)));
  if (removed > 0 || profiles->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, profiles->len);
}

static void
load_done (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KhProfileStore *self = KH_PROFILE_STORE (source_object);
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) profiles = NULL;
  GError *error = NULL;

  profiles = g_task_propagate_pointer (G_TASK (result), &error);
  if (profiles != NULL)
    {
      replace_all (self, profiles);
      self->loaded = TRUE;
      g_clear_pointer (&self->blocked_reason, g_free);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (data->moved_to != NULL)
    {
      /* The original is safe under another name: a new file may be written. */
      self->loaded = TRUE;
      g_clear_pointer (&self->blocked_reason, g_free);
    }
  else if (data->not_moved != NULL)
    {
      self->loaded = FALSE;
      g_free (self->blocked_reason);
      self->blocked_reason = g_strdup (data->not_moved);
    }
  g_task_return_error (task, error);
}

void
kh_profile_store_load_async (KhProfileStore      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;
  LoadData *data;

  g_return_if_fail (KH_IS_PROFILE_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_profile_store_load_async);

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (self->path);
  thread_task = g_task_new (self, cancellable, load_done, g_steal_pointer (&task));
  g_task_set_task_data (thread_task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (thread_task, load_in_thread);
}

gboolean
kh_profile_store_load_finish (KhProfileStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_profile_store_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- save --------------------------------------------------------------- */

typedef struct {
  char    *path;
  char    *contents;
  guint64  generation;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->path);
  g_free (data->contents);
  g_free (data);
}

static gboolean
write_private_file (const char  *path,
                    const char  *contents,
                    gsize        len,
                    GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, KH_ERROR, KH_ERROR_FAILED,
                   _("The connections could not be saved: the folder “%s” could not be created (%s)"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, contents, (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_FAILED,
                   _("The connections could not be saved: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KhProfileStore *self = source_object;
  SaveData *data = task_data;
  GError *error = NULL;
  gboolean ok = TRUE;

  g_mutex_lock (&self->write_lock);
  /* A newer snapshot already reached the disk: writing this one would undo it. */
  if (data->generation > self->written_generation)
    {
      ok = write_private_file (data->path, data->contents, strlen (data->contents), &error);
      if (ok)
        self->written_generation = data->generation;
    }
  g_mutex_unlock (&self->write_lock);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kh_profile_store_save_async (KhProfileStore      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (KH_IS_PROFILE_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_profile_store_save_async);

  if (self->blocked_reason != NULL)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                               _("Keyhole will not overwrite “%s”, which it could not read or move aside "
                                 "(%s): fix or remove the file, then restart Keyhole."),
                               self->path, self->blocked_reason);
      return;
    }
  if (!self->loaded)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                               _("The saved connections have not been loaded yet: saving now could "
                                 "overwrite them."));
      return;
    }

  data = g_new0 (SaveData, 1);
  data->path = g_strdup (self->path);
  data->contents = serialize_profiles (self->items);
  data->generation = ++self->save_generation;
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
kh_profile_store_save_finish (KhProfileStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_profile_store_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- editing ------------------------------------------------------------ */

KhProfile *
kh_profile_store_find (KhProfileStore *self,
                       const char     *id,
                       guint          *position)
{
  g_return_val_if_fail (KH_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      KhProfile *profile = g_ptr_array_index (self->items, i);

      if (g_str_equal (kh_profile_get_id (profile), id))
        {
          if (position != NULL)
            *position = i;
          return profile;
        }
    }
  return NULL;
}

void
kh_profile_store_add (KhProfileStore *self,
                      KhProfile      *profile)
{
  g_return_if_fail (KH_IS_PROFILE_STORE (self));
  g_return_if_fail (KH_IS_PROFILE (profile));
  g_return_if_fail (!g_ptr_array_find (self->items, profile, NULL));

  while (kh_profile_store_find (self, kh_profile_get_id (profile), NULL) != NULL)
    {
      g_autofree char *id = g_uuid_string_random ();
      kh_profile_set_id (profile, id);
    }
  g_ptr_array_add (self->items, g_object_ref (profile));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
}

gboolean
kh_profile_store_remove (KhProfileStore *self,
                         const char     *id)
{
  guint position;

  g_return_val_if_fail (KH_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (kh_profile_store_find (self, id, &position) == NULL)
    return FALSE;
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

gboolean
kh_profile_store_replace (KhProfileStore *self,
                          KhProfile      *profile)
{
  guint position;
  KhProfile *old;

  g_return_val_if_fail (KH_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (KH_IS_PROFILE (profile), FALSE);

  old = kh_profile_store_find (self, kh_profile_get_id (profile), &position);
  if (old == NULL)
    return FALSE;
  if (old == profile)
    return TRUE;
  g_ptr_array_index (self->items, position) = g_object_ref (profile);
  g_object_unref (old);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  return TRUE;
}

gboolean
kh_profile_store_move (KhProfileStore *self,
                       guint           from,
                       guint           to)
{
  gpointer item;
  guint first, n;

  g_return_val_if_fail (KH_IS_PROFILE_STORE (self), FALSE);

  if (from >= self->items->len || to >= self->items->len)
    return FALSE;
  if (from == to)
    return TRUE;

  item = g_ptr_array_steal_index (self->items, from);
  g_ptr_array_insert (self->items, (gint) to, item);
  first = MIN (from, to);
  n = MAX (from, to) - first + 1;
  g_list_model_items_changed (G_LIST_MODEL (self), first, n, n);
  return TRUE;
}

/* ---- export and import -------------------------------------------------- */

static void
export_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = G_FILE (source_object);
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (file, result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                                 _("The connections could not be exported to “%s”: %s"),
                                 name, error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
kh_profile_store_export_async (KhProfileStore      *self,
                               GFile               *file,
                               GPtrArray           *profiles,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents;

  g_return_if_fail (KH_IS_PROFILE_STORE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_profile_store_export_async);

  contents = serialize_profiles (profiles != NULL ? profiles : self->items);
  bytes = g_bytes_new_take (contents, strlen (contents));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       cancellable, export_done, g_steal_pointer (&task));
}

gboolean
kh_profile_store_export_finish (KhProfileStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_profile_store_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
import_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *contents = NULL;
  g_autoptr(GError) reason = NULL;
  GPtrArray *profiles;
  gsize len = 0;

  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, &reason))
    {
      if (g_error_matches (reason, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&reason));
      else
        g_task_return_new_error (task, KH_ERROR,
                                 g_error_matches (reason, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                                 ? KH_ERROR_NOT_FOUND : KH_ERROR_FAILED,
                                 _("“%s” could not be read: %s"), name, reason->message);
      return;
    }

  profiles = parse_profiles (contents, len, &reason);
  if (profiles == NULL)
    {
      g_task_return_new_error (task, KH_ERROR, reason->code,
                               _("“%s” is not a Keyhole connections file that this version can import: %s"),
                               name, reason->message);
      return;
    }
  if (profiles->len == 0)
    {
      g_ptr_array_unref (profiles);
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                               _("“%s” holds no connections"), name);
      return;
    }
  g_task_return_pointer (task, profiles, (GDestroyNotify) g_ptr_array_unref);
}

static void
import_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KhProfileStore *self = KH_PROFILE_STORE (source_object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) profiles = NULL;
  GError *error = NULL;

  profiles = g_task_propagate_pointer (G_TASK (result), &error);
  if (profiles == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < profiles->len; i++)
    kh_profile_store_add (self, g_ptr_array_index (profiles, i));
  g_task_return_int (task, profiles->len);
}

void
kh_profile_store_import_async (KhProfileStore      *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;

  g_return_if_fail (KH_IS_PROFILE_STORE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_profile_store_import_async);

  thread_task = g_task_new (self, cancellable, import_done, g_steal_pointer (&task));
  g_task_set_task_data (thread_task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (thread_task, import_in_thread);
}

gboolean
kh_profile_store_import_finish (KhProfileStore  *self,
                                GAsyncResult    *result,
                                guint           *n_imported,
                                GError         **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_profile_store_import_async, FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    {
      if (n_imported != NULL)
        *n_imported = 0;
      return FALSE;
    }
  if (n_imported != NULL)
    *n_imported = (guint) n;
  return TRUE;
}
