package ai.nora.server.storage;

/**
 * One LLM call, for metrics over time.
 *
 * @param startUs start
 * @param durationUs duration
 * @param provider provider
 * @param model model
 * @param environment the trace's environment
 * @param error whether it failed
 * @param inputTokens input tokens
 * @param outputTokens output tokens
 * @param cost cost, or null
 */
public record CallRow(
    long startUs, long durationUs, String provider, String model, String environment,
    boolean error, long inputTokens, long outputTokens, Double cost) {}
