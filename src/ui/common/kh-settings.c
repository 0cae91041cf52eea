/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-settings.c: the application's GSettings, for every widget that keeps one */
#include "config.h"

#include "kh-settings.h"

/* Returns NULL when the schema is not installed (a build tree run without
 * GSETTINGS_SCHEMA_DIR), so callers fall back to defaults instead of aborting. */
GSettings *
kh_settings_load (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_debug ("GSettings schema %s is not installed; settings will not be kept", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}
