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
    boolean placeholder) {}
