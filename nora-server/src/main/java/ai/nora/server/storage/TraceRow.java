package ai.nora.server.storage;

/**
 * A stored trace with its aggregates. The {@code set*} fields hold values a client of the
 * original Nora protocol set explicitly with PATCH; they win over the computed ones.
 *
 * @param id trace id
 * @param name workflow name
 * @param status pending, success or error
 * @param startUs start, microseconds since the epoch
 * @param endUs end, or null
 * @param environment environment
 * @param sessionId session
 * @param userId user
 * @param metadataJson metadata JSON
 * @param inputJson input JSON
 * @param outputJson output JSON
 * @param errorJson error JSON
 * @param setLatency latency set by PATCH (seconds), or null
 * @param setTokensJson tokens set by PATCH, or null
 * @param setCost cost set by PATCH, or null
 * @param calls LLM calls in the trace
 * @param errorCount spans that failed
 * @param inputTokens summed input tokens
 * @param outputTokens summed output tokens
 * @param totalTokens summed total tokens
 * @param cost summed cost, or null when no call had one
 * @param createdUs when the server first saw the trace
 * @param updatedUs when it last changed
 */
public record TraceRow(
    String id,
    String name,
    String status,
    long startUs,
    Long endUs,
    String environment,
    String sessionId,
    String userId,
    String metadataJson,
    String inputJson,
    String outputJson,
    String errorJson,
    Double setLatency,
    String setTokensJson,
    Double setCost,
    int calls,
    int errorCount,
    long inputTokens,
    long outputTokens,
    long totalTokens,
    Double cost,
    long createdUs,
    long updatedUs) {
  /**
   * The trace's cost as every read shows it: a cost a client set above zero, else the sum of its
   * calls' costs (null when none was priced). A client of the original protocol PATCHes 0.0 on
   * every trace, having priced nothing; the storage's queries apply the same rule.
   */
  public Double effectiveCost() {
    return setCost != null && setCost > 0 ? setCost : cost;
  }
}
