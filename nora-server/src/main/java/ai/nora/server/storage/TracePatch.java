package ai.nora.server.storage;

/**
 * What the original protocol's {@code PATCH /v1/traces/{id}} may set; null leaves a field as is.
 *
 * @param outputJson output as JSON text
 * @param latency latency in seconds
 * @param tokensJson tokens object as JSON text
 * @param cost cost in USD
 * @param status pending, success or error
 * @param errorJson error as JSON text
 * @param endUs when the trace ended (set with a final status)
 */
public record TracePatch(
    String outputJson, Double latency, String tokensJson, Double cost, String status,
    String errorJson, Long endUs) {}
