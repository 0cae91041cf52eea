/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-index.h: what test-key-index-util.c gives test-key-index.c,
 * test-key-children.c and test-key-models.c */
#pragma once

#include "kh-key-index.h"

#define K(s) (s), (sizeof (s) - 1)

extern const char *keyspace[];

KhKeyIndex *index_with         (const char * const *keys);

/* The children of a namespace as a walk over every sorted key finds them */
typedef struct {
  GBytes   *name;
  gboolean  is_namespace;
  guint     n_keys;
  guint32   key_id;
} RefChild;

GPtrArray  *reference_children (KhKeyIndex         *index,
                                const char         *prefix,
                                gsize               prefix_len);

/* Keys of up to three segments from a small alphabet (binary bytes, empty
 * segments, numbers that are equal by value), sometimes ending with the
 * delimiter, sometimes with a number */
GBytes     *random_key         (GRand              *rand);
guint       add_random_keys    (KhKeyIndex         *index,
                                GRand              *rand,
                                guint               n);
void        remove_random_keys (KhKeyIndex         *index,
                                GRand              *rand,
                                guint               n,
                                GPtrArray          *removed);
