/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-util.c: what the benchmarks share */
#include "bench-util.h"

#include <string.h>

guint64
bench_proc_status_bytes (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *name = g_strconcat ("\n", field, ":", NULL);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, name);
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (name), NULL, 10) * 1024;
}
