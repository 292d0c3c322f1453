package ai.nora.trace;

/**
 * Makes trace and span ids. Ids are OpenTelemetry-compatible: a trace id is 128 random bits (32
 * lowercase hex characters), a span id 64 bits (16), never all zero, so that traces exported
 * over OTLP keep their ids.
 */
public interface IdGenerator {
  /** The high 64 bits of a new trace id. */
  long traceIdHigh();

  /** The low 64 bits of a new trace id; never zero together with the high half. */
  long traceIdLow();

  /** A new span id; never zero. */
  long spanId();

  /** Random ids from {@link java.util.concurrent.ThreadLocalRandom}. */
  static IdGenerator random() {
    return RandomIdGenerator.INSTANCE;
  }
}
