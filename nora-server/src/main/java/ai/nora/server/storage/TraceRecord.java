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

  /**
   * What a trace's spans tell of it before its own item comes (or when none will): a
   * placeholder, pending, that its own item or root span fills in.
   */
  public static TraceRecord placeholder(String id, String name, long startUs) {
    return new TraceRecord(id, name, ai.nora.server.Status.PENDING.wire(), startUs, null, null, null, null, null, null, null,
        null, null, true);
  }

  /** This placeholder with the environment, session and user its spans name. */
  public TraceRecord withContext(String env, String session, String user) {
    return new TraceRecord(id, name, status, startUs, endUs, env, session, user, metadataJson,
        inputJson, outputJson, errorJson, serviceUrl, placeholder);
  }

  /** This record with its input and output. */
  public TraceRecord withInputOutput(String input, String output) {
    return new TraceRecord(id, name, status, startUs, endUs, environment, sessionId, userId,
        metadataJson, input, output, errorJson, serviceUrl, placeholder);
  }

  /**
   * Two placeholders of one trace as one: the earlier start, and what either knows (this one
   * first).
   */
  public TraceRecord mergedWith(TraceRecord other) {
    return new TraceRecord(id, name, status, Math.min(startUs, other.startUs), endUs,
        first(environment, other.environment), first(sessionId, other.sessionId),
        first(userId, other.userId), first(metadataJson, other.metadataJson),
        first(inputJson, other.inputJson), first(outputJson, other.outputJson),
        first(errorJson, other.errorJson), first(serviceUrl, other.serviceUrl), placeholder);
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
