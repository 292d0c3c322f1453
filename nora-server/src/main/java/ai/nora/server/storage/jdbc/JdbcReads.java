package ai.nora.server.storage.jdbc;

import ai.nora.server.storage.CallRow;
import ai.nora.server.storage.CallStats;
import ai.nora.server.storage.LatencyHistogram;
import ai.nora.server.storage.ScoreRow;
import ai.nora.server.storage.SessionRow;
import ai.nora.server.storage.SpanAddition;
import ai.nora.server.storage.SpanRow;
import ai.nora.server.storage.StorageException;
import ai.nora.server.storage.TraceQuery;
import ai.nora.server.storage.TraceReader.Found;
import ai.nora.server.storage.TraceReader.Totals;
import ai.nora.server.storage.TraceRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reading half of {@link JdbcStore}: every read takes a connection of its own, outside the
 * write lock, and a database error is the caller's {@link StorageException}.
 */
final class JdbcReads {
  private final Database db;
  private final TraceQueries queries;

  JdbcReads(Database db, TraceQueries queries) {
    this.db = db;
    this.queries = queries;
  }

  Optional<TraceRow> trace(String projectId, String traceId) {
    return rows(Sql.SELECT_TRACE, projectId, traceId, Rows::trace).stream().findFirst();
  }

  List<TraceRow> traces(String projectId, TraceQuery query) {
    return read(c -> queries.page(c, projectId, query));
  }

  Totals totals(String projectId, TraceQuery query) {
    return read(c -> queries.totals(c, projectId, query));
  }

  Found find(String projectId, TraceQuery query, boolean withTotals) {
    return read(c -> {
      Optional<TraceQueries.Few> few = queries.few(c, projectId, query);
      return new Found(queries.page(c, projectId, query, few),
          withTotals ? queries.totals(c, projectId, query, few) : null);
    });
  }

  List<SpanRow> spans(String projectId, String traceId) {
    List<SpanRow> out = rows(Sql.SELECT_SPANS, projectId, traceId, rs -> new SpanRow(rs.getString(1),
        rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6)));
    out.sort(java.util.Comparator.comparingLong(SpanRow::startUs).thenComparing(SpanRow::id));
    return out;
  }

  List<SpanAddition> spanAdditions(String projectId, String traceId) {
    return rows(Sql.SELECT_ADDITIONS, projectId, traceId, rs -> new SpanAddition(rs.getString(1),
        rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5), rs.getString(6)));
  }

  List<SessionRow> sessions(String projectId, String environment, int limit, int offset) {
    return read(c -> queries.sessions(c, projectId, environment, limit, offset));
  }

  List<String> environments(String projectId) {
    return read(c -> queries.environments(c, projectId));
  }

  List<CallStats> callStats(String projectId, long fromUs, long toUs, String environment) {
    return read(c -> {
      long firstMinute = Math.floorDiv(fromUs + CallRollups.MINUTE_US - 1, CallRollups.MINUTE_US) * CallRollups.MINUTE_US;
      long endMinute = Math.floorDiv(toUs, CallRollups.MINUTE_US) * CallRollups.MINUTE_US;
      List<CallStats> out = new ArrayList<>();
      if (firstMinute >= endMinute) {
        edge(c, projectId, fromUs, toUs, environment, out);
        return out;
      }
      out.addAll(CallRollups.rows(c, projectId, firstMinute, endMinute, environment));
      edge(c, projectId, fromUs, firstMinute, environment, out);
      edge(c, projectId, endMinute, toUs, environment, out);
      return out;
    });
  }

  /** The calls of a partial minute, one by one. */
  private void edge(Connection c, String projectId, long fromUs, long toUs, String environment,
      List<CallStats> out) throws SQLException {
    if (fromUs >= toUs) {
      return;
    }
    for (CallRow r : queries.calls(c, projectId, fromUs, toUs, environment, Integer.MAX_VALUE)) {
      long[] latencies = new long[LatencyHistogram.BUCKETS];
      latencies[LatencyHistogram.bucketOf(r.durationUs())] = 1;
      out.add(new CallStats(r.startUs(), r.environment(), r.provider(), r.model(), 1, r.error() ? 1 : 0,
          r.inputTokens(), r.outputTokens(), r.cost(), latencies));
    }
  }

  List<ScoreRow> scores(String projectId, String traceId) {
    return rows(Sql.SELECT_SCORES, projectId, traceId, Rows::score);
  }

  /** The trace of a span of the project, if it is stored. */
  Optional<String> traceOfSpan(String projectId, String spanId) {
    return rows(Sql.TRACE_OF_SPAN, projectId, spanId, rs -> rs.getString(1)).stream().findFirst();
  }

  /** Reads one row of a result. */
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** The rows of a statement whose parameters are a project and one id, in the order read. */
  private <T> List<T> rows(String sql, String projectId, String id, RowReader<T> row) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, projectId);
        ps.setString(2, id);
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(row.read(rs));
          }
        }
        return out;
      }
    });
  }

  private <T> T read(JdbcStore.Work<T> work) {
    try (Connection c = db.connection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StorageException("database read failed: " + e.getMessage(), e);
    }
  }
}
