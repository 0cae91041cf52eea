/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-frame-memory.h: keeps the shared memory that carries frames to an X server */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Once @widget's window is realized: with the cairo renderer on X11, keeps
 * the shared memory of its frames mapped between frames (see the .c file).
 * Does nothing elsewhere, or when it was done for the display already. */
void kh_frame_memory_keep (GtkWidget *widget);

G_END_DECLS
