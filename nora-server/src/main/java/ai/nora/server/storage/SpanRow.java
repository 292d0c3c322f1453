package ai.nora.server.storage;

/**
 * A stored span: its place in the tree and its whole item.
 *
 * @param traceId trace id
 * @param id span id
 * @param parentId parent, or null
 * @param startUs start, microseconds since the epoch
 * @param endUs end, microseconds since the epoch
 * @param bodyJson the span item as JSON text
 */
public record SpanRow(
    String traceId, String id, String parentId, long startUs, long endUs, String bodyJson) {}
