package ai.nora;

import ai.nora.trace.Status;
import java.util.Map;

/**
 * A finished trace group, as {@link Nora#getTraceGroups()} lists it: what the original Nora's
 * {@code get_trace_groups()} returned.
 *
 * @param id the group's id (its span id)
 * @param traceId the trace it belongs to
 * @param name the group's name
 * @param callCount the LLM calls made inside it, nested groups included
 * @param totalTokens the tokens those calls used
 * @param totalCost their cost in USD, or null when unknown
 * @param durationSeconds how long the group ran
 * @param status how it ended
 * @param metadata its metadata
 */
public record GroupSummary(
    String id,
    String traceId,
    String name,
    int callCount,
    long totalTokens,
    Double totalCost,
    double durationSeconds,
    Status status,
    Map<String, Object> metadata) {}
