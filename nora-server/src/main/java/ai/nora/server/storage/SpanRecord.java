package ai.nora.server.storage;

/**
 * A span as written: the columns queries filter and sum on, and the whole item as JSON.
 *
 * @param traceId trace id
 * @param id span id
 * @param parentId parent span id, or null
 * @param type group, generation, embedding, tool, agent or custom
 * @param name name
 * @param status success or error
 * @param startUs start, microseconds since the epoch
 * @param endUs end, microseconds since the epoch
 * @param provider LLM provider, or null
 * @param model model, or null
 * @param inputTokens input tokens, or null
 * @param outputTokens output tokens, or null
 * @param totalTokens total tokens, or null
 * @param cachedTokens cached input tokens, or null
 * @param reasoningTokens reasoning tokens, or null
 * @param cost cost in USD, or null
 * @param bodyJson the whole span item as JSON text
 */
public record SpanRecord(
    String traceId,
    String id,
    String parentId,
    String type,
    String name,
    String status,
    long startUs,
    long endUs,
    String provider,
    String model,
    Long inputTokens,
    Long outputTokens,
    Long totalTokens,
    Long cachedTokens,
    Long reasoningTokens,
    Double cost,
    String bodyJson) {}
