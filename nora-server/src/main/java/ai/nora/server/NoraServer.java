package ai.nora.server;

import ai.nora.server.storage.KeyStore;
import ai.nora.server.storage.jdbc.Database;
import ai.nora.server.storage.jdbc.JdbcKeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar nora-server.jar [serve] [flags]}, and {@code keys list|create|revoke}, which
 * work on the database directly, with or without a running server.
 */
public final class NoraServer {
  private NoraServer() {}

  static final String HELP = String.join("\n",
      "Nora server: the collector and dashboard for Nora traces.",
      "",
      "Usage:",
      "  java -jar nora-server.jar [serve] [--port 8000] [--host 0.0.0.0] [--db-url URL]",
      "  java -jar nora-server.jar keys list",
      "  java -jar nora-server.jar keys create [--name NAME] [--project PROJECT]",
      "  java -jar nora-server.jar keys revoke KEY_ID_OR_PREFIX",
      "",
      "Settings (flag or environment variable):",
      "  --port            NORA_PORT            port (8000)",
      "  --host            NORA_HOST            address (0.0.0.0)",
      "  --db-url          NORA_DB_URL          jdbc:sqlite:nora-data/nora.db or jdbc:postgresql://host/db",
      "  --db-user         NORA_DB_USER         database user",
      "  --db-password     NORA_DB_PASSWORD     database password",
      "  --sqlite-sync     NORA_SQLITE_SYNC     normal (survives kill -9) or full (survives power loss)",
      "  --init-api-key    NORA_INIT_API_KEY    create this key for the default project",
      "  --retention-days  NORA_RETENTION_DAYS  delete traces older than this (90; 0 keeps all)",
      "  --max-body-mb     NORA_MAX_BODY_MB     largest request body (16)",
      "  --log-requests    NORA_LOG_REQUESTS    log method, path, status and time of each request");

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    List<String> list = new ArrayList<>(List.of(args));
    try {
      if (list.contains("--help") || list.contains("-h")) {
        System.out.println(HELP);
        return;
      }
      String command = list.isEmpty() || list.get(0).startsWith("--") ? "serve" : list.remove(0);
      switch (command) {
        case "serve":
          serve(list);
          break;
        case "keys":
          System.exit(keys(list));
          break;
        default:
          System.err.println("unknown command '" + command + "'\n\n" + HELP);
          System.exit(2);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("[nora] " + e.getMessage());
      System.exit(2);
    }
  }

  private static void serve(List<String> args) {
    ServerConfig config = ServerConfig.from(args, System.getenv());
    ServerApp app = ServerApp.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "nora-server-stop"));
    String host = "0.0.0.0".equals(config.host()) ? "localhost" : config.host();
    System.out.println("[nora] Nora server listening on http://" + host + ":" + app.port());
    System.out.println("[nora]   API:       http://" + host + ":" + app.port() + "/v1");
    System.out.println("[nora]   OTLP/HTTP: http://" + host + ":" + app.port() + "/otlp/v1/traces");
    System.out.println("[nora]   data:      " + app.databaseDescription());
  }

  static int keys(List<String> args) {
    String action = args.isEmpty() ? "list" : args.remove(0);
    String target = null;
    if ("revoke".equals(action)) {
      if (args.isEmpty() || args.get(0).startsWith("--")) {
        System.err.println("keys revoke needs the key's id or prefix (see: keys list)");
        return 2;
      }
      target = args.remove(0);
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> flags = Flags.parse(args, problems);
    String name = flags.remove("name");
    String project = flags.remove("project");
    List<String> rest = new ArrayList<>();
    flags.forEach((k, v) -> {
      rest.add("--" + k);
      rest.add(v);
    });
    ServerConfig config = ServerConfig.from(rest, System.getenv());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    try (Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword(),
        config.sqliteSync())) {
      KeyStore store = new JdbcKeyStore(db);
      ApiKeys keys = new ApiKeys(store);
      switch (action) {
        case "list":
          System.out.printf("%-16s %-10s %-14s %-22s %-26s %s%n", "ID", "PROJECT", "PREFIX",
              "CREATED", "REVOKED", "NAME");
          for (KeyStore.ApiKey k : store.keys()) {
            System.out.printf("%-16s %-10s %-14s %-22s %-26s %s%n", k.id(), k.projectId(),
                k.prefix() + "…", time(k.createdUs()),
                k.revokedUs() == null ? "-" : time(k.revokedUs()), k.name() == null ? "" : k.name());
          }
          return 0;
        case "create":
          String p = project == null ? Bootstrap.DEFAULT_PROJECT : project;
          store.ensureProject(p, p);
          String secret = ApiKeys.newSecret();
          keys.add(p, name, secret, System.currentTimeMillis() * 1000);
          System.out.println("Created a key for project '" + p + "' (shown once; only its hash is stored):");
          System.out.println();
          System.out.println("    " + secret);
          return 0;
        case "revoke":
          if (store.revokeKey(target, System.currentTimeMillis() * 1000)) {
            System.out.println("Revoked " + target + " (a running server stops accepting it within "
                + ApiKeys.CACHE_MILLIS / 1000 + " s)");
            return 0;
          }
          System.err.println("no live key with id or prefix '" + target + "'");
          return 1;
        default:
          System.err.println("unknown keys action '" + action + "': use list, create or revoke");
          return 2;
      }
    }
  }

  private static String time(long us) {
    return Instant.ofEpochMilli(us / 1000).toString().replaceAll("\\.\\d+Z$", "Z");
  }
}
