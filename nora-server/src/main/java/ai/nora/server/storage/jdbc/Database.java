package ai.nora.server.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A pooled connection to SQLite or PostgreSQL with Nora's schema migrated to the latest version.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=NORMAL}: a committed transaction survives the
 * server process being killed (the kernel has its pages); {@code NORA_SQLITE_SYNC=full} also
 * survives power loss, at a cost. HikariCP pools connections (a few for SQLite, whose readers do
 * not block its single writer in WAL mode; more for PostgreSQL).
 */
public final class Database implements AutoCloseable {
  final Dialect dialect;
  private final HikariDataSource dataSource;
  private final String url;

  private Database(Dialect dialect, HikariDataSource dataSource, String url) {
    this.dialect = dialect;
    this.dataSource = dataSource;
    this.url = url;
  }

  /**
   * Opens the database at {@code jdbcUrl} and applies pending migrations.
   *
   * @param jdbcUrl {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://...}
   * @param user user, or null
   * @param password password, or null
   * @param sqliteSync {@code normal} or {@code full}
   * @throws IllegalStateException saying what failed and what to do
   */
  public static Database open(String jdbcUrl, String user, String password, String sqliteSync) {
    Dialect dialect = Dialect.of(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("nora-db");
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    if (dialect == Dialect.SQLITE) {
      createParentDirectory(jdbcUrl);
      config.setMaximumPoolSize(4);
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("synchronous", "full".equalsIgnoreCase(sqliteSync) ? "FULL" : "NORMAL");
      config.addDataSourceProperty("busy_timeout", "10000");
      config.addDataSourceProperty("foreign_keys", "true");
    } else {
      config.setMaximumPoolSize(10);
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
      // Every statement is planned for its own parameters: with pgjdbc's server-side prepared
      // statements, PostgreSQL falls back to a generic plan after five runs, which made a batch's
      // aggregate update 60 times slower (26 ms against 0.4; ingest 2x slower overall).
      config.addDataSourceProperty("prepareThreshold", "0");
    }
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to the database at " + redact(jdbcUrl) + ": " + rootMessage(e)
              + ". Check NORA_DB_URL, NORA_DB_USER and NORA_DB_PASSWORD, and that the database"
              + " is running.",
          e);
    }
    Database db = new Database(dialect, ds, jdbcUrl);
    db.migrate();
    return db;
  }

  private void migrate() {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration/" + dialect.migrations)
          .load()
          .migrate();
    } catch (FlywayException e) {
      dataSource.close();
      throw new IllegalStateException(
          "cannot bring the database at " + redact(url) + " to Nora's schema: " + rootMessage(e)
              + ". If it was created by a newer Nora, run that version; otherwise restore a"
              + " backup or point NORA_DB_URL at an empty database.",
          e);
    }
  }

  DataSource dataSource() {
    return dataSource;
  }

  Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** The database's URL, with any password removed. */
  public String describe() {
    return redact(url);
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static void createParentDirectory(String jdbcUrl) {
    String file = jdbcUrl.substring("jdbc:sqlite:".length());
    int q = file.indexOf('?');
    if (q >= 0) {
      file = file.substring(0, q);
    }
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot create the data directory " + parent + ": " + e.getMessage()
              + ". Set NORA_DB_URL to a writable place.",
          e);
    }
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
