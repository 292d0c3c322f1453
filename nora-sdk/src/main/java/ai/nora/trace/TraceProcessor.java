package ai.nora.trace;

import java.time.Duration;

/**
 * Receives traces and spans as they start and end, as the OpenAI Agents SDK's {@code
 * TracingProcessor} does. Register one with {@code Nora.addTraceProcessor(...)} (alongside
 * Nora's export to the server) or {@code Nora.setTraceProcessors(...)} (instead of it).
 *
 * <p>Processors are called on the application's threads, in the middle of its work: they must
 * be thread-safe, must not block, and should hand heavy work to a background thread as {@code
 * BatchTraceProcessor} does. A processor that throws is logged and skipped; the others and the
 * application go on.
 */
public interface TraceProcessor {
  /** A trace started; its status is {@code PENDING}. */
  default void onTraceStart(Trace trace) {}

  /** A trace ended: its root span ended. */
  default void onTraceEnd(Trace trace) {}

  /** A span started. */
  default void onSpanStart(Span span) {}

  /** A span ended; it no longer changes. */
  default void onSpanEnd(Span span) {}

  /**
   * Delivers everything received so far, waiting at most {@code timeout}.
   *
   * @return true when everything was delivered in time
   */
  default boolean forceFlush(Duration timeout) {
    return true;
  }

  /** Delivers what it can within {@code timeout}, then stops. Calling it again does nothing. */
  default void shutdown(Duration timeout) {}
}
