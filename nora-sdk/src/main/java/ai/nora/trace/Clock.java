package ai.nora.trace;

/**
 * Where spans get their times. Tests pass a clock they control to {@link Tracer.Builder#clock};
 * everyone else uses {@link #system()}.
 */
public interface Clock {
  /** Wall-clock time, in nanoseconds since the epoch. */
  long epochNanos();

  /** A monotonic reading in nanoseconds, for durations; as {@link System#nanoTime()}. */
  long nanoTime();

  /** The system clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
