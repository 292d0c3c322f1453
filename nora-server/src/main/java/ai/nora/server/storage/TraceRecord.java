package ai.nora.server.storage;

/**
 * A trace as written. A placeholder only fills in what is still unknown about a trace whose own
 * item has not arrived (OTLP, which has no trace items, writes nothing else).
 *
 * @param id trace id
 * @param name workflow name
 * @param status {@code pending}, {@code success} or {@code error}
 * @param startUs start, microseconds since the epoch
 * @param endUs end, or null while pending
 * @param environment environment, or null
 * @param sessionId session, or null
 * @param userId user, or null
 * @param metadataJson metadata as JSON text, or null
 * @param inputJson input as JSON text, or null
 * @param outputJson output as JSON text, or null
 * @param errorJson error as JSON text, or null
 * @param serviceUrl the client's feedback service, or null
 * @param placeholder whether this only fills in what is unknown
 */
public record TraceRecord(
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
    String serviceUrl,
    boolean placeholder) {

  /** A trace with what every trace has; the rest is null (a placeholder: false) until set. */
  public static Builder builder(String id, String name, String status, long startUs) {
    return new Builder(id, name, status, startUs);
  }

  /** A builder holding this record's values, to change some of them. */
  public Builder toBuilder() {
    return builder(id, name, status, startUs).end(endUs).context(environment, sessionId, userId)
        .metadata(metadataJson).input(inputJson).output(outputJson).error(errorJson).serviceUrl(serviceUrl)
        .placeholder(placeholder);
  }

  /**
   * What a trace's spans tell of it before its own item comes (or when none will): a
   * placeholder, pending, that its own item or root span fills in.
   */
  public static TraceRecord placeholder(String id, String name, long startUs) {
    return builder(id, name, ai.nora.server.Status.PENDING.wire(), startUs).placeholder(true).build();
  }

  /** This placeholder with the environment, session and user its spans name. */
  public TraceRecord withContext(String env, String session, String user) {
    return toBuilder().context(env, session, user).build();
  }

  /** This record with its input and output. */
  public TraceRecord withInputOutput(String input, String output) {
    return toBuilder().input(input).output(output).build();
  }

  /**
   * Two placeholders of one trace as one: the earlier start, and what either knows (this one
   * first).
   */
  public TraceRecord mergedWith(TraceRecord other) {
    return builder(id, name, status, Math.min(startUs, other.startUs)).end(endUs)
        .context(first(environment, other.environment), first(sessionId, other.sessionId),
            first(userId, other.userId))
        .metadata(first(metadataJson, other.metadataJson))
        .input(first(inputJson, other.inputJson))
        .output(first(outputJson, other.outputJson))
        .error(first(errorJson, other.errorJson))
        .serviceUrl(first(serviceUrl, other.serviceUrl))
        .placeholder(placeholder)
        .build();
  }

  /** Builds a {@link TraceRecord} by name rather than by 14 positions. */
  public static final class Builder {
    private final String id;
    private final String name;
    private final String status;
    private final long startUs;
    private Long endUs;
    private String environment;
    private String sessionId;
    private String userId;
    private String metadataJson;
    private String inputJson;
    private String outputJson;
    private String errorJson;
    private String serviceUrl;
    private boolean placeholder;

    private Builder(String id, String name, String status, long startUs) {
      this.id = id;
      this.name = name;
      this.status = status;
      this.startUs = startUs;
    }

    /** Its end, microseconds; null while pending. */
    public Builder end(Long value) {
      this.endUs = value;
      return this;
    }

    /** Its environment, session and user; any may be null. */
    public Builder context(String environment, String sessionId, String userId) {
      this.environment = environment;
      this.sessionId = sessionId;
      this.userId = userId;
      return this;
    }

    /** Its metadata, as JSON. */
    public Builder metadata(String json) {
      this.metadataJson = json;
      return this;
    }

    /** Its input, as JSON. */
    public Builder input(String json) {
      this.inputJson = json;
      return this;
    }

    /** Its output, as JSON. */
    public Builder output(String json) {
      this.outputJson = json;
      return this;
    }

    /** Its error, as JSON. */
    public Builder error(String json) {
      this.errorJson = json;
      return this;
    }

    /** The application's feedback service, for the original protocol. */
    public Builder serviceUrl(String value) {
      this.serviceUrl = value;
      return this;
    }

    /** Whether this only fills in what is unknown of a trace whose own item has not come. */
    public Builder placeholder(boolean value) {
      this.placeholder = value;
      return this;
    }

    /** The record. */
    public TraceRecord build() {
      return new TraceRecord(id, name, status, startUs, endUs, environment, sessionId, userId, metadataJson,
          inputJson, outputJson, errorJson, serviceUrl, placeholder);
    }
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
