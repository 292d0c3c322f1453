package ai.nora.server.storage;

import ai.nora.server.storage.jdbc.Database;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the tests use: {@code NORA_TEST_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/nora_test}), user {@code NORA_TEST_PG_USER} and password
 * {@code NORA_TEST_PG_PASSWORD} (both default {@code nora}). {@code .ci/run} installs PostgreSQL
 * from Debian and starts it. Under CI a missing PostgreSQL fails the build; on a developer's
 * machine without one the PostgreSQL tests are skipped, saying so.
 */
public final class TestPostgres {
  private TestPostgres() {}

  public static String url() {
    return env("NORA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/nora_test");
  }

  public static String user() {
    return env("NORA_TEST_PG_USER", "nora");
  }

  public static String password() {
    return env("NORA_TEST_PG_PASSWORD", "nora");
  }

  public static Database open() {
    try {
      return Database.open(url(), user(), password(), "normal");
    } catch (IllegalStateException e) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException("CI needs PostgreSQL for the storage tests: " + e.getMessage(), e);
      }
      Assumptions.abort("no PostgreSQL at " + url() + " (" + e.getMessage() + "); run .ci/run to test on one");
      return null;
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
