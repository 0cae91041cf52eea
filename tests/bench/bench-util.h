/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-util.h: what the benchmarks share */
#pragma once

#include <glib.h>

/* A kB field of /proc/self/status ("VmRSS", "VmHWM"), in bytes; 0 where
 * /proc is missing */
guint64 bench_proc_status_bytes (const char *field);
