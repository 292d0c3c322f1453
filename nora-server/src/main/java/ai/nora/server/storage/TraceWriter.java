package ai.nora.server.storage;

import java.util.List;

/**
 * What ingest writes. Every write is one transaction: all of it is stored, or none of it, and it
 * is durable when the call returns. Writes are idempotent by id, so a batch written twice is
 * stored once, and a trace's final status is never replaced by a pending one.
 */
public interface TraceWriter {
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

  /** Applies an original-protocol PATCH; false when the trace does not exist. */
  boolean patchTrace(String projectId, String traceId, TracePatch patch, long nowUs);

  /**
   * Moves every span and score of trace {@code fromTraceId} into {@code intoTraceId} and deletes
   * the emptied trace, in one transaction; spans the target already holds (same id) are kept as
   * the target has them. The target's aggregates are recomputed.
   *
   * @return whether {@code fromTraceId} existed
   */
  boolean mergeTrace(String projectId, String fromTraceId, String intoTraceId);

  /** Records a score. */
  void addScore(String projectId, ScoreRow score);

  /** Deletes traces (with their spans and scores) that started before {@code cutoffUs}. */
  int deleteTracesBefore(long cutoffUs);

  /** Whether the database answers: a refused write with a healthy database is the items' fault. */
  boolean isHealthy();
}
