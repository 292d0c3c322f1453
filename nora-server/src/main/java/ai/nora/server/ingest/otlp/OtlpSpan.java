package ai.nora.server.ingest.otlp;

import java.util.List;
import java.util.Map;

/**
 * One span of an OTLP request, whatever its encoding: ids as lowercase hex, times in nanoseconds,
 * attribute values as String, Long, Double, Boolean, List or Map.
 *
 * @param traceId trace id (hex)
 * @param spanId span id (hex)
 * @param parentSpanId parent span id (hex), empty for a root
 * @param name span name
 * @param kind span kind number (OTLP enum)
 * @param startNanos start, epoch nanoseconds
 * @param endNanos end, epoch nanoseconds
 * @param attributes span attributes
 * @param events span events
 * @param statusCode 0 unset, 1 ok, 2 error
 * @param statusMessage status message
 * @param resource resource attributes
 * @param scope instrumentation scope name
 */
record OtlpSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    int kind,
    long startNanos,
    long endNanos,
    Map<String, Object> attributes,
    List<Event> events,
    int statusCode,
    String statusMessage,
    Map<String, Object> resource,
    String scope) {

  /** A span event. */
  record Event(String name, long timeNanos, Map<String, Object> attributes) {}
}
