package ai.nora.server.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The steps of a write that follow from its items, inside its transaction: the touched traces'
 * totals, their metadata index, and on PostgreSQL the locks that make two writers of one trace
 * take turns. Each finds its rows by key, so it costs the same whatever the project holds.
 */
final class TraceWrites {
  private TraceWrites() {}

  /**
   * What a trace's spans add up to ({@link Sql#SPAN_TOTALS}): its calls, errors, tokens and
   * cost, and for a placeholder what its root span says (name, status, end) and its first span's
   * start.
   */
  record SpanTotals(long calls, long errors, long inputTokens, long outputTokens, long totalTokens,
      Double cost, long startUs, String rootName, String rootStatus, Long rootEndUs) {}

  /** The span totals of these traces, by trace id (a trace with no spans has none). */
  static Map<String, SpanTotals> spanTotals(Connection c, String projectId, Collection<String> traceIds)
      throws SQLException {
    Map<String, SpanTotals> out = new HashMap<>();
    if (traceIds.isEmpty()) {
      return out;
    }
    ByTrace.select(c, Sql.SPAN_TOTALS, projectId, traceIds, rs -> out.put(rs.getString(1),
        new SpanTotals(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
            Rows.getDouble(rs, 7), rs.getLong(8), rs.getString(9), rs.getString(10), Rows.getLong(rs, 11))));
    return out;
  }

  /**
   * Recomputes stored traces' totals, and fills in placeholders from their root spans: one
   * grouped read by primary key, then one update by primary key per trace, so a write costs the
   * same in an empty project and in one of ten million spans. (A trace new to the store is
   * written with its totals instead, see {@link JdbcStore#write}: one row version, not two.)
   */
  static void recompute(Connection c, String projectId, Collection<String> traceIds, long now)
      throws SQLException {
    Map<String, SpanTotals> totals = spanTotals(c, projectId, traceIds);
    if (totals.isEmpty()) {
      return;
    }
    try (PreparedStatement update = c.prepareStatement(Sql.UPDATE_TOTALS)) {
      for (Map.Entry<String, SpanTotals> e : totals.entrySet()) {
        SpanTotals t = e.getValue();
        int u = 1;
        update.setLong(u++, t.calls());
        update.setLong(u++, t.errors());
        update.setLong(u++, t.inputTokens());
        update.setLong(u++, t.outputTokens());
        update.setLong(u++, t.totalTokens());
        JdbcStore.setDouble(update, u++, t.cost());
        update.setLong(u++, now);
        update.setString(u++, t.rootName());
        update.setString(u++, t.rootStatus());
        JdbcStore.setLong(update, u++, t.rootEndUs());
        update.setLong(u++, t.startUs());
        update.setString(u++, projectId);
        update.setString(u, e.getKey());
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  /**
   * Makes concurrent writes to the same traces take turns, for the rest of the transaction: the
   * rollups add what changed between a reading before and after, which two writers of one trace
   * would otherwise both count. SQLite has one writer at a time already; PostgreSQL takes an
   * advisory lock per trace, in a fixed order so that two writers cannot wait on each other.
   */
  static void lockTraces(Connection c, Dialect dialect, String projectId, java.util.Collection<String> traceIds)
      throws SQLException {
    if (dialect.singleWriter || traceIds.isEmpty()) {
      return;
    }
    Long[] keys = traceIds.stream().map(id -> lockKey(projectId, id)).sorted().distinct().toArray(Long[]::new);
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT pg_advisory_xact_lock(k) FROM unnest(?::bigint[]) AS k ORDER BY k")) {
      ps.setArray(1, c.createArrayOf("bigint", keys));
      ps.executeQuery().close();
    }
  }

  /** 64 bits of the SHA-256 of a trace's project and id. */
  private static long lockKey(String projectId, String traceId) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest((projectId + '\u0000' + traceId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.nio.ByteBuffer.wrap(h).getLong();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The metadata index of the traces whose own item was written, from what is now stored ({@code
   * after}, read for the rollups): rewritten only where its indexed pairs changed (a trace new to the store has no rows to delete).
   */
  static void indexMetadata(Connection c, String projectId, Set<String> traceIds,
      Map<String, TraceRollups.Contribution> before, Map<String, TraceRollups.Contribution> after)
      throws SQLException {
    if (traceIds.isEmpty()) {
      return;
    }
    try (PreparedStatement delete = TraceMetadata.deleting(c);
        PreparedStatement insert = TraceMetadata.inserting(c)) {
      for (String id : traceIds) {
        TraceRollups.Contribution then = before.get(id);
        TraceRollups.Contribution now = after.get(id);
        Map<String, String> pairs = now == null ? Map.of() : now.metadata();
        if (then != null && then.metadata().equals(pairs)) {
          continue;
        }
        if (then != null) {
          TraceMetadata.delete(delete, projectId, id);
        }
        TraceMetadata.add(insert, projectId, id, pairs);
      }
      delete.executeBatch();
      insert.executeBatch();
    }
  }
}
