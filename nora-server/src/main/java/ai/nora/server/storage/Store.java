package ai.nora.server.storage;

import java.util.List;
import java.util.Optional;

/**
 * Where traces, spans and scores live. Every write is one transaction: all of it is stored, or
 * none of it, and it is durable when the call returns. Writes are idempotent by id, so a batch
 * written twice is stored once, and a trace's final status is never replaced by a pending one.
 */
public interface Store extends AutoCloseable {
  /**
   * Stores traces and spans in one transaction; traces whose spans arrive first get a
   * placeholder that their own item (or their root span) fills in; the aggregates of every trace
   * touched are recomputed from its spans.
   */
  void write(String projectId, List<TraceRecord> traces, List<SpanRecord> spans);

  /**
   * Stores additions to spans (in one transaction, idempotent by id), whether their spans are
   * stored yet or not.
   */
  void addToSpans(String projectId, List<SpanAddition> additions);

  /** The additions to a trace's spans, in the order they happened. */
  List<SpanAddition> spanAdditions(String projectId, String traceId);

  /** Applies an original-protocol PATCH; false when the trace does not exist. */
  boolean patchTrace(String projectId, String traceId, TracePatch patch, long nowUs);

  /**
   * The trace that holds a span with this id, or empty. Span ids are unique within a trace only;
   * where several traces hold the id, any one of them.
   */
  Optional<String> traceOfSpan(String projectId, String spanId);

  /**
   * Moves every span and score of trace {@code fromTraceId} into {@code intoTraceId} and deletes
   * the emptied trace, in one transaction; spans the target already holds (same id) are kept as
   * the target has them. The target's aggregates are recomputed.
   *
   * @return whether {@code fromTraceId} existed
   */
  boolean mergeTrace(String projectId, String fromTraceId, String intoTraceId);

  /** One trace, or empty. */
  Optional<TraceRow> trace(String projectId, String traceId);

  /** A page of traces, newest first; asks for one more than {@code limit} to tell if more follow. */
  List<TraceRow> traces(String projectId, TraceQuery query);

  /** Count, tokens and cost of every trace matching the query (the page cursor ignored). */
  Totals totals(String projectId, TraceQuery query);

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

  /** Records a score. */
  void addScore(String projectId, ScoreRow score);

  /** The scores of a trace, oldest first. */
  List<ScoreRow> scores(String projectId, String traceId);

  /** Deletes traces (with their spans and scores) that started before {@code cutoffUs}. */
  int deleteTracesBefore(long cutoffUs);

  /** Whether the database answers. */
  boolean isHealthy();

  @Override
  void close();

  /**
   * Sums over a filter.
   *
   * @param traces matching traces
   * @param totalTokens their tokens
   * @param cost their cost, or null
   * @param errors how many failed
   */
  record Totals(long traces, long totalTokens, Double cost, long errors) {}
}
