package ai.nora.server.ingest.otlp;

import java.util.Map;

/**
 * One log record of an OTLP request, whatever its encoding.
 *
 * @param traceId trace id (hex), empty when the record names none
 * @param spanId span id (hex), empty when the record names none
 * @param timeNanos when it happened (or was observed), epoch nanoseconds; 0 when unknown
 * @param eventName the event's name: the record's {@code event_name}, else its {@code
 *     event.name} attribute, else empty
 * @param body the body as an attribute value (String, Long, Double, Boolean, List, Map), or null
 * @param attributes the record's attributes
 */
record OtlpLog(String traceId, String spanId, long timeNanos, String eventName, Object body,
    Map<String, Object> attributes) {}
