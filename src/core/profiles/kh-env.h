/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-env.h: reading .env files for Redis URLs */
#pragma once

#include <glib.h>

#include "kh-url.h"

G_BEGIN_DECLS

/* One NAME=value assignment. */
typedef struct {
  char  *name;
  char  *value;
  guint  line;      /* 1-based line where the assignment starts */
} KhEnvEntry;

void        kh_env_entry_free      (KhEnvEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhEnvEntry, kh_env_entry_free)

/* Parses dotenv syntax: NAME=value, "export NAME=value", 'single' (literal) and
 * "double" quotes (with \n \t \" \\ escapes; both may span lines), # comments,
 * blank lines, CRLF. Returns a GPtrArray of KhEnvEntry in file order. Errors are
 * KH_ERROR_INVALID_INPUT, name the line, and never quote a value. */
GPtrArray  *kh_env_parse           (const char  *text,
                                    gssize       len,
                                    GError     **error);

typedef enum {
  KH_ENV_CANDIDATE_REDIS_URL,  /* a variable meant to hold a Redis URL */
  KH_ENV_CANDIDATE_REST_API,   /* an Upstash/Vercel REST URL or token: not usable, explained */
} KhEnvCandidateKind;

typedef struct {
  KhEnvCandidateKind  kind;
  char               *name;   /* the variable, e.g. REDIS_URL */
  guint               line;
  KhUrl              *url;    /* parsed URL, or NULL */
  GError             *error;  /* why there is no URL: a parse error or an explanation */
} KhEnvCandidate;

void        kh_env_candidate_free  (KhEnvCandidate *candidate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhEnvCandidate, kh_env_candidate_free)

/* Picks REDIS_URL, UPSTASH_REDIS_URL, KV_URL and any variable whose name
 * contains REDIS or VALKEY and ends in URL, plus the REST variables
 * (UPSTASH_REDIS_REST_URL/_TOKEN, KV_REST_API_URL/_TOKEN) with an explanation.
 * When a name is assigned twice, the last assignment wins, as in a shell.
 * Returns a GPtrArray of KhEnvCandidate in file order. */
GPtrArray  *kh_env_find_redis_urls (GPtrArray  *entries);

G_END_DECLS
