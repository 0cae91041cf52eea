/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-sandbox-private.h: the demo data generator, for KhSandbox */
#pragma once

#include <glib.h>

#include "kh-command.h"

G_BEGIN_DECLS

/* The commands that fill a new sandbox, in order (KhCommand, freed with the
 * array). Built from a fixed seed: the same data every time. */
GPtrArray *kh_sandbox_demo_commands_new (void);

G_END_DECLS
