/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-sandbox-demo.c: the sandbox's demo data, what teams keep in these
 * stores, generated from a fixed seed so it is the same every time */
#include "config.h"

#include "kh-sandbox-private.h"

#include <string.h>
#include <gio/gio.h>

#define DEMO_SEED 20250101
/* 2025-01-01T00:00:00Z: demo timestamps are fixed so the data is the same every time. */
#define DEMO_EPOCH G_GINT64_CONSTANT (1735689600)

typedef struct {
  GPtrArray *commands;
  GRand *rand;
} Demo;

static KhCommand *
demo_command (Demo       *demo,
              const char *name)
{
  KhCommand *command = kh_command_new (name);

  g_ptr_array_add (demo->commands, command);
  return command;
}

static const char *
demo_pick (Demo              *demo,
           const char * const *items,
           guint              n_items)
{
  return items[g_rand_int_range (demo->rand, 0, n_items)];
}

#define PICK(demo, array) demo_pick ((demo), (array), G_N_ELEMENTS (array))

static char *
demo_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* A time in the 90 days before DEMO_EPOCH. */
static char *
demo_recent_time (Demo *demo)
{
  return demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 0, 90 * 24 * 3600));
}

static char *
demo_token (Demo       *demo,
            const char *alphabet,
            guint       length)
{
  gsize n = strlen (alphabet);
  char *token = g_malloc (length + 1);

  for (guint i = 0; i < length; i++)
    token[i] = alphabet[g_rand_int_range (demo->rand, 0, n)];
  token[length] = '\0';
  return token;
}

#define HEX "0123456789abcdef"
#define URLSAFE "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

static const char * const first_names[] = {
  "Amara", "Ben", "Chiara", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ines", "Jonas",
  "Kwame", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomoko",
  "Umar", "Valentina", "Wei", "Yara",
};
static const char * const last_names[] = {
  "Abebe", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Ivanova",
  "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi",
  "Santos", "Tanaka", "Usman", "Varga", "Weber", "Yilmaz", "Zhang",
};
static const char * const plans[] = { "free", "free", "free", "hobby", "pro", "pro", "team", "enterprise" };

static void
demo_name (Demo  *demo,
           guint  id,
           char **name,
           char **email)
{
  static const char * const domains[] = { "example.com", "example.org", "example.net" };
  const char *first = first_names[(id * 7) % G_N_ELEMENTS (first_names)];
  const char *last = last_names[(id * 13 + id / 24) % G_N_ELEMENTS (last_names)];
  g_autofree char *login = g_ascii_strdown (first, -1);

  *name = g_strdup_printf ("%s %s", first, last);
  *email = g_strdup_printf ("%s.%u@%s", login, id, PICK (demo, domains));
}

static void
demo_rate_limits (Demo *demo)
{
  /* A Flask service uses flask-limiter, a Node one express-rate-limit. */
  static const char * const flask_endpoints[] = { "auth.login", "auth.reset_password", "api.list_projects" };
  static const char * const node_paths[] = { "/api/v1/projects", "/api/v1/uploads", "/webhooks/stripe" };
  static const char * const networks[] = { "203.0.113", "198.51.100", "192.0.2", "100.64.12" };

  for (guint i = 0; i < 252; i++)
    {
      g_autofree char *ip = g_strdup_printf ("%s.%u", networks[i % 4], i / 4 + 1);

      for (guint e = 0; e < G_N_ELEMENTS (flask_endpoints); e++)
        {
          KhCommand *set = demo_command (demo, "SET");

          kh_command_add_printf (set, "LIMITS:LIMITER/%s/%s/10/1/minute", ip, flask_endpoints[e]);
          kh_command_add_int (set, g_rand_int_range (demo->rand, 1, 11));
          kh_command_add (set, "EX");
          kh_command_add_int (set, g_rand_int_range (demo->rand, 10, 61));
        }
      for (guint e = 0; e < G_N_ELEMENTS (node_paths); e++)
        {
          KhCommand *set = demo_command (demo, "SET");

          kh_command_add_printf (set, "rate-limit:%s:%s", ip, node_paths[e]);
          kh_command_add_int (set, g_rand_int_range (demo->rand, 1, 101));
          kh_command_add (set, "EX");
          kh_command_add_int (set, g_rand_int_range (demo->rand, 10, 61));
        }
    }
}

static const char * const project_words[] = {
  "billing", "checkout", "search", "auth", "media", "notifications", "analytics", "inventory",
  "payments", "onboarding", "catalog", "reporting",
};
static const char * const project_kinds[] = { "service", "api", "worker", "web", "jobs" };
static const char * const languages[] = { "go", "python", "typescript", "rust", "ruby", "elixir" };

static char *
demo_project_json (Demo  *demo,
                   guint  id)
{
  g_autofree char *created = demo_recent_time (demo);
  g_autofree char *updated = demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 0, 7 * 24 * 3600));
  const char *word = project_words[id % G_N_ELEMENTS (project_words)];
  const char *kind = project_kinds[(id / G_N_ELEMENTS (project_words)) % G_N_ELEMENTS (project_kinds)];

  return g_strdup_printf ("{\"id\":%u,\"name\":\"%s-%s\",\"slug\":\"%s-%s-%u\",\"owner_id\":%d,"
                          "\"visibility\":\"%s\",\"default_branch\":\"main\",\"language\":\"%s\","
                          "\"created_at\":\"%s\",\"updated_at\":\"%s\","
                          "\"stats\":{\"open_issues\":%d,\"deploys_30d\":%d,\"members\":%d}}",
                          id, word, kind, word, kind, id, g_rand_int_range (demo->rand, 1, 501),
                          g_rand_boolean (demo->rand) ? "private" : "internal", PICK (demo, languages),
                          created, updated, g_rand_int_range (demo->rand, 0, 40),
                          g_rand_int_range (demo->rand, 0, 120), g_rand_int_range (demo->rand, 1, 25));
}

static void
demo_cached_responses (Demo *demo)
{
  static const char * const themes[] = { "light", "dark", "system" };
  static const char * const locales[] = { "en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "pt-BR" };
  static const char * const zones[] = { "Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "America/Sao_Paulo" };
  static const char * const digests[] = { "daily", "weekly", "never" };
  GString *list = g_string_new ("{\"data\":[");
  KhCommand *set;

  for (guint id = 1; id <= 150; id++)
    {
      g_autofree char *json = demo_project_json (demo, id);

      if (id <= 20)
        g_string_append_printf (list, "%s%s", id > 1 ? "," : "", json);
      set = demo_command (demo, "SET");
      kh_command_add_printf (set, "cache:/api/v1/projects/%u", id);
      kh_command_add (set, json);
      kh_command_add (set, "EX");
      kh_command_add (set, "300");
    }
  g_string_append (list, "],\"page\":1,\"per_page\":20,\"total\":150,\"next\":\"/api/v1/projects?page=2\"}");
  set = demo_command (demo, "SET");
  kh_command_add (set, "cache:/api/v1/projects");
  kh_command_add (set, list->str);
  kh_command_add (set, "EX");
  kh_command_add (set, "300");
  g_string_free (list, TRUE);

  for (guint id = 1; id <= 149; id++)
    {
      set = demo_command (demo, "SET");
      kh_command_add_printf (set, "cache:/api/v1/users/%u/settings", id);
      kh_command_add_printf (set, "{\"user_id\":%u,\"theme\":\"%s\",\"locale\":\"%s\",\"timezone\":\"%s\","
                                  "\"notifications\":{\"email\":%s,\"push\":%s,\"digest\":\"%s\"},"
                                  "\"two_factor\":%s,\"beta_features\":%s}",
                             id, PICK (demo, themes), PICK (demo, locales), PICK (demo, zones),
                             g_rand_boolean (demo->rand) ? "true" : "false",
                             g_rand_boolean (demo->rand) ? "true" : "false", PICK (demo, digests),
                             g_rand_int_range (demo->rand, 0, 3) ? "true" : "false",
                             g_rand_int_range (demo->rand, 0, 4) ? "false" : "true");
      kh_command_add (set, "EX");
      kh_command_add (set, "300");
    }
}

static void
demo_sessions (Demo *demo)
{
  static const char * const flashes[] = {
    "{}", "{}", "{}", "{}", "{\"success\":[\"Project saved\"]}", "{\"info\":[\"Welcome back!\"]}",
    "{\"error\":[\"That invitation link has expired\"]}",
  };

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *id = demo_token (demo, URLSAFE, 32);
      g_autofree char *csrf = demo_token (demo, HEX, 40);
      gint64 ttl = g_rand_int_range (demo->rand, 3600, 24 * 3600 + 1);
      g_autofree char *created = demo_time (DEMO_EPOCH - (24 * 3600 - ttl));
      KhCommand *set = demo_command (demo, "SET");

      kh_command_add_printf (set, "sess:%s", id);
      kh_command_add_printf (set, "{\"user_id\":%d,\"created\":\"%s\",\"csrf\":\"%s\",\"flash\":%s,"
                                  "\"cookie\":{\"maxAge\":86400000,\"httpOnly\":true,\"secure\":true,"
                                  "\"sameSite\":\"lax\",\"path\":\"/\"}}",
                             g_rand_int_range (demo->rand, 1, 501), created, csrf, PICK (demo, flashes));
      kh_command_add (set, "EX");
      kh_command_add_int (set, ttl);
    }
}

static void
demo_users (Demo *demo)
{
  for (guint id = 1; id <= 500; id++)
    {
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;
      g_autofree char *created = NULL;
      g_autofree char *last_login = NULL;
      gint64 created_at = DEMO_EPOCH - g_rand_int_range (demo->rand, 30 * 24 * 3600, 3 * 365 * 24 * 3600);
      KhCommand *hset = demo_command (demo, "HSET");

      demo_name (demo, id, &name, &email);
      created = demo_time (created_at);
      last_login = demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 60, 30 * 24 * 3600));
      kh_command_add_printf (hset, "user:%u", id);
      kh_command_add (hset, "email");
      kh_command_add (hset, email);
      kh_command_add (hset, "name");
      kh_command_add (hset, name);
      kh_command_add (hset, "plan");
      kh_command_add (hset, PICK (demo, plans));
      kh_command_add (hset, "created_at");
      kh_command_add (hset, created);
      kh_command_add (hset, "last_login");
      kh_command_add (hset, last_login);
    }
}

static void
demo_circuits (Demo *demo)
{
  static const struct { const char *service; const char *state; guint failures; gboolean hash; } circuits[] = {
    { "stripe", "closed", 0, FALSE },
    { "sendgrid", "open", 17, TRUE },
    { "github-api", "half-open", 5, TRUE },
    { "s3", "closed", 1, TRUE },
    { "twilio", "closed", 0, FALSE },
    { "search-cluster", "open", 42, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (circuits); i++)
    {
      KhCommand *command;

      if (!circuits[i].hash)
        {
          command = demo_command (demo, "SET");
          kh_command_add_printf (command, "circuit:%s", circuits[i].service);
          kh_command_add (command, circuits[i].state);
          continue;
        }
      {
        g_autofree char *opened = demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 10, 600));
        g_autofree char *retry = demo_time (DEMO_EPOCH + 30);

        command = demo_command (demo, "HSET");
        kh_command_add_printf (command, "circuit:%s", circuits[i].service);
        kh_command_add (command, "state");
        kh_command_add (command, circuits[i].state);
        kh_command_add (command, "failures");
        kh_command_add_int (command, circuits[i].failures);
        kh_command_add (command, "threshold");
        kh_command_add (command, "5");
        kh_command_add (command, "opened_at");
        kh_command_add (command, opened);
        kh_command_add (command, "retry_at");
        kh_command_add (command, retry);
      }
    }
}

static void
demo_tenants (Demo *demo)
{
  static const char * const slugs[] = {
    "acme", "globex", "initech", "umbrella", "hooli", "stark-industries", "wayne-enterprises",
    "wonka", "soylent", "cyberdyne", "tyrell", "massive-dynamic",
  };
  static const char * const flags[] = {
    "new-dashboard", "beta-search", "dark-mode", "audit-log", "bulk-export", "ai-summaries",
    "sso-enforced", "usage-billing",
  };
  static const char * const regions[] = { "eu-west-1", "us-east-1", "ap-northeast-1", "eu-central-1" };
  static const char * const tenant_plans[] = { "team", "business", "enterprise" };
  static const char * const providers[] = { "okta", "azure-ad", "google" };

  for (guint i = 0; i < G_N_ELEMENTS (slugs); i++)
    {
      gboolean sso = g_rand_boolean (demo->rand);
      KhCommand *set = demo_command (demo, "SET");
      KhCommand *sadd;

      kh_command_add_printf (set, "tenant:%s:config", slugs[i]);
      kh_command_add_printf (set, "{\"tenant\":\"%s\",\"plan\":\"%s\",\"region\":\"%s\",\"seats\":%d,"
                                  "\"sso\":{\"enabled\":%s,\"provider\":%s%s%s},"
                                  "\"limits\":{\"api_rpm\":%d,\"storage_gb\":%d},"
                                  "\"webhook_url\":\"https://hooks.%s.example/keyhole\"}",
                             slugs[i], PICK (demo, tenant_plans), PICK (demo, regions),
                             g_rand_int_range (demo->rand, 5, 500), sso ? "true" : "false",
                             sso ? "\"" : "", sso ? PICK (demo, providers) : "null", sso ? "\"" : "",
                             600 * g_rand_int_range (demo->rand, 1, 11), 50 * g_rand_int_range (demo->rand, 1, 21),
                             slugs[i]);

      sadd = demo_command (demo, "SADD");
      kh_command_add_printf (sadd, "tenant:%s:flags", slugs[i]);
      kh_command_add (sadd, flags[i % G_N_ELEMENTS (flags)]);
      for (guint f = 0; f < G_N_ELEMENTS (flags); f++)
        if (g_rand_int_range (demo->rand, 0, 3) == 0)
          kh_command_add (sadd, flags[f]);
    }
}

static void
demo_leaderboard (Demo *demo)
{
  KhCommand *zadd = demo_command (demo, "ZADD");

  kh_command_add (zadd, "leaderboard:weekly");
  for (guint i = 0; i < 200; i++)
    {
      kh_command_add_int (zadd, g_rand_int_range (demo->rand, 0, 10000));
      /* 7919 is prime: 200 distinct users out of 500. */
      kh_command_add_printf (zadd, "user:%u", 1 + (i * 7919) % 500);
    }
}

static void
demo_queues (Demo *demo)
{
  static const char * const templates[] = { "welcome", "password_reset", "invoice", "weekly_digest", "invite" };
  static const char * const events[] = { "invoice.paid", "invoice.payment_failed", "project.created", "member.invited", "deploy.finished" };
  guint n_emails = g_rand_int_range (demo->rand, 50, 201);
  guint n_hooks = g_rand_int_range (demo->rand, 50, 201);
  KhCommand *push = NULL;

  for (guint i = 0; i < n_emails; i++)
    {
      g_autofree char *id = demo_token (demo, HEX, 12);
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;
      g_autofree char *enqueued = demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 0, 3600));

      if (i % 50 == 0)
        {
          push = demo_command (demo, "RPUSH");
          kh_command_add (push, "queue:emails");
        }
      demo_name (demo, g_rand_int_range (demo->rand, 1, 501), &name, &email);
      kh_command_add_printf (push, "{\"id\":\"job_%s\",\"type\":\"send_email\",\"template\":\"%s\","
                                   "\"to\":\"%s\",\"attempts\":%d,\"enqueued_at\":\"%s\"}",
                             id, PICK (demo, templates), email, g_rand_int_range (demo->rand, 0, 3), enqueued);
    }

  for (guint i = 0; i < n_hooks; i++)
    {
      g_autofree char *id = demo_token (demo, HEX, 12);
      g_autofree char *invoice = demo_token (demo, URLSAFE, 14);
      g_autofree char *enqueued = demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 0, 3600));

      if (i % 50 == 0)
        {
          push = demo_command (demo, "RPUSH");
          kh_command_add (push, "queue:webhooks");
        }
      kh_command_add_printf (push, "{\"id\":\"wh_%s\",\"url\":\"https://hooks.example.com/%u\","
                                   "\"event\":\"%s\",\"payload\":{\"invoice_id\":\"in_%s\",\"amount\":%d,"
                                   "\"currency\":\"eur\"},\"attempts\":%d,\"enqueued_at\":\"%s\"}",
                             id, g_rand_int_range (demo->rand, 1, 40), PICK (demo, events), invoice,
                             100 * g_rand_int_range (demo->rand, 5, 500), g_rand_int_range (demo->rand, 0, 5),
                             enqueued);
    }
}

static void
demo_orders (Demo *demo)
{
  static const char * const statuses[] = { "created", "paid", "paid", "shipped", "delivered", "refunded" };
  static const char * const currencies[] = { "EUR", "USD", "GBP" };

  for (guint i = 0; i < 500; i++)
    {
      KhCommand *xadd = demo_command (demo, "XADD");

      kh_command_add (xadd, "events:orders");
      kh_command_add (xadd, "*");
      kh_command_add (xadd, "order_id");
      kh_command_add_printf (xadd, "ord_%05u", 10000 + i);
      kh_command_add (xadd, "customer");
      kh_command_add_printf (xadd, "user:%d", g_rand_int_range (demo->rand, 1, 501));
      kh_command_add (xadd, "status");
      kh_command_add (xadd, PICK (demo, statuses));
      kh_command_add (xadd, "amount_cents");
      kh_command_add_int (xadd, g_rand_int_range (demo->rand, 500, 50000));
      kh_command_add (xadd, "currency");
      kh_command_add (xadd, PICK (demo, currencies));
      kh_command_add (xadd, "items");
      kh_command_add_int (xadd, g_rand_int_range (demo->rand, 1, 8));
    }
}

static GBytes *
gzip_bytes (const char *data,
            gsize       len)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  /* In memory: these cannot fail. */
  g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
demo_binary_and_large (Demo *demo)
{
  /* A pickled Python dict, as Django's cache stores it, under a Latin-1 key. */
  static const char pickled[] = "\x80\x04\x95 \x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\x04lang\x94\x8c\x02" "fr\x94\x8c\x05theme\x94\x8c\x04" "dark\x94u.";
  static const char latin1_key[] = "legacy:pr\xe9" "f\xe9rences:42";
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GString) report = g_string_new ("date,region,plan,orders,revenue_cents,refunds,new_users\n");
  g_autoptr(GBytes) gz = NULL;
  KhCommand *set;

  for (guint id = 1; id <= 200; id++)
    {
      g_autofree char *project = demo_project_json (demo, id);

      g_string_append_printf (json, "%s%s", id > 1 ? "," : "", project);
    }
  g_string_append_c (json, ']');
  gz = gzip_bytes (json->str, json->len);
  set = demo_command (demo, "SET");
  kh_command_add (set, "cache:blob:gz");
  kh_command_add_bytes (set, gz);

  set = demo_command (demo, "SET");
  kh_command_add_len (set, latin1_key, sizeof latin1_key - 1);
  kh_command_add_len (set, pickled, sizeof pickled - 1);

  /* A nightly report someone cached whole: about 2 MiB of CSV. */
  for (guint row = 0; report->len < 2 * 1024 * 1024; row++)
    {
      static const char * const report_regions[] = { "eu-west", "us-east", "ap-south", "sa-east" };
      g_autofree char *day = demo_time (DEMO_EPOCH - (gint64) (row / 32) * 24 * 3600);

      day[10] = '\0';
      g_string_append_printf (report, "%s,%s,%s,%d,%d,%d,%d\n", day, report_regions[row % 4],
                              plans[(row / 4) % G_N_ELEMENTS (plans)],
                              g_rand_int_range (demo->rand, 0, 900), g_rand_int_range (demo->rand, 0, 5000000),
                              g_rand_int_range (demo->rand, 0, 12), g_rand_int_range (demo->rand, 0, 300));
    }
  set = demo_command (demo, "SET");
  kh_command_add (set, "cache:report:large");
  kh_command_add_len (set, report->str, report->len);
  kh_command_add (set, "EX");
  kh_command_add (set, "86400");
}

static void
demo_second_database (Demo *demo)
{
  static const char * const pages[] = {
    "/", "/pricing", "/docs", "/docs/quickstart", "/blog", "/login", "/signup", "/changelog",
    "/about", "/careers",
  };

  kh_command_add (demo_command (demo, "SELECT"), "1");
  for (guint day = 1; day <= 30; day++)
    for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
      {
        KhCommand *set = demo_command (demo, "SET");

        kh_command_add_printf (set, "db1:pageviews:2024-12-%02u:%s", day, pages[p]);
        kh_command_add_int (set, g_rand_int_range (demo->rand, 10, 20000));
      }
  kh_command_add (demo_command (demo, "SELECT"), "0");
}

GPtrArray *
kh_sandbox_demo_commands_new (void)
{
  Demo demo = { 0 };

  demo.commands = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_command_free);
  demo.rand = g_rand_new_with_seed (DEMO_SEED);

  demo_rate_limits (&demo);
  demo_cached_responses (&demo);
  demo_sessions (&demo);
  demo_users (&demo);
  demo_circuits (&demo);
  demo_tenants (&demo);
  demo_leaderboard (&demo);
  demo_queues (&demo);
  demo_orders (&demo);
  demo_binary_and_large (&demo);
  demo_second_database (&demo);

  g_rand_free (demo.rand);
  return demo.commands;
}
