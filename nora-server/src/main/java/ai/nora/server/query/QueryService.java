package ai.nora.server.query;

import ai.nora.server.ApiException;
import ai.nora.server.Micros;
import ai.nora.server.storage.ScoreRow;
import ai.nora.server.storage.SessionRow;
import ai.nora.server.storage.SpanAddition;
import ai.nora.server.storage.SpanRow;
import ai.nora.server.storage.TraceQuery;
import ai.nora.server.storage.TraceReader;
import ai.nora.server.storage.TraceRow;
import ai.nora.server.storage.TraceWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The read routes and scores, in typed values: a query in, rows (or a page of them) out. HTTP
 * parameters are parsed, and answers rendered, by the handlers; this class pages, checks what
 * needs the store (a trace exists, a cursor is one this server gave) and reads.
 */
public final class QueryService {
  /** The page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 50;
  /** The largest page. */
  public static final int MAX_LIMIT = 500;
  /** A session's traces read at most. */
  static final int SESSION_TRACES = 1000;

  private final TraceReader store;
  private final TraceWriter scores;

  /**
   * A page of traces.
   *
   * @param traces the page's traces, in order
   * @param nextCursor the cursor of the next page, or null for the last one
   * @param totals the totals over every trace the filters match, or null when not asked for
   */
  public record TracePage(List<TraceRow> traces, String nextCursor, TraceReader.Totals totals) {}

  /**
   * A span as the API shows it.
   *
   * @param row the stored span
   * @param additions what arrived apart from it (its events), JSON bodies in arrival order
   */
  public record SpanView(SpanRow row, List<String> additions) {}

  /**
   * A trace with its spans.
   *
   * @param trace the trace
   * @param spans its spans, in start order
   * @param scores its scores; null where they are not shown (a session's traces)
   */
  public record TraceDetail(TraceRow trace, List<SpanView> spans, List<ScoreRow> scores) {}

  /**
   * A page of sessions.
   *
   * @param sessions the page's sessions, most recently active first
   * @param nextCursor the cursor of the next page, or null for the last one
   */
  public record SessionPage(List<SessionRow> sessions, String nextCursor) {}

  /**
   * A score to record.
   *
   * @param traceId the trace scored
   * @param spanId the span scored, or null for the whole trace
   * @param name the score's name
   * @param number its value as a number (true/false as 1/0), or null for a category
   * @param category its value as a category, or null for a number
   * @param comment a comment, or null
   * @param source who scored, or null for {@code api}
   */
  public record NewScore(String traceId, String spanId, String name, Double number, String category,
      String comment, String source) {}

  /**
   * A metrics window; nulls take the defaults (the last 24 hours, a bucket fitting the range).
   *
   * @param fromUs the window's start, microseconds, or null
   * @param toUs its end, or null for now
   * @param bucket minute, hour or day, or null
   * @param groupBy model, provider or environment, or null
   * @param environment only calls of this environment, or null
   */
  public record MetricsWindow(Long fromUs, Long toUs, String bucket, String groupBy, String environment) {}

  /** Reads through {@code reader}; records scores through {@code writer}. */
  public QueryService(TraceReader reader, TraceWriter writer) {
    this.store = reader;
    this.scores = writer;
  }

  /**
   * {@code GET /v1/traces}: the traces {@code filters} match, in its order and page size, from
   * {@code cursor} (null for the first page); totals over all of them when asked.
   */
  public TracePage traces(String projectId, TraceQuery filters, String cursor, boolean withTotals) {
    Cursor after = Cursor.decode(cursor, filters.sort());
    TraceQuery q = after == null ? filters : filters.toBuilder().after(after.value(), after.id()).build();
    TraceReader.Found found = store.find(projectId, q, withTotals);
    List<TraceRow> rows = found.page();
    int limit = q.limit();
    String next = rows.size() > limit ? Cursor.after(q.sort(), rows.get(limit - 1)).encode() : null;
    return new TracePage(List.copyOf(rows.subList(0, Math.min(limit, rows.size()))), next, found.totals());
  }

  /** {@code GET /v1/traces/{id}}: the trace with every span and score. */
  public TraceDetail trace(String projectId, String traceId) {
    TraceRow row = store.trace(projectId, traceId)
        .orElseThrow(() -> ApiException.notFound("trace '" + traceId + "' not found"));
    return new TraceDetail(row, spans(projectId, traceId), store.scores(projectId, traceId));
  }

  /** {@code GET /v1/sessions}: sessions, most recently active first, from {@code cursor}. */
  public SessionPage sessions(String projectId, String environment, int limit, String cursor) {
    int offset = 0;
    if (cursor != null && !cursor.isBlank()) {
      try {
        offset = Integer.parseInt(cursor);
      } catch (NumberFormatException e) {
        offset = -1;
      }
      if (offset < 0) {
        throw ApiException.badRequest("cursor: not a cursor this server gave out");
      }
    }
    List<SessionRow> rows = store.sessions(projectId, environment, limit, offset);
    String next = rows.size() > limit ? String.valueOf(offset + limit) : null;
    return new SessionPage(List.copyOf(rows.subList(0, Math.min(limit, rows.size()))), next);
  }

  /** {@code GET /v1/sessions/{id}}: the session's traces, oldest first, each with its spans. */
  public List<TraceDetail> session(String projectId, String sessionId) {
    List<TraceRow> rows = store.traces(projectId, TraceQuery.builder(SESSION_TRACES).sessionId(sessionId).build());
    if (rows.isEmpty()) {
      throw ApiException.notFound("session '" + sessionId + "' not found");
    }
    List<TraceDetail> out = new ArrayList<>(rows.size());
    for (int i = rows.size() - 1; i >= 0; i--) {
      out.add(new TraceDetail(rows.get(i), spans(projectId, rows.get(i).id()), null));
    }
    return out;
  }

  /** A trace's spans, each with what arrived apart from it. */
  private List<SpanView> spans(String projectId, String traceId) {
    Map<String, List<String>> additions = new HashMap<>();
    for (SpanAddition a : store.spanAdditions(projectId, traceId)) {
      additions.computeIfAbsent(a.spanId(), k -> new ArrayList<>()).add(a.bodyJson());
    }
    List<SpanView> out = new ArrayList<>();
    for (SpanRow s : store.spans(projectId, traceId)) {
      out.add(new SpanView(s, additions.getOrDefault(s.id(), List.of())));
    }
    return out;
  }

  /** {@code GET /v1/environments}: the environments of the project's traces. */
  public List<String> environments(String projectId) {
    return store.environments(projectId);
  }

  /** {@code GET /v1/metrics}: calls, tokens, cost, latency and errors over time. */
  public Metrics.Report metrics(String projectId, MetricsWindow w) {
    long toUs = w.toUs() == null ? nowUs() : w.toUs();
    long fromUs = w.fromUs() == null ? toUs - 24L * 3600 * 1_000_000 : w.fromUs();
    if (fromUs >= toUs) {
      throw ApiException.badRequest("from: must be before to");
    }
    long bucket = bucket(w.bucket(), toUs - fromUs);
    if (w.groupBy() != null) {
      Metrics.keyOf(w.groupBy());
    }
    return new Metrics.Report(store.callStats(projectId, fromUs, toUs, w.environment()), fromUs, toUs,
        bucket, w.groupBy());
  }

  /** {@code POST /v1/scores}: records a score on a trace of the project, or one of its spans. */
  public ScoreRow addScore(String projectId, NewScore score) {
    if (store.trace(projectId, score.traceId()).isEmpty()) {
      throw ApiException.notFound("trace_id: trace '" + score.traceId() + "' not found");
    }
    ScoreRow row = new ScoreRow("score_" + UUID.randomUUID().toString().replace("-", ""), score.traceId(),
        score.spanId(), cut(score.name(), 200), score.number(),
        score.category() == null ? null : cut(score.category(), 1000),
        score.comment() == null ? null : cut(score.comment(), 10_000),
        score.source() == null ? "api" : cut(score.source(), 50), nowUs());
    scores.addScore(projectId, row);
    return row;
  }

  private static long bucket(String name, long rangeUs) {
    if (name == null) {
      long hours = rangeUs / 3_600_000_000L;
      name = hours <= 6 ? "minute" : hours <= 72 ? "hour" : "day";
    }
    switch (name) {
      case "minute":
        return 60_000_000L;
      case "hour":
        return 3_600_000_000L;
      case "day":
        return 86_400_000_000L;
      default:
        throw ApiException.badRequest("bucket: expected minute, hour or day");
    }
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  static long nowUs() {
    return Micros.now();
  }
}
