package ai.nora.server.storage;

/**
 * The traces sharing one session id, summed.
 *
 * @param sessionId the session
 * @param traces how many traces
 * @param firstUs start of the first
 * @param lastUs start of the last
 * @param totalTokens summed tokens
 * @param cost summed cost, or null
 * @param errors traces that failed
 * @param userId a user of the session, or null
 */
public record SessionRow(
    String sessionId, int traces, long firstUs, long lastUs, long totalTokens, Double cost,
    int errors, String userId) {}
