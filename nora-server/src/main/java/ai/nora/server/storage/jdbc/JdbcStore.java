package ai.nora.server.storage.jdbc;

import ai.nora.server.Micros;
import ai.nora.server.Status;
import ai.nora.server.storage.CallStats;
import ai.nora.server.storage.ScoreRow;
import ai.nora.server.storage.SessionRow;
import ai.nora.server.storage.SpanAddition;
import ai.nora.server.storage.SpanRecord;
import ai.nora.server.storage.SpanRow;
import ai.nora.server.storage.StorageException;
import ai.nora.server.storage.Store;
import ai.nora.server.storage.TracePatch;
import ai.nora.server.storage.TraceQuery;
import ai.nora.server.storage.TraceRecord;
import ai.nora.server.storage.TraceRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/** {@link Store} on SQLite or PostgreSQL through JDBC. */
public final class JdbcStore implements Store {
  private final Database db;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final TraceQueries queries;
  private final JdbcReads reads;

  public JdbcStore(Database db) {
    this.db = db;
    this.queries = new TraceQueries(db.dialect);
    this.reads = new JdbcReads(db, queries);
  }

  @Override
  public void write(String projectId, List<TraceRecord> traces, List<SpanRecord> spans) {
    long now = Micros.now();
    // One copy of each item: a database refuses an upsert that touches a row twice in one
    // statement, and a batch may carry the same item twice (a pending and a final trace).
    Map<String, TraceRecord> realTraces = new LinkedHashMap<>();
    Map<String, TraceRecord> hints = new LinkedHashMap<>();
    for (TraceRecord t : traces) {
      if (t.placeholder()) {
        hints.putIfAbsent(t.id(), t);
      } else {
        realTraces.merge(t.id(), t, (a, b) -> Status.PENDING.is(b.status()) && !Status.PENDING.is(a.status()) ? a : b);
      }
    }
    Map<String, SpanRecord> uniqueSpans = new LinkedHashMap<>();
    for (SpanRecord s : spans) {
      uniqueSpans.put(s.traceId() + '/' + s.id(), s);
      if (!realTraces.containsKey(s.traceId())) {
        hints.putIfAbsent(s.traceId(), placeholderFor(s));
      }
    }
    Set<String> touched = new LinkedHashSet<>(realTraces.keySet());
    touched.addAll(hints.keySet());
    inWriteTransaction(c -> {
      TraceWrites.lockTraces(c, db.dialect, projectId, touched);
      Map<String, TraceRollups.Contribution> before = TraceRollups.read(c, projectId, touched);
      // A trace not stored yet has no calls yet (every span's trace gets at least a placeholder,
      // under the same lock): only the traces that exist are read for their calls, so a batch of
      // new traces, the common case, skips the read.
      Map<String, CallRollups.Contribution> callsBefore = before.isEmpty() ? Map.of()
          : CallRollups.read(c, projectId, before.keySet());
      // Spans first, so that a trace new to the store is inserted with its totals: one row
      // version rather than an insert and an update (on PostgreSQL an update that changes an
      // indexed column writes every index of the row again, the trigram index included).
      try (PreparedStatement ps = c.prepareStatement(Sql.UPSERT_SPAN)) {
        for (SpanRecord s : uniqueSpans.values()) {
          bindSpan(ps, projectId, s);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      Set<String> stored = before.keySet();
      List<String> fresh = touched.stream().filter(id -> !stored.contains(id)).toList();
      Map<String, TraceWrites.SpanTotals> freshTotals = TraceWrites.spanTotals(c, projectId, fresh);
      try (PreparedStatement real = c.prepareStatement(Sql.UPSERT_TRACE)) {
        for (TraceRecord t : realTraces.values()) {
          bindTrace(real, projectId, t, now, freshTotals.get(t.id()));
          real.addBatch();
        }
        real.executeBatch();
      }
      try (PreparedStatement hint = c.prepareStatement(Sql.UPSERT_PLACEHOLDER)) {
        for (TraceRecord t : hints.values()) {
          bindTrace(hint, projectId, t, now, freshTotals.get(t.id()));
          hint.addBatch();
        }
        hint.executeBatch();
      }
      TraceWrites.recompute(c, projectId, stored, now);
      Map<String, TraceRollups.Contribution> after = TraceRollups.read(c, projectId, touched);
      TraceWrites.indexMetadata(c, projectId, realTraces.keySet(), before, after);
      TraceRollups.apply(c, projectId, before, after);
      CallRollups.apply(c, projectId, callsBefore, CallRollups.read(c, projectId, touched));
      return null;
    });
  }

  private static TraceRecord placeholderFor(SpanRecord s) {
    return TraceRecord.placeholder(s.traceId(), s.name(), s.startUs());
  }

  /**
   * {@code totals}: the spans' totals of a trace new to the store (null: none, or a stored trace,
   * whose totals the conflict leaves alone). A placeholder takes its root span's name, status and
   * end and its first span's start, as {@link Sql#UPDATE_TOTALS} gives a stored one.
   */
  private static void bindTrace(PreparedStatement ps, String projectId, TraceRecord t, long now,
      TraceWrites.SpanTotals totals) throws SQLException {
    boolean fill = t.placeholder() && totals != null;
    int i = 1;
    ps.setString(i++, projectId);
    ps.setString(i++, t.id());
    ps.setString(i++, fill && totals.rootName() != null ? totals.rootName() : t.name());
    ps.setString(i++, fill && totals.rootStatus() != null ? totals.rootStatus() : t.status());
    ps.setInt(i++, t.placeholder() ? 1 : 0);
    ps.setLong(i++, fill ? totals.startUs() : t.startUs());
    setLong(ps, i++, fill ? totals.rootEndUs() : t.endUs());
    ps.setString(i++, t.environment());
    ps.setString(i++, t.sessionId());
    ps.setString(i++, t.userId());
    ps.setString(i++, t.metadataJson());
    ps.setString(i++, t.inputJson());
    ps.setString(i++, t.outputJson());
    ps.setString(i++, t.errorJson());
    ps.setString(i++, t.serviceUrl());
    ps.setLong(i++, now);
    ps.setLong(i++, now);
    ps.setLong(i++, totals == null ? 0 : totals.calls());
    ps.setLong(i++, totals == null ? 0 : totals.errors());
    ps.setLong(i++, totals == null ? 0 : totals.inputTokens());
    ps.setLong(i++, totals == null ? 0 : totals.outputTokens());
    ps.setLong(i++, totals == null ? 0 : totals.totalTokens());
    setDouble(ps, i, totals == null ? null : totals.cost());
  }

  private static void bindSpan(PreparedStatement ps, String projectId, SpanRecord s)
      throws SQLException {
    int i = 1;
    ps.setString(i++, projectId);
    ps.setString(i++, s.traceId());
    ps.setString(i++, s.id());
    ps.setString(i++, s.parentId());
    ps.setString(i++, s.type());
    ps.setString(i++, s.name());
    ps.setString(i++, s.status());
    ps.setLong(i++, s.startUs());
    ps.setLong(i++, s.endUs());
    ps.setString(i++, s.provider());
    ps.setString(i++, s.model());
    setLong(ps, i++, s.inputTokens());
    setLong(ps, i++, s.outputTokens());
    setLong(ps, i++, s.totalTokens());
    setLong(ps, i++, s.cachedTokens());
    setLong(ps, i++, s.reasoningTokens());
    setDouble(ps, i++, s.cost());
    ps.setString(i, s.bodyJson());
  }

  @Override
  public boolean patchTrace(String projectId, String traceId, TracePatch p, long nowUs) {
    return inWriteTransaction(c -> {
      TraceWrites.lockTraces(c, db.dialect, projectId, List.of(traceId));
      Map<String, TraceRollups.Contribution> before = TraceRollups.read(c, projectId, List.of(traceId));
      try (PreparedStatement ps = c.prepareStatement(Sql.PATCH_TRACE)) {
        int i = 1;
        ps.setString(i++, p.outputJson());
        setDouble(ps, i++, p.latency());
        ps.setString(i++, p.tokensJson());
        setDouble(ps, i++, p.cost());
        ps.setString(i++, p.status());
        ps.setString(i++, p.errorJson());
        setLong(ps, i++, p.endUs());
        ps.setLong(i++, nowUs);
        ps.setString(i++, projectId);
        ps.setString(i, traceId);
        boolean found = ps.executeUpdate() == 1;
        TraceRollups.apply(c, projectId, before, TraceRollups.read(c, projectId, List.of(traceId)));
        return found;
      }
    });
  }

  @Override
  public Optional<String> traceOfSpan(String projectId, String spanId) {
    return reads.traceOfSpan(projectId, spanId);
  }


  @Override
  public boolean mergeTrace(String projectId, String fromTraceId, String intoTraceId) {
    if (fromTraceId.equals(intoTraceId)) {
      return false;
    }
    long now = Micros.now();
    return inWriteTransaction(c -> {
      List<String> both = List.of(fromTraceId, intoTraceId);
      TraceWrites.lockTraces(c, db.dialect, projectId, both);
      Map<String, TraceRollups.Contribution> before = TraceRollups.read(c, projectId, both);
      Map<String, CallRollups.Contribution> callsBefore = CallRollups.read(c, projectId, both);
      try (PreparedStatement drop = c.prepareStatement(Sql.MERGE_DROP_DUPLICATE_SPANS)) {
        drop.setString(1, projectId);
        drop.setString(2, fromTraceId);
        drop.setString(3, projectId);
        drop.setString(4, intoTraceId);
        drop.executeUpdate();
      }
      for (String sql : new String[] {Sql.MERGE_MOVE_SPANS, Sql.MERGE_MOVE_SCORES}) {
        try (PreparedStatement move = c.prepareStatement(sql)) {
          move.setString(1, intoTraceId);
          move.setString(2, projectId);
          move.setString(3, fromTraceId);
          move.executeUpdate();
        }
      }
      try (PreparedStatement delete = TraceMetadata.deleting(c)) {
        delete.setString(1, projectId);
        delete.setString(2, fromTraceId);
        delete.executeUpdate();
      }
      boolean existed;
      try (PreparedStatement delete = c.prepareStatement(Sql.DELETE_TRACE)) {
        delete.setString(1, projectId);
        delete.setString(2, fromTraceId);
        existed = delete.executeUpdate() == 1;
      }
      TraceWrites.recompute(c, projectId, List.of(intoTraceId), now);
      TraceRollups.apply(c, projectId, before, TraceRollups.read(c, projectId, both));
      CallRollups.apply(c, projectId, callsBefore, CallRollups.read(c, projectId, both));
      return existed;
    });
  }

  @Override
  public Optional<TraceRow> trace(String projectId, String traceId) {
    return reads.trace(projectId, traceId);
  }

  @Override
  public List<TraceRow> traces(String projectId, TraceQuery query) {
    return reads.traces(projectId, query);
  }

  @Override
  public Totals totals(String projectId, TraceQuery query) {
    return reads.totals(projectId, query);
  }

  @Override
  public Found find(String projectId, TraceQuery query, boolean withTotals) {
    return reads.find(projectId, query, withTotals);
  }

  @Override
  public List<SpanRow> spans(String projectId, String traceId) {
    return reads.spans(projectId, traceId);
  }

  @Override
  public List<SpanAddition> spanAdditions(String projectId, String traceId) {
    return reads.spanAdditions(projectId, traceId);
  }

  @Override
  public List<SessionRow> sessions(String projectId, String environment, int limit, int offset) {
    return reads.sessions(projectId, environment, limit, offset);
  }

  @Override
  public List<String> environments(String projectId) {
    return reads.environments(projectId);
  }

  @Override
  public List<CallStats> callStats(String projectId, long fromUs, long toUs, String environment) {
    return reads.callStats(projectId, fromUs, toUs, environment);
  }

  @Override
  public List<ScoreRow> scores(String projectId, String traceId) {
    return reads.scores(projectId, traceId);
  }

  @Override
  public void addToSpans(String projectId, List<SpanAddition> additions) {
    if (additions.isEmpty()) {
      return;
    }
    inWriteTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_ADDITION)) {
        for (SpanAddition a : additions) {
          int i = 1;
          ps.setString(i++, projectId);
          ps.setString(i++, a.traceId());
          ps.setString(i++, a.spanId());
          ps.setString(i++, a.id());
          ps.setLong(i++, a.timeUs());
          ps.setInt(i++, a.seq());
          ps.setString(i, a.bodyJson());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void addScore(String projectId, ScoreRow s) {
    inWriteTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_SCORE)) {
        ps.setString(1, s.id());
        ps.setString(2, projectId);
        ps.setString(3, s.traceId());
        ps.setString(4, s.spanId());
        ps.setString(5, s.name());
        setDouble(ps, 6, s.value());
        ps.setString(7, s.stringValue());
        ps.setString(8, s.comment());
        ps.setString(9, s.source());
        ps.setLong(10, s.createdUs());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Traces deleted per transaction by retention: ingest waits for one batch at most. */
  static final int RETENTION_BATCH = 500;

  @Override
  public int deleteTracesBefore(long cutoffUs) {
    int total = 0;
    while (true) {
      int n = inWriteTransaction(c -> {
        List<String[]> old = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(Sql.OLDEST_TRACES)) {
          ps.setLong(1, cutoffUs);
          ps.setInt(2, RETENTION_BATCH);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              old.add(new String[] {rs.getString(1), rs.getString(2)});
            }
          }
        }
        Map<String, List<String>> byProject = new LinkedHashMap<>();
        for (String[] t : old) {
          byProject.computeIfAbsent(t[0], k -> new ArrayList<>()).add(t[1]);
        }
        Map<String, Map<String, TraceRollups.Contribution>> before = new LinkedHashMap<>();
        Map<String, Map<String, CallRollups.Contribution>> callsBefore = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : byProject.entrySet()) {
          TraceWrites.lockTraces(c, db.dialect, e.getKey(), e.getValue());
          before.put(e.getKey(), TraceRollups.read(c, e.getKey(), e.getValue()));
          callsBefore.put(e.getKey(), CallRollups.read(c, e.getKey(), e.getValue()));
        }
        for (String sql : new String[] {Sql.DELETE_TRACE_SCORES, Sql.DELETE_TRACE_ADDITIONS, Sql.DELETE_TRACE_SPANS,
            Sql.DELETE_TRACE_METADATA, Sql.DELETE_TRACE}) {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String[] t : old) {
              ps.setString(1, t[0]);
              ps.setString(2, t[1]);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        }
        for (Map.Entry<String, Map<String, TraceRollups.Contribution>> e : before.entrySet()) {
          TraceRollups.apply(c, e.getKey(), e.getValue(), Map.of());
          CallRollups.apply(c, e.getKey(), callsBefore.get(e.getKey()), Map.of());
        }
        return old.size();
      });
      total += n;
      if (n < RETENTION_BATCH) {
        inWriteTransaction(c -> {
          try (PreparedStatement ps = c.prepareStatement(Sql.DELETE_OLD_ADDITIONS)) {
            ps.setLong(1, cutoffUs);
            return ps.executeUpdate();
          }
        });
        return total;
      }
    }
  }

  @Override
  public Check check() {
    try (Connection c = db.connection()) {
      return c.isValid(2) ? Check.OK : new Check(false, "the database did not answer within 2 s");
    } catch (SQLException e) {
      return new Check(false, e.getMessage());
    }
  }

  @Override
  public void close() {
    db.close();
  }

  // ------------------------------------------------------------------ plumbing

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inWriteTransaction(Work<T> work) {
    boolean locked = db.dialect.singleWriter;
    if (locked) {
      writeLock.lock();
    }
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StorageException("database write failed: " + e.getMessage(), e);
    } finally {
      if (locked) {
        writeLock.unlock();
      }
    }
  }

  static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, java.sql.Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, java.sql.Types.DOUBLE);
    } else {
      ps.setDouble(i, v);
    }
  }

}
