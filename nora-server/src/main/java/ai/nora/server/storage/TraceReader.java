package ai.nora.server.storage;

import java.util.List;
import java.util.Optional;

/** What the API and the dashboard read: traces, spans, sessions, metrics and scores. */
public interface TraceReader {
  /** The additions to a trace's spans, in the order they happened. */
  List<SpanAddition> spanAdditions(String projectId, String traceId);

  /**
   * The trace that holds a span with this id, or empty. Span ids are unique within a trace only;
   * where several traces hold the id, any one of them.
   */
  Optional<String> traceOfSpan(String projectId, String spanId);

  /** One trace, or empty. */
  Optional<TraceRow> trace(String projectId, String traceId);

  /** A page of traces, newest first; asks for one more than {@code limit} to tell if more follow. */
  List<TraceRow> traces(String projectId, TraceQuery query);

  /** Count, tokens and cost of every trace matching the query (the page cursor ignored). */
  Totals totals(String projectId, TraceQuery query);

  /**
   * {@link #traces} and, if asked, {@link #totals} of the same query, read together: what a
   * search or a metadata filter matches is looked up once for both.
   */
  Found find(String projectId, TraceQuery query, boolean withTotals);

  /** Every span of a trace, by start time. */
  List<SpanRow> spans(String projectId, String traceId);

  /** Sessions, most recently active first. */
  List<SessionRow> sessions(String projectId, String environment, int limit, int offset);

  /** The environments the project's traces were recorded in, sorted. */
  List<String> environments(String projectId);

  /**
   * LLM calls started in [fromUs, toUs), added up per minute, environment, provider and model;
   * the minutes only partly inside the range as the calls themselves, so the range is exact.
   */
  List<CallStats> callStats(String projectId, long fromUs, long toUs, String environment);

  /** The scores of a trace, oldest first. */
  List<ScoreRow> scores(String projectId, String traceId);

  /**
   * Sums over a filter.
   *
   * @param traces matching traces
   * @param totalTokens their tokens
   * @param cost their cost, or null
   * @param errors how many failed
   */
  record Totals(long traces, long totalTokens, Double cost, long errors) {}

  /**
   * A page and its totals.
   *
   * @param page as {@link #traces} returns it (one more than the limit if more follow)
   * @param totals as {@link #totals} returns them, or null if not asked for
   */
  record Found(List<TraceRow> page, Totals totals) {}
}
