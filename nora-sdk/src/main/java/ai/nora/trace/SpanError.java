package ai.nora.trace;

/**
 * What went wrong in a span or trace.
 *
 * @param type the error's type, such as the exception's class name
 * @param message the error's message, or null
 * @param httpStatus the HTTP status a provider answered with, or null
 */
public record SpanError(String type, String message, Integer httpStatus) {

  /** The error recorded for {@code t}: its class name and message. */
  public static SpanError of(Throwable t) {
    return new SpanError(t.getClass().getName(), t.getMessage(), null);
  }

  /** The error recorded for {@code t} when a provider answered with {@code httpStatus}. */
  public static SpanError of(Throwable t, Integer httpStatus) {
    return new SpanError(t.getClass().getName(), t.getMessage(), httpStatus);
  }
}
