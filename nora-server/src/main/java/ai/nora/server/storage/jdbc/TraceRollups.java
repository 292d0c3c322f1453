package ai.nora.server.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The traces' totals per project, environment, status and hour ({@code trace_rollups}), and the
 * same per metadata key and value ({@code trace_metadata_rollups}, V13), kept in step with the
 * traces in the same transaction that changes them, so that the traces page's totals, also for a
 * metadata value a third of all traces hold, read a few thousand rows rather than every trace. Any change is handled the same way: the touched traces are read
 * before and after it, and the difference is added to their hours' rows. So an upsert repeated,
 * a placeholder filled, a PATCH, a merge or a deletion all keep the rows exact.
 */
final class TraceRollups {
  static final long HOUR_US = 3_600_000_000L;

  private TraceRollups() {}

  /**
   * What one trace adds to its hour's row, and to the rows of its metadata's values ({@code
   * metadata}: the key and value pairs {@link TraceMetadata} indexes, read once here for both).
   */
  record Contribution(String environment, String status, long hourUs, long totalTokens, Double cost,
      Map<String, String> metadata) {}

  /** The key of a rollup row: metadata key and value null for the row of all traces. */
  private record Key(String metadataKey, String metadataValue, String environment, String status, long hourUs) {}

  /** A change to a rollup row. */
  private static final class Delta {
    long traces;
    long totalTokens;
    double cost;
    long costCount;
  }

  /** The traces' contributions now, by id (a trace that does not exist has none). */
  static Map<String, Contribution> read(Connection c, String projectId, Collection<String> traceIds)
      throws SQLException {
    Map<String, Contribution> out = new HashMap<>();
    ByTrace.select(c, "SELECT id, environment, status, start_us, total_tokens, " + Sql.TRACE_COST
        + ", metadata FROM traces WHERE project_id = ? AND id IN (%s)", projectId, traceIds, rs -> {
          String env = rs.getString(2);
          out.put(rs.getString(1), new Contribution(env == null ? "" : env, rs.getString(3),
              Math.floorDiv(rs.getLong(4), HOUR_US) * HOUR_US, rs.getLong(5), Rows.getDouble(rs, 6),
              TraceMetadata.pairs(rs.getString(7))));
        });
    return out;
  }

  /** Adds to the rollup rows what changed between two readings of the same traces. */
  static void apply(Connection c, String projectId, Map<String, Contribution> before,
      Map<String, Contribution> after) throws SQLException {
    Map<Key, Delta> deltas = new HashMap<>();
    for (Map.Entry<String, Contribution> e : before.entrySet()) {
      Contribution now = after.get(e.getKey());
      if (!Objects.equals(now, e.getValue())) {
        add(deltas, e.getValue(), -1);
      }
    }
    for (Map.Entry<String, Contribution> e : after.entrySet()) {
      Contribution then = before.get(e.getKey());
      if (!Objects.equals(then, e.getValue())) {
        add(deltas, e.getValue(), 1);
      }
    }
    if (deltas.isEmpty()) {
      return;
    }
    try (PreparedStatement all = c.prepareStatement(Sql.UPSERT_ROLLUP);
        PreparedStatement byMetadata = c.prepareStatement(Sql.UPSERT_METADATA_ROLLUP)) {
      boolean anyMetadata = false;
      for (Map.Entry<Key, Delta> e : deltas.entrySet()) {
        Delta d = e.getValue();
        if (d.traces == 0 && d.totalTokens == 0 && d.cost == 0 && d.costCount == 0) {
          continue;
        }
        Key k = e.getKey();
        PreparedStatement ps = k.metadataKey() == null ? all : byMetadata;
        int i = 1;
        ps.setString(i++, projectId);
        if (k.metadataKey() != null) {
          ps.setString(i++, k.metadataKey());
          ps.setString(i++, k.metadataValue());
          anyMetadata = true;
        }
        ps.setString(i++, k.environment());
        ps.setString(i++, k.status());
        ps.setLong(i++, k.hourUs());
        ps.setLong(i++, d.traces);
        ps.setLong(i++, d.totalTokens);
        ps.setDouble(i++, d.cost);
        ps.setLong(i, d.costCount);
        ps.addBatch();
      }
      all.executeBatch();
      if (anyMetadata) {
        byMetadata.executeBatch();
      }
    }
  }

  private static void add(Map<Key, Delta> deltas, Contribution c, int sign) {
    add(deltas, new Key(null, null, c.environment(), c.status(), c.hourUs()), c, sign);
    for (Map.Entry<String, String> m : c.metadata().entrySet()) {
      add(deltas, new Key(m.getKey(), m.getValue(), c.environment(), c.status(), c.hourUs()), c, sign);
    }
  }

  private static void add(Map<Key, Delta> deltas, Key key, Contribution c, int sign) {
    Delta d = deltas.computeIfAbsent(key, k -> new Delta());
    d.traces += sign;
    d.totalTokens += sign * c.totalTokens();
    if (c.cost() != null) {
      d.cost += sign * c.cost();
      d.costCount += sign;
    }
  }
}
