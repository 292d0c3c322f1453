package ai.nora.server.storage.jdbc;

/** What differs between the databases Nora runs on. */
enum Dialect {
  SQLITE("sqlite", true, "json_extract(metadata, ?)", "TOTAL"),
  POSTGRESQL("postgresql", false, "(metadata::jsonb ->> ?)", "SUM");

  final String migrations;
  /** SQLite allows one writer at a time: writes are serialised in the JVM instead of retried. */
  final boolean singleWriter;
  /** An expression taking a metadata key (as {@link #metadataPath}) and giving its text value. */
  final String metadataValue;
  /**
   * A sum over many rows that cannot fail: SQLite's SUM of integers raises an error on overflow
   * (and one absurd row would make a whole project's totals fail); its TOTAL adds as doubles.
   * PostgreSQL's SUM of BIGINT is exact in NUMERIC.
   */
  final String safeSum;

  Dialect(String migrations, boolean singleWriter, String metadataValue, String safeSum) {
    this.safeSum = safeSum;
    this.migrations = migrations;
    this.singleWriter = singleWriter;
    this.metadataValue = metadataValue;
  }

  /** The argument for {@link #metadataValue} that selects {@code key}. */
  String metadataPath(String key) {
    if (this == SQLITE) {
      return "$.\"" + key.replace("\"", "") + "\"";
    }
    return key;
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
