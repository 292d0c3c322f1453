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
    Long afterStartUs,
    String afterId,
    int limit) {}
