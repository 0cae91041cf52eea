/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-error.c */
#include "kh-error.h"

G_DEFINE_QUARK (kh-error-quark, kh_error)
