package ai.nora.server.storage;

/**
 * Filters for listing traces; null means "any". Sorted by {@link #sort} (newest first unless
 * said otherwise), in pages keyed by the sort value and id.
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
 * @param afterValue page cursor: the sort value of the last trace seen
 * @param afterId page cursor: id of the last trace seen
 * @param limit page size
 * @param sort the order
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
    Long afterValue,
    String afterId,
    int limit,
    Sort sort) {

  /** Newest first. */
  public TraceQuery(String name, String environment, String status, String sessionId, String userId,
      String model, Long fromUs, Long toUs, String text, String metadataKey, String metadataValue,
      AtLeast atLeast, Long afterValue, String afterId, int limit) {
    this(name, environment, status, sessionId, userId, model, fromUs, toUs, text, metadataKey,
        metadataValue, atLeast, afterValue, afterId, limit, Sort.NEWEST);
  }

  /**
   * The order of a page, each by an index: {@code time} (start), {@code latency}, {@code calls},
   * {@code tokens} or {@code cost}; a trace without a value (a pending one's latency, an unpriced
   * cost) comes last going down and first going up.
   *
   * @param key what to sort by
   * @param ascending smallest first
   */
  public record Sort(String key, boolean ascending) {
    public static final Sort NEWEST = new Sort("time", false);
    public static final java.util.List<String> KEYS = java.util.List.of("time", "latency", "calls", "tokens", "cost");
  }


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
