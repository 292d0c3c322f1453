package ai.nora.server.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The traces' totals per project, environment, status and hour, kept in step with the traces in
 * the same transaction that changes them, so that the traces page's totals read a few thousand
 * rows rather than every trace. Any change is handled the same way: the touched traces are read
 * before and after it, and the difference is added to their hours' rows. So an upsert repeated,
 * a placeholder filled, a PATCH, a merge or a deletion all keep the rows exact.
 */
final class TraceRollups {
  static final long HOUR_US = 3_600_000_000L;

  private TraceRollups() {}

  /** What one trace adds to its hour's row. */
  record Contribution(String environment, String status, long hourUs, long totalTokens, Double cost) {}

  /** The key of a rollup row. */
  private record Key(String environment, String status, long hourUs) {}

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
        + " FROM traces WHERE project_id = ? AND id IN (%s)", projectId, traceIds, rs -> {
          String env = rs.getString(2);
          out.put(rs.getString(1), new Contribution(env == null ? "" : env, rs.getString(3),
              Math.floorDiv(rs.getLong(4), HOUR_US) * HOUR_US, rs.getLong(5), Rows.getDouble(rs, 6)));
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
    try (PreparedStatement ps = c.prepareStatement(Sql.UPSERT_ROLLUP)) {
      for (Map.Entry<Key, Delta> e : deltas.entrySet()) {
        Delta d = e.getValue();
        if (d.traces == 0 && d.totalTokens == 0 && d.cost == 0 && d.costCount == 0) {
          continue;
        }
        int i = 1;
        ps.setString(i++, projectId);
        ps.setString(i++, e.getKey().environment());
        ps.setString(i++, e.getKey().status());
        ps.setLong(i++, e.getKey().hourUs());
        ps.setLong(i++, d.traces);
        ps.setLong(i++, d.totalTokens);
        ps.setDouble(i++, d.cost);
        ps.setLong(i, d.costCount);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void add(Map<Key, Delta> deltas, Contribution c, int sign) {
    Delta d = deltas.computeIfAbsent(new Key(c.environment(), c.status(), c.hourUs()), k -> new Delta());
    d.traces += sign;
    d.totalTokens += sign * c.totalTokens();
    if (c.cost() != null) {
      d.cost += sign * c.cost();
      d.costCount += sign;
    }
  }
}
