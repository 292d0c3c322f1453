package ai.nora.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.storage.jdbc.Database;
import ai.nora.server.storage.jdbc.JdbcStore;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** A database made by an older Nora, with data in it, opened by this one. */
class MigrationTest {
  @Test
  void aVersion1SqliteDatabaseWithData_isMigrated_andKeepsItsData() throws Exception {
    String url = "jdbc:sqlite:" + Files.createTempDirectory("nora-v1").resolve("nora.db");
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite")
        .target("1").load().migrate();
    try (Connection c = DriverManager.getConnection(url)) {
      insertVersion1Data(c);
    }

    try (Database db = Database.open(url, null, null, "normal")) {
      assertTheDataIsThere(new JdbcStore(db));
    }
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'spans_id'")) {
      assertThat(rs.next()).as("the span id index of V2").isTrue();
    }
  }

  /** The same on PostgreSQL, in a schema of its own (dropped after). */
  @Test
  void aVersion1PostgresDatabaseWithData_isMigrated_andKeepsItsData() throws Exception {
    TestPostgres.open().close(); // skips, or fails under CI, without PostgreSQL
    String schema = "nora_v1_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String base = TestPostgres.url();
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema + ",public";
    try (Connection c = DriverManager.getConnection(base, TestPostgres.user(), TestPostgres.password());
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    try {
      Flyway.configure().dataSource(url, TestPostgres.user(), TestPostgres.password())
          .locations("classpath:db/migration/postgresql").target("1").load().migrate();
      try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password())) {
        insertVersion1Data(c);
      }
      try (Database db = Database.open(url, TestPostgres.user(), TestPostgres.password(), "normal")) {
        assertTheDataIsThere(new JdbcStore(db));
      }
    } finally {
      try (Connection c = DriverManager.getConnection(base, TestPostgres.user(), TestPostgres.password());
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void insertVersion1Data(Connection c) throws Exception {
    try (Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO traces (project_id, id, name, status, start_us, created_us, updated_us,"
          + " calls, total_tokens, metadata, input) VALUES ('p', 't1', 'old', 'success', 1765858530000000, 1, 1,"
          + " 1, 15, '{\"tier\":\"gold\"}', '\"What is the weather?\"')");
      st.executeUpdate("INSERT INTO spans (project_id, trace_id, id, type, name, status, start_us, end_us,"
          + " total_tokens, body) VALUES ('p', 't1', 's1', 'generation', 'call', 'success',"
          + " 1765858530000000, 1765858531000000, 15, '{\"id\":\"s1\"}')");
      // What an older server let through: a count of 2^63-1, and a trace whose totals it reached.
      st.executeUpdate("INSERT INTO traces (project_id, id, name, status, start_us, created_us, updated_us,"
          + " calls, total_tokens, metadata) VALUES ('p', 't2', 'poisoned', 'success', 1765858530000000, 1, 1, 2,"
          + " 9223372036854775807, '{\"tier\":\"free\"}')");
      st.executeUpdate("INSERT INTO spans (project_id, trace_id, id, type, name, status, start_us, end_us,"
          + " total_tokens, body) VALUES ('p', 't2', 's1', 'generation', 'call', 'success',"
          + " 1765858530000000, 1765858531000000, 9223372036854775807, '{}'),"
          + " ('p', 't2', 's2', 'generation', 'call', 'success',"
          + " 1765858530000000, 1765858531000000, 7, '{}')");
    }
  }

  private static void assertTheDataIsThere(JdbcStore store) {
    assertThat(store.trace("p", "t1").orElseThrow().totalTokens()).isEqualTo(15);
    assertThat(store.traceOfSpan("p", "s1")).isPresent();
    assertThat(store.trace("p", "t2").orElseThrow().totalTokens()).isEqualTo(7);
    // The indexes added since (rollups, text search, metadata, sorts) cover the old traces too.
    assertThat(store.traces("p", TraceQuery.builder(10).text("weather").metadata("tier", "gold").build()))
        .extracting(TraceRow::id).containsExactly("t1");
    assertThat(store.callStats("p", 1765858500000000L, 1765858600000000L, null).stream()
        .mapToLong(CallStats::calls).sum()).isEqualTo(3);
    assertThat(store.totals("p", TraceQuery.builder(10).build()).totalTokens()).isEqualTo(22);
    assertThat(store.totals("p", TraceQuery.builder(10).metadata("tier", "gold").build()))
        .isEqualTo(new Store.Totals(1, 15, null, 0));
    assertThat(store.totals("p", TraceQuery.builder(10).metadata("tier", "free").build()).totalTokens())
        .isEqualTo(7);
    assertThat(store.traces("p", TraceQuery.builder(10).sort(new TraceQuery.Sort("user", true)).build()))
        .hasSize(2);
  }
}
