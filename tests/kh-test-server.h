/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-test-server.h: real redis-server and valkey-server processes on loopback */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  KH_TEST_SERVER_REDIS,
  KH_TEST_SERVER_VALKEY,
} KhTestServerKind;

typedef enum {
  KH_TEST_SERVER_DEFAULT        = 0,
  KH_TEST_SERVER_PASSWORD       = 1 << 0, /* requirepass KH_TEST_PASSWORD */
  KH_TEST_SERVER_ACL            = 1 << 1, /* users KH_TEST_ACL_USER and KH_TEST_ACL_READER */
  KH_TEST_SERVER_TLS            = 1 << 2, /* tls_port with a certificate for "localhost" and 127.0.0.1 */
  KH_TEST_SERVER_TLS_WRONG_HOST = 1 << 3, /* tls_port, certificate for "wrong.example" signed by the test CA */
  KH_TEST_SERVER_TLS_UNKNOWN_CA = 1 << 4, /* tls_port, certificate for localhost signed by another CA */
  KH_TEST_SERVER_TLS_CLIENT_AUTH = 1 << 5,/* tls_port requires a client certificate from the test CA */
} KhTestServerFlags;

#define KH_TEST_PASSWORD        "kh-test-pass word"
#define KH_TEST_ACL_USER        "alice"
#define KH_TEST_ACL_PASSWORD    "alice-secret"
#define KH_TEST_ACL_READER      "reader"          /* may run read commands only */
#define KH_TEST_ACL_READER_PASSWORD "reader-secret"

typedef struct {
  KhTestServerKind kind;
  KhTestServerFlags flags;
  char    *binary;        /* full path of the server binary */
  char    *dir;           /* private temporary directory, removed on stop */
  guint16  port;          /* plain TCP on 127.0.0.1; always present */
  guint16  tls_port;      /* 0 unless a TLS flag was given */
  char    *unix_path;     /* Unix socket; always present */
  GPid     pid;
} KhTestServer;

/* TLS material made once per test process with the openssl command.
 * kh_test_tls_get() returns NULL, like kh_test_server_start(), without openssl. */
typedef struct {
  char *ca_file;          /* the test CA, to trust */
  char *client_cert;      /* client certificate signed by the test CA */
  char *client_key;
  char *other_ca_file;    /* an unrelated CA */
} KhTestTls;

const KhTestTls *kh_test_tls_get (void);

/* Starts a server and waits until it answers PING. When the binary is missing
 * it returns NULL after g_test_skip(), or g_test_fail() when the environment
 * has KH_TEST_REQUIRE_SERVERS=1: callers just return on NULL.
 * The server dies with the test process, even when an assertion aborts it. */
KhTestServer *kh_test_server_start  (KhTestServerKind   kind,
                                     KhTestServerFlags  flags);
void          kh_test_server_stop   (KhTestServer      *server);
void          kh_test_server_pause  (KhTestServer      *server); /* SIGSTOP */
void          kh_test_server_resume (KhTestServer      *server); /* SIGCONT */
void          kh_test_server_kill   (KhTestServer      *server); /* SIGKILL, then reaped */
/* Restarts a killed or stopped server on the same ports and paths. */
void          kh_test_server_restart (KhTestServer     *server);
const char   *kh_test_server_kind_name (KhTestServerKind kind); /* "redis" or "valkey" */

/* Runs a command with the server's own CLI (redis-cli / valkey-cli) over the
 * Unix socket as the default user; returns its stdout without the final newline. */
char         *kh_test_server_cli    (KhTestServer      *server,
                                     const char        *first_arg,
                                     ...) G_GNUC_NULL_TERMINATED;

/* The clients CLIENT LIST shows (those named @name, unless @name is NULL). */
guint         kh_test_server_count_clients    (KhTestServer *server,
                                               const char   *name);
/* Waits up to 2 s until the server counts @expected clients: it sees a
 * closed socket a moment after the client closed it. */
gboolean      kh_test_server_wait_for_clients (KhTestServer *server,
                                               guint         expected);

/* TRUE when the environment has KH_TEST_REQUIRE_SERVERS=1 (CI): what is
 * missing fails the test instead of skipping it. */
gboolean      kh_test_servers_required (void);

/* Registers @func twice, as "<prefix>/redis/<name>" and "<prefix>/valkey/<name>";
 * the function receives a KhTestServerKind through its data pointer. */
void          kh_test_add_for_each_server (const char *path_prefix,
                                           const char *name,
                                           void      (*func) (gconstpointer kind));
#define KH_TEST_KIND(data) ((KhTestServerKind) GPOINTER_TO_INT (data))

/* TRUE, after g_test_skip(), when there is no display for a widget test;
 * with KH_TEST_REQUIRE_SERVERS=1 (CI, which runs under Xvfb) it fails instead. */
gboolean      kh_test_skip_without_display (void);

/* TRUE, after g_test_skip(), when neither valkey-server nor redis-server is
 * installed (what the sandbox starts); with KH_TEST_REQUIRE_SERVERS=1 it
 * fails instead. */
gboolean      kh_test_skip_without_server_binary (void);

/* Iterates the default main context until *done is TRUE, failing the test
 * after @timeout_ms. */
void          kh_test_wait_until    (gboolean          *done,
                                     guint              timeout_ms);

G_END_DECLS
