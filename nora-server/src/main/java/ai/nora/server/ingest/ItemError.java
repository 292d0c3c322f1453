package ai.nora.server.ingest;

/**
 * One item of a batch that was refused.
 *
 * @param index its position in its list
 * @param kind {@code trace} or {@code span}
 * @param id its id, when it had a readable one
 * @param detail what is wrong and where
 */
public record ItemError(int index, String kind, String id, String detail) {}
