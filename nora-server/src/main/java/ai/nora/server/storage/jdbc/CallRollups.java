package ai.nora.server.storage.jdbc;

import ai.nora.server.Status;
import ai.nora.server.storage.CallStats;
import ai.nora.server.storage.LatencyHistogram;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * LLM calls per project, minute, environment, provider and model, with their latencies as a
 * histogram, kept in step with the spans in the transaction that changes them, so that the
 * metrics page reads a row a minute rather than every call. As with {@link TraceRollups}, the
 * calls of the touched traces are read before and after a change and the difference is added:
 * a span written twice, a trace whose environment arrives late, a merge or a deletion all keep
 * the rows exact.
 */
public final class CallRollups {
  static final long MINUTE_US = 60_000_000L;

  private CallRollups() {}

  /** What one call adds to its minute's row. */
  record Contribution(String environment, String provider, String model, long minuteUs,
      boolean error, long inputTokens, long outputTokens, Double cost, int latencyBucket) {}

  private record Key(String environment, String provider, String model, long minuteUs) {}

  /** The calls of these traces now, by trace and span id. */
  static Map<String, Contribution> read(Connection c, String projectId, Collection<String> traceIds)
      throws SQLException {
    Map<String, Contribution> out = new HashMap<>();
    ByTrace.select(c, CALLS + " AND s.trace_id IN (%s)", projectId, traceIds,
        rs -> out.put(rs.getString(1) + '/' + rs.getString(2), contribution(rs)));
    return out;
  }

  /** The calls of a project, with their trace's environment: {@link #contribution} reads a row. */
  private static final String CALLS = "SELECT s.trace_id, s.id, t.environment, s.provider, s.model,"
      + " s.start_us, s.end_us, s.status, s.input_tokens, s.output_tokens, s.cost FROM spans s"
      + " LEFT JOIN traces t ON t.project_id = s.project_id AND t.id = s.trace_id"
      + " WHERE s.project_id = ? AND s.type IN ('generation', 'embedding')";

  private static Contribution contribution(ResultSet rs) throws SQLException {
    long start = rs.getLong(6);
    return new Contribution(nz(rs.getString(3)), nz(rs.getString(4)), nz(rs.getString(5)),
        Math.floorDiv(start, MINUTE_US) * MINUTE_US, Status.ERROR.is(rs.getString(8)), rs.getLong(9),
        rs.getLong(10), Rows.getDouble(rs, 11), LatencyHistogram.bucketOf(rs.getLong(7) - start));
  }

  /** Adds to the rollup rows what changed between two readings of the same traces' calls. */
  static void apply(Connection c, String projectId, Map<String, Contribution> before,
      Map<String, Contribution> after) throws SQLException {
    Map<Key, long[]> deltas = new HashMap<>();
    Map<Key, double[]> costs = new HashMap<>();
    for (Map.Entry<String, Contribution> e : before.entrySet()) {
      if (!Objects.equals(after.get(e.getKey()), e.getValue())) {
        add(deltas, costs, e.getValue(), -1);
      }
    }
    for (Map.Entry<String, Contribution> e : after.entrySet()) {
      if (!Objects.equals(before.get(e.getKey()), e.getValue())) {
        add(deltas, costs, e.getValue(), 1);
      }
    }
    if (deltas.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(Sql.UPSERT_CALL_ROLLUP)) {
      for (Map.Entry<Key, long[]> e : deltas.entrySet()) {
        long[] d = e.getValue();
        int i = 1;
        ps.setString(i++, projectId);
        ps.setLong(i++, e.getKey().minuteUs());
        ps.setString(i++, e.getKey().environment());
        ps.setString(i++, e.getKey().provider());
        ps.setString(i++, e.getKey().model());
        for (int k = 0; k < 4; k++) {
          ps.setLong(i++, d[k]);
        }
        ps.setDouble(i++, costs.get(e.getKey())[0]);
        ps.setLong(i++, d[4]);
        for (int b = 0; b < LatencyHistogram.BUCKETS; b++) {
          ps.setLong(i++, d[5 + b]);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The rollup rows of whole minutes in [fromUs, toUs), both minute-aligned. */
  static List<CallStats> rows(Connection c, String projectId, long fromUs, long toUs, String environment)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT minute_us, environment, provider, model, calls, errors,"
        + " input_tokens, output_tokens, cost, cost_count");
    for (int b = 0; b < LatencyHistogram.BUCKETS; b++) {
      sql.append(", h").append(b);
    }
    sql.append(" FROM call_rollups WHERE project_id = ? AND minute_us >= ? AND minute_us < ?");
    if (environment != null) {
      sql.append(" AND environment = ?");
    }
    List<CallStats> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setString(1, projectId);
      ps.setLong(2, fromUs);
      ps.setLong(3, toUs);
      if (environment != null) {
        ps.setString(4, environment);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getLong(5) == 0) {
            continue;
          }
          long[] hist = new long[LatencyHistogram.BUCKETS];
          for (int b = 0; b < hist.length; b++) {
            hist[b] = rs.getLong(11 + b);
          }
          out.add(new CallStats(rs.getLong(1), ez(rs.getString(2)), ez(rs.getString(3)), ez(rs.getString(4)),
              rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
              rs.getLong(10) > 0 ? rs.getDouble(9) : null, hist));
        }
      }
    }
    return out;
  }

  /** The upsert, with its {@value LatencyHistogram#BUCKETS} histogram columns. */
  static String upsertSql() {
    StringBuilder cols = new StringBuilder();
    StringBuilder marks = new StringBuilder();
    StringBuilder sets = new StringBuilder();
    for (int b = 0; b < LatencyHistogram.BUCKETS; b++) {
      cols.append(", h").append(b);
      marks.append(", ?");
      sets.append(", h").append(b).append(" = call_rollups.h").append(b).append(" + excluded.h").append(b);
    }
    return "INSERT INTO call_rollups (project_id, minute_us, environment, provider, model, calls, errors,"
        + " input_tokens, output_tokens, cost, cost_count" + cols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
        + marks + ") ON CONFLICT (project_id, minute_us, environment, provider, model) DO UPDATE SET"
        + " calls = call_rollups.calls + excluded.calls, errors = call_rollups.errors + excluded.errors,"
        + " input_tokens = call_rollups.input_tokens + excluded.input_tokens,"
        + " output_tokens = call_rollups.output_tokens + excluded.output_tokens,"
        + " cost = call_rollups.cost + excluded.cost, cost_count = call_rollups.cost_count + excluded.cost_count"
        + sets;
  }

  private static void add(Map<Key, long[]> deltas, Map<Key, double[]> costs, Contribution c, int sign) {
    Key key = new Key(c.environment(), c.provider(), c.model(), c.minuteUs());
    long[] d = deltas.computeIfAbsent(key, k -> new long[5 + LatencyHistogram.BUCKETS]);
    d[0] += sign;
    d[1] += c.error() ? sign : 0;
    d[2] += sign * c.inputTokens();
    d[3] += sign * c.outputTokens();
    double[] cost = costs.computeIfAbsent(key, k -> new double[1]);
    if (c.cost() != null) {
      cost[0] += sign * c.cost();
      d[4] += sign;
    }
    d[5 + c.latencyBucket()] += sign;
  }

  /**
   * Builds the rows from the calls already stored (migration V7), a project and a day at a time,
   * so that a database of any size is added up within a bounded heap.
   */
  public static void backfill(Connection c) throws SQLException {
    List<String> projects = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT project_id FROM traces");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        projects.add(rs.getString(1));
      }
    }
    long day = 24 * 60 * MINUTE_US;
    for (String project : projects) {
      long first;
      long last;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT MIN(start_us), MAX(start_us) FROM spans WHERE project_id = ?")) {
        ps.setString(1, project);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getObject(1) == null) {
            continue;
          }
          first = Math.floorDiv(rs.getLong(1), day) * day;
          last = rs.getLong(2);
        }
      }
      for (long from = first; from <= last; from += day) {
        Map<String, Contribution> calls = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(CALLS + " AND s.start_us >= ? AND s.start_us < ?")) {
          ps.setString(1, project);
          ps.setLong(2, from);
          ps.setLong(3, from + day);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              calls.put(rs.getString(1) + '/' + rs.getString(2), contribution(rs));
            }
          }
        }
        apply(c, project, Map.of(), calls);
      }
    }
  }

  /** Keys are never null (a primary key): an unknown environment, provider or model is "". */
  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String ez(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
