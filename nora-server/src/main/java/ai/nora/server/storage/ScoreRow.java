package ai.nora.server.storage;

/**
 * A score (feedback) on a trace or one of its spans.
 *
 * @param id score id
 * @param traceId trace scored
 * @param spanId span scored, or null for the whole trace
 * @param name what is scored ({@code helpfulness}, {@code thumbs})
 * @param value numeric value, or null
 * @param stringValue categorical value, or null
 * @param comment comment, or null
 * @param source {@code api}, {@code dashboard}, {@code feedback}...
 * @param createdUs when it was recorded
 */
public record ScoreRow(
    String id,
    String traceId,
    String spanId,
    String name,
    Double value,
    String stringValue,
    String comment,
    String source,
    long createdUs) {}
