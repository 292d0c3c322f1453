package ai.nora.server.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The steps of a write that follow from its items, inside its transaction: the touched traces'
 * totals, their metadata index, and on PostgreSQL the locks that make two writers of one trace
 * take turns. Each finds its rows by key, so it costs the same whatever the project holds.
 */
final class TraceWrites {
  private TraceWrites() {}

  /**
   * Recomputes the touched traces' totals, and fills in placeholders from their root spans: one
   * grouped read by primary key, then one update by primary key per trace, so a write costs the
   * same in an empty project and in one of ten million spans.
   */
  static void recompute(Connection c, String projectId, List<String> traceIds, long now)
      throws SQLException {
    try (PreparedStatement update = c.prepareStatement(Sql.UPDATE_TOTALS)) {
      ByTrace.select(c, Sql.SPAN_TOTALS, projectId, traceIds, rs -> {
        int u = 1;
        update.setLong(u++, rs.getLong(2));
        update.setLong(u++, rs.getLong(3));
        update.setLong(u++, rs.getLong(4));
        update.setLong(u++, rs.getLong(5));
        update.setLong(u++, rs.getLong(6));
        JdbcStore.setDouble(update, u++, Rows.getDouble(rs, 7));
        update.setLong(u++, now);
        update.setString(u++, rs.getString(9));
        update.setString(u++, rs.getString(10));
        JdbcStore.setLong(update, u++, Rows.getLong(rs, 11));
        update.setLong(u++, rs.getLong(8));
        update.setString(u++, projectId);
        update.setString(u, rs.getString(1));
        update.addBatch();
      });
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
   * after}, read for the rollups): rewritten only where the metadata changed (a trace new to the store has no rows to delete).
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
        String json = now == null ? null : now.metadataJson();
        if (then != null && Objects.equals(then.metadataJson(), json)) {
          continue;
        }
        if (then != null) {
          TraceMetadata.delete(delete, projectId, id);
        }
        TraceMetadata.add(insert, projectId, id, json);
      }
      delete.executeBatch();
      insert.executeBatch();
    }
  }
}
