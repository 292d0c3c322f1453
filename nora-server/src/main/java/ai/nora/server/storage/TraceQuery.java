package ai.nora.server.storage;

/**
 * Filters for listing traces; null means "any". Newest first, in pages keyed by start time.
 *
 * @param name exact trace name
 * @param environment environment
 * @param status pending, success or error
 * @param sessionId session
 * @param userId user
 * @param model a model used by any call in the trace
 * @param fromUs start at or after, microseconds
 * @param toUs start before, microseconds
 * @param text text to find in input or output (case-insensitive)
 * @param metadataKey metadata key that must equal metadataValue
 * @param metadataValue the value of metadataKey
 * @param atLeast lower bounds on latency, tokens, cost and calls
 * @param afterStartUs page cursor: start of the last trace seen
 * @param afterId page cursor: id of the last trace seen
 * @param limit page size
 */
public record TraceQuery(
    String name,
    String environment,
    String status,
    String sessionId,
    String userId,
    String model,
    Long fromUs,
    Long toUs,
    String text,
    String metadataKey,
    String metadataValue,
    AtLeast atLeast,
    Long afterStartUs,
    String afterId,
    int limit) {

  /**
   * Lower bounds a trace must reach; null means none.
   *
   * @param latencyUs its duration, microseconds
   * @param tokens its total tokens
   * @param cost its cost, USD
   * @param calls its number of LLM calls
   */
  public record AtLeast(Long latencyUs, Long tokens, Double cost, Long calls) {
    public static final AtLeast NONE = new AtLeast(null, null, null, null);
  }
}
