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
 * @param afterValue page cursor: the sort value of the last trace seen ({@link Sort#valueOf}: a
 *     {@code Long}, or a {@code String} for the text orders)
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
    Object afterValue,
    String afterId,
    int limit,
    Sort sort) {

  /** A query for every trace, newest first, {@code limit} a page: the filters are set on it. */
  public static Builder builder(int limit) {
    return new Builder(limit);
  }

  /** A builder holding this query's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder(limit);
    b.name = name;
    b.environment = environment;
    b.status = status;
    b.sessionId = sessionId;
    b.userId = userId;
    b.model = model;
    b.fromUs = fromUs;
    b.toUs = toUs;
    b.text = text;
    b.metadataKey = metadataKey;
    b.metadataValue = metadataValue;
    b.atLeast = atLeast;
    b.afterValue = afterValue;
    b.afterId = afterId;
    b.sort = sort;
    return b;
  }

  /** Builds a {@link TraceQuery}; what is not set is "any" (and no cursor, newest first). */
  public static final class Builder {
    private String name;
    private String environment;
    private String status;
    private String sessionId;
    private String userId;
    private String model;
    private Long fromUs;
    private Long toUs;
    private String text;
    private String metadataKey;
    private String metadataValue;
    private AtLeast atLeast = AtLeast.NONE;
    private Object afterValue;
    private String afterId;
    private int limit;
    private Sort sort = Sort.NEWEST;

    private Builder(int limit) {
      this.limit = limit;
    }

    /** Exact trace name. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Environment. */
    public Builder environment(String value) {
      this.environment = value;
      return this;
    }

    /** pending, success or error. */
    public Builder status(String value) {
      this.status = value;
      return this;
    }

    /** Session. */
    public Builder sessionId(String value) {
      this.sessionId = value;
      return this;
    }

    /** User. */
    public Builder userId(String value) {
      this.userId = value;
      return this;
    }

    /** A model used by any call in the trace. */
    public Builder model(String value) {
      this.model = value;
      return this;
    }

    /** Started at or after {@code from}, before {@code to}, microseconds; either may be null. */
    public Builder between(Long from, Long to) {
      this.fromUs = from;
      this.toUs = to;
      return this;
    }

    /** Text to find in input or output (case-insensitive). */
    public Builder text(String value) {
      this.text = value;
      return this;
    }

    /** A metadata key that must have this value; both null for none. */
    public Builder metadata(String key, String value) {
      this.metadataKey = key;
      this.metadataValue = value;
      return this;
    }

    /** Lower bounds on latency, tokens, cost and calls. */
    public Builder atLeast(AtLeast value) {
      this.atLeast = value == null ? AtLeast.NONE : value;
      return this;
    }

    /**
     * The page after the trace with this sort value ({@link Sort#valueOf}) and id; both null for
     * the first page.
     */
    public Builder after(Object value, String id) {
      this.afterValue = value;
      this.afterId = id;
      return this;
    }

    /** The page size. */
    public Builder limit(int value) {
      this.limit = value;
      return this;
    }

    /** The order. */
    public Builder sort(Sort value) {
      this.sort = value == null ? Sort.NEWEST : value;
      return this;
    }

    /** The query. */
    public TraceQuery build() {
      return new TraceQuery(name, environment, status, sessionId, userId, model, fromUs, toUs, text,
          metadataKey, metadataValue, atLeast, afterValue, afterId, limit, sort);
    }
  }

  /**
   * The order of a page, each by an index: {@code time} (start), {@code latency}, {@code calls},
   * {@code tokens} or {@code cost}, or the text of {@code name}, {@code status}, {@code
   * environment}, {@code user} or {@code session} (in the database's collation); a trace without a
   * value (a pending one's latency, an unpriced cost, no user) comes last going down and first
   * going up. Ties go by id, the same way.
   *
   * @param key what to sort by
   * @param ascending smallest first
   */
  public record Sort(String key, boolean ascending) {
    public static final Sort NEWEST = new Sort("time", false);
    /** The orders sorted by text. */
    public static final java.util.List<String> TEXT_KEYS = java.util.List.of("name", "status", "environment", "user",
        "session");
    /** Every order: the numeric ones, then the text ones. */
    public static final java.util.List<String> KEYS = java.util.stream.Stream.concat(
        java.util.stream.Stream.of("time", "latency", "calls", "tokens", "cost"), TEXT_KEYS.stream()).toList();

    /** Whether this order compares text. */
    public boolean textual() {
      return TEXT_KEYS.contains(key);
    }

    /**
     * The value of {@code row} this order compares, as the store compares it: a {@code Long} (a
     * missing latency or cost as -1, a cost in billionths of a dollar), or a {@code String} for
     * the text orders (a missing one as the empty text). A page's cursor holds it.
     */
    public Object valueOf(TraceRow row) {
      return switch (key) {
        case "latency" -> row.endUs() == null ? -1L : row.endUs() - row.startUs();
        case "calls" -> (long) row.calls();
        case "tokens" -> row.totalTokens();
        case "cost" -> row.effectiveCost() == null ? -1L : Math.round(row.effectiveCost() * 1e9);
        case "name" -> orEmpty(row.name());
        case "status" -> orEmpty(row.status());
        case "environment" -> orEmpty(row.environment());
        case "user" -> orEmpty(row.userId());
        case "session" -> orEmpty(row.sessionId());
        default -> row.startUs();
      };
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }
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
