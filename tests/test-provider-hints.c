/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-provider-hints.c: the sentences shown when connecting to a provider fails */
#include "config.h"

#include "kh-error.h"
#include "kh-provider-hints.h"

#include <string.h>
#include <gio/gio.h>

static char *
explain (KhProvider  provider,
         const char *host,
         gboolean    tls,
         KhError     code,
         const char *message)
{
  g_autoptr(GError) error = g_error_new_literal (KH_ERROR, code, message);

  return kh_provider_hints_explain (provider, host, tls, error);
}

static void
test_render_internal_host (void)
{
  g_autofree char *dns = explain (KH_PROVIDER_RENDER, "red-d1abc2defg3hij", FALSE, KH_ERROR_DNS,
                                  "The host name “red-d1abc2defg3hij” could not be found. Check the spelling");
  g_autofree char *timeout = explain (KH_PROVIDER_RENDER, "red-d1abc2defg3hij", FALSE, KH_ERROR_TIMEOUT,
                                      "red-d1abc2defg3hij:6379 did not answer in time");

  /* The DNS failure is replaced by what it means: an internal URL. */
  g_assert_nonnull (strstr (dns, "“red-d1abc2defg3hij” is the internal address"));
  g_assert_nonnull (strstr (dns, "External URL"));
  g_assert_nonnull (strstr (dns, "allow-list"));
  g_assert_null (strstr (dns, "Check the spelling"));
  g_assert_nonnull (strstr (timeout, "internal address"));

  g_assert_true (kh_provider_hints_is_render_internal ("red-abc"));
  g_assert_false (kh_provider_hints_is_render_internal ("red-"));
  g_assert_false (kh_provider_hints_is_render_internal ("red-abc.example.com"));
  g_assert_false (kh_provider_hints_is_render_internal ("oregon-keyvalue.render.com"));
  g_assert_false (kh_provider_hints_is_render_internal (NULL));
}

static void
test_render_allow_list (void)
{
  const char *host = "oregon-keyvalue.render.com";
  g_autofree char *refused = explain (KH_PROVIDER_RENDER, host, TRUE, KH_ERROR_REFUSED,
                                      "oregon-keyvalue.render.com:6379 refused the connection");
  g_autofree char *closed = explain (KH_PROVIDER_RENDER, host, TRUE, KH_ERROR_CLOSED,
                                     "oregon-keyvalue.render.com:6379 closed the connection.");
  g_autofree char *dns = explain (KH_PROVIDER_RENDER, host, TRUE, KH_ERROR_DNS,
                                  "The host name could not be found");
  g_autofree char *plain = explain (KH_PROVIDER_RENDER, host, FALSE, KH_ERROR_CLOSED,
                                    "oregon-keyvalue.render.com:6379 closed the connection");
  g_autofree char *auth = explain (KH_PROVIDER_RENDER, host, TRUE, KH_ERROR_AUTH_FAILED,
                                   "oregon-keyvalue.render.com:6379 refused the password");

  /* The original sentence stays first, ended with a full stop, then the hint. */
  g_assert_true (g_str_has_prefix (refused, "oregon-keyvalue.render.com:6379 refused the connection. Render refuses"));
  g_assert_nonnull (strstr (refused, "allow-list"));
  g_assert_true (g_str_has_prefix (closed, "oregon-keyvalue.render.com:6379 closed the connection. Render"));
  g_assert_null (strstr (closed, ".."));
  g_assert_nonnull (strstr (closed, "allow-list"));
  /* A DNS failure on the external host is not about the allow-list. */
  g_assert_cmpstr (dns, ==, "The host name could not be found");
  /* Without TLS, the fix is TLS. */
  g_assert_nonnull (strstr (plain, "over TLS only"));
  g_assert_nonnull (strstr (auth, "instance id"));
}

static void
test_upstash_tls (void)
{
  const char *host = "eu1-happy-cat-12345.upstash.io";
  g_autofree char *reset = explain (KH_PROVIDER_UPSTASH, host, FALSE, KH_ERROR_CLOSED,
                                    "eu1-happy-cat-12345.upstash.io:6379 closed the connection right away");
  g_autofree char *refused = explain (KH_PROVIDER_UPSTASH, host, FALSE, KH_ERROR_REFUSED, "refused");
  g_autofree char *with_tls = explain (KH_PROVIDER_UPSTASH, host, TRUE, KH_ERROR_CLOSED,
                                       "eu1-happy-cat-12345.upstash.io:6379 closed the connection");
  g_autofree char *auth = explain (KH_PROVIDER_UPSTASH, host, TRUE, KH_ERROR_AUTH_FAILED, "needs a password");

  g_assert_nonnull (strstr (reset, "Upstash accepts TLS connections only"));
  g_assert_true (g_str_has_prefix (reset, "eu1-happy-cat-12345.upstash.io:6379 closed the connection right away. "));
  g_assert_nonnull (strstr (refused, "turn TLS on"));
  /* With TLS on, TLS is not the problem: the message is left alone. */
  g_assert_cmpstr (with_tls, ==, "eu1-happy-cat-12345.upstash.io:6379 closed the connection");
  g_assert_nonnull (strstr (auth, "Upstash console"));
  g_assert_nonnull (strstr (auth, "default_ro"));
}

static void
test_other_providers (void)
{
  g_autofree char *custom = explain (KH_PROVIDER_CUSTOM, "cache.example.com", FALSE, KH_ERROR_REFUSED,
                                     "cache.example.com:6379 refused the connection");
  g_autofree char *local = explain (KH_PROVIDER_LOCAL, "localhost", FALSE, KH_ERROR_REFUSED,
                                    "localhost:6379 refused the connection");
  g_autofree char *socket = explain (KH_PROVIDER_LOCAL, NULL, FALSE, KH_ERROR_REFUSED,
                                     "There is no server socket at /run/redis.sock");
  g_autofree char *sandbox = explain (KH_PROVIDER_SANDBOX, NULL, FALSE, KH_ERROR_CLOSED,
                                      "The connection was closed");
  g_autoptr(GError) io_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  g_autofree char *cancelled = kh_provider_hints_explain (KH_PROVIDER_UPSTASH, "x.upstash.io", FALSE, io_error);

  g_assert_cmpstr (custom, ==, "cache.example.com:6379 refused the connection");
  g_assert_nonnull (strstr (local, "Start the server"));
  g_assert_cmpstr (socket, ==, "There is no server socket at /run/redis.sock");
  g_assert_nonnull (strstr (sandbox, "open the sandbox again"));
  /* Only Keyhole's own errors get hints. */
  g_assert_cmpstr (cancelled, ==, "Cancelled");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/provider-hints/render-internal-host", test_render_internal_host);
  g_test_add_func ("/core/provider-hints/render-allow-list", test_render_allow_list);
  g_test_add_func ("/core/provider-hints/upstash-tls", test_upstash_tls);
  g_test_add_func ("/core/provider-hints/other-providers", test_other_providers);

  return g_test_run ();
}
