package ai.nora.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's settings: a flag ({@code --port 8000}) wins over the environment variable
 * ({@code NORA_PORT}), which wins over the default. {@code docs/server.md} lists them all.
 *
 * @param host address to listen on
 * @param port port to listen on
 * @param dbUrl JDBC URL of the database
 * @param dbUser database user, or null
 * @param dbPassword database password, or null
 * @param sqliteSync {@code normal} or {@code full}
 * @param initApiKey a key to create for the default project, or null
 * @param retentionDays delete traces older than this; 0 keeps everything
 * @param maxBodyBytes the largest request body accepted (compressed, as sent)
 * @param maxDecompressedBytes the largest request body accepted once decompressed
 * @param maxConcurrentIngest requests that may read and store a body at once
 * @param logRequests whether to log each request's method, path, status and time
 * @param adminPassword the dashboard's administrator password (every project), or null for none
 */
public record ServerConfig(
    String host,
    int port,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String sqliteSync,
    String initApiKey,
    int retentionDays,
    long maxBodyBytes,
    long maxDecompressedBytes,
    int maxConcurrentIngest,
    boolean logRequests,
    String adminPassword) {

  /** Default database: an SQLite file under ./nora-data/. */
  public static final String DEFAULT_DB_URL = "jdbc:sqlite:" + Path.of("nora-data", "nora.db");

  /** Settings from flags and variables; unknown flags and bad values are reported together. */
  public static ServerConfig from(List<String> args, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, String> flags = Flags.parse(args, problems);
    Settings s = new Settings(flags, env, problems);
    int maxBodyMb = s.integer("max-body-mb", "NORA_MAX_BODY_MB", 16, 1, 1024);
    ServerConfig c = new ServerConfig(
        s.text("host", "NORA_HOST", "0.0.0.0"),
        s.integer("port", "NORA_PORT", 8000, 0, 65535),
        s.text("db-url", "NORA_DB_URL", DEFAULT_DB_URL),
        s.text("db-user", "NORA_DB_USER", null),
        s.text("db-password", "NORA_DB_PASSWORD", null),
        s.choice("sqlite-sync", "NORA_SQLITE_SYNC", "normal", List.of("normal", "full")),
        s.text("init-api-key", "NORA_INIT_API_KEY", null),
        s.integer("retention-days", "NORA_RETENTION_DAYS", 90, 0, 100_000),
        maxBodyMb * 1024L * 1024L,
        s.integer("max-decompressed-mb", "NORA_MAX_DECOMPRESSED_MB", 2 * maxBodyMb, 1, 4096) * 1024L * 1024L,
        s.integer("max-concurrent-ingest", "NORA_MAX_CONCURRENT_INGEST",
            Math.max(2, Runtime.getRuntime().availableProcessors()), 1, 1024),
        "true".equals(s.choice("log-requests", "NORA_LOG_REQUESTS", "false", List.of("true", "false"))),
        s.text("admin-password", "NORA_ADMIN_PASSWORD", null));
    if (c.adminPassword() != null && c.adminPassword().length() < 8) {
      problems.add("admin-password (NORA_ADMIN_PASSWORD): at least 8 characters");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return c;
  }

  /** Reads one setting from a flag or a variable. */
  private static final class Settings {
    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final List<String> problems;

    Settings(Map<String, String> flags, Map<String, String> env, List<String> problems) {
      this.flags = flags;
      this.env = env;
      this.problems = problems;
    }

    String text(String flag, String variable, String fallback) {
      String v = flags.remove(flag);
      if (v == null) {
        v = env.get(variable);
      }
      return v == null || v.isBlank() ? fallback : v.strip();
    }

    int integer(String flag, String variable, int fallback, int min, int max) {
      String v = text(flag, variable, null);
      if (v == null) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(v);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add("--" + flag + " / " + variable + ": expected a whole number from " + min + " to "
          + max + ", got '" + v + "'");
      return fallback;
    }

    String choice(String flag, String variable, String fallback, List<String> allowed) {
      String v = text(flag, variable, fallback);
      if (!allowed.contains(v)) {
        problems.add("--" + flag + " / " + variable + ": expected one of " + allowed + ", got '" + v + "'");
        return fallback;
      }
      return v;
    }
  }
}
