package ai.nora.server.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.storage.TestPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the write path finds its rows by key: none walks a project's traces or
 * spans, so a write costs the same at ten million stored spans as in an empty project. Checked
 * in each database's own query plan.
 */
class WritePlanTest {
  /** The write path's statements, with the IN lists of two traces. */
  static final Map<String, String> WRITES = Map.ofEntries(
      Map.entry("span totals", String.format(Sql.SPAN_TOTALS, "?, ?")),
      Map.entry("totals update", Sql.UPDATE_TOTALS),
      Map.entry("trace upsert", Sql.UPSERT_TRACE),
      Map.entry("placeholder upsert", Sql.UPSERT_PLACEHOLDER),
      Map.entry("span upsert", Sql.UPSERT_SPAN),
      Map.entry("span by id", Sql.TRACE_OF_SPAN),
      Map.entry("patch", Sql.PATCH_TRACE),
      Map.entry("merge: duplicates", Sql.MERGE_DROP_DUPLICATE_SPANS),
      Map.entry("merge: spans", Sql.MERGE_MOVE_SPANS),
      Map.entry("merge: scores", Sql.MERGE_MOVE_SCORES),
      Map.entry("retention: oldest", Sql.OLDEST_TRACES),
      Map.entry("retention: scores", Sql.DELETE_TRACE_SCORES),
      Map.entry("retention: spans", Sql.DELETE_TRACE_SPANS),
      Map.entry("retention: trace", Sql.DELETE_TRACE),
      Map.entry("retention: metadata", Sql.DELETE_TRACE_METADATA),
      Map.entry("rollup: traces", Sql.UPSERT_ROLLUP),
      Map.entry("rollup: metadata", Sql.UPSERT_METADATA_ROLLUP),
      Map.entry("rollup: calls", Sql.UPSERT_CALL_ROLLUP));

  @Test
  void sqlite_everyWriteSearchesByKey() throws Exception {
    try (Database db = Database.open("jdbc:sqlite:" + Files.createTempDirectory("nora-plan").resolve("n.db"),
        null, null, "normal"); Connection c = db.connection()) {
      for (Map.Entry<String, String> w : WRITES.entrySet()) {
        List<String> plan = plan(c, "EXPLAIN QUERY PLAN " + w.getValue(), w.getValue());
        // An INSERT ... ON CONFLICT has no plan of its own to show: it goes by the primary key.
        if (!w.getValue().startsWith("INSERT")) {
          assertThat(plan).as(w.getKey() + ": " + plan).isNotEmpty()
              .allMatch(step -> step.startsWith("SEARCH") && step.contains("USING")
                  || step.startsWith("USE TEMP B-TREE") || step.startsWith("LIST SUBQUERY"),
                  "a search by index");
        }
        assertThat(plan).as(w.getKey() + ": " + plan)
            .noneMatch(step -> step.contains("traces_recent") || step.contains("spans_time"));
      }
    }
  }

  @Test
  void postgresql_everyWriteSearchesByKey_atAProjectOf100kSpans() throws Exception {
    try (Database db = TestPostgres.open(); Connection c = db.connection()) {
      try (Statement s = c.createStatement()) {
        // A project large enough that the planner prefers an index whenever one fits.
        s.execute("INSERT INTO spans (project_id, trace_id, id, type, name, status, start_us, end_us, body)"
            + " SELECT 'plan-big', lpad(to_hex(g / 5), 32, '0'), lpad(to_hex(g), 16, '0'), 'generation', 'x',"
            + " 'success', 1765858530000000 + g, 1765858530000001 + g, '{}' FROM generate_series(1, 100000) g"
            + " ON CONFLICT DO NOTHING");
        s.execute("INSERT INTO traces (project_id, id, name, status, start_us, created_us, updated_us)"
            + " SELECT 'plan-big', lpad(to_hex(g), 32, '0'), 'x', 'success', 1765858530000000 + g, 1, 1"
            + " FROM generate_series(1, 20000) g ON CONFLICT DO NOTHING");
        s.execute("ANALYZE spans");
        s.execute("ANALYZE traces");
        s.execute("ANALYZE scores");
      }
      for (Map.Entry<String, String> w : WRITES.entrySet()) {
        List<String> plan = plan(c, "EXPLAIN " + w.getValue(), w.getValue());
        assertThat(plan).as(w.getKey() + ": " + plan).isNotEmpty()
            .noneMatch(step -> step.matches(".*Seq Scan on (traces|spans)\\b.*"))
            .noneMatch(step -> step.contains("traces_recent") || step.contains("spans_time"));
      }
    }
  }

  @Test
  void sqlite_aPageInEveryOrder_walksThatOrdersIndex() throws Exception {
    try (Database db = Database.open("jdbc:sqlite:" + Files.createTempDirectory("nora-plan").resolve("n.db"),
        null, null, "normal"); Connection c = db.connection()) {
      Map<String, String> indexes = new java.util.TreeMap<>();
      for (String key : ai.nora.server.storage.TraceQuery.Sort.KEYS) {
        indexes.put(key, key.equals("time") ? "traces_recent" : "traces_by_" + key);
      }
      assertThat(indexes).hasSize(10);
      for (Map.Entry<String, String> e : indexes.entrySet()) {
        String by = Sql.SORT_COLUMNS.get(e.getKey());
        String sql = "SELECT id FROM traces WHERE project_id = ? ORDER BY " + by + " DESC, id DESC LIMIT 51";
        List<String> plan = plan(c, "EXPLAIN QUERY PLAN " + sql, sql);
        assertThat(plan).as(e.getKey() + ": " + plan).anyMatch(step -> step.contains(e.getValue()))
            .noneMatch(step -> step.contains("TEMP B-TREE"));
      }
    }
  }

  /** The plan's lines, each parameter bound to a value of the type the database expects. */
  private static List<String> plan(Connection c, String explain, String sql) throws Exception {
    List<Integer> types = new ArrayList<>();
    try (PreparedStatement plain = c.prepareStatement(sql)) {
      java.sql.ParameterMetaData meta = plain.getParameterMetaData();
      for (int i = 1; i <= meta.getParameterCount(); i++) {
        int type;
        try {
          type = meta.getParameterType(i);
        } catch (java.sql.SQLException untyped) {
          type = Types.VARCHAR; // SQLite's driver does not type parameters; SQLite needs none
        }
        types.add(type);
      }
    }
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(explain)) {
      for (int i = 1; i <= types.size(); i++) {
        switch (types.get(i - 1)) {
          case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> ps.setLong(i, 1);
          case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.NUMERIC -> ps.setDouble(i, 1);
          default -> ps.setString(i, "x");
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          out.add(rs.getString(columns));
        }
      }
    }
    return out;
  }
}
