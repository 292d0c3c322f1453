package ai.nora.server.storage;

/**
 * LLM calls added up: those of one minute, environment, provider and model (from the rollups), or
 * one call (at the edges of a range, where a minute is only partly inside).
 *
 * @param timeUs the minute's start, or the call's start
 * @param environment environment, or null
 * @param provider provider, or null
 * @param model model, or null
 * @param calls calls
 * @param errors failed calls
 * @param inputTokens input tokens
 * @param outputTokens output tokens
 * @param cost cost in USD, or null when no call had one
 * @param latencies the calls' durations, counted by {@link LatencyHistogram} bucket
 */
public record CallStats(long timeUs, String environment, String provider, String model, long calls,
    long errors, long inputTokens, long outputTokens, Double cost, long[] latencies) {}
