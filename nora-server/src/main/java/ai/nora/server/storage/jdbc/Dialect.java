package ai.nora.server.storage.jdbc;

/** What differs between the databases Nora runs on. */
enum Dialect {
  SQLITE("sqlite", true, "TOTAL"),
  POSTGRESQL("postgresql", false, "SUM");

  final String migrations;
  /** SQLite allows one writer at a time: writes are serialised in the JVM instead of retried. */
  final boolean singleWriter;
  /**
   * A sum over many rows that cannot fail: SQLite's SUM of integers raises an error on overflow
   * (and one absurd row would make a whole project's totals fail); its TOTAL adds as doubles.
   * PostgreSQL's SUM of BIGINT is exact in NUMERIC.
   */
  final String safeSum;

  Dialect(String migrations, boolean singleWriter, String safeSum) {
    this.safeSum = safeSum;
    this.migrations = migrations;
    this.singleWriter = singleWriter;
  }

  static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "NORA_DB_URL: unsupported database '" + jdbcUrl
            + "'; use jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>");
  }
}
