package ai.nora.export;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits {@code initial * 2^(n-1)}, capped at {@code
 * max}, times a random factor in [0.8, 1.2) so that many clients recovering from one outage do
 * not retry in step.
 */
final class Backoff {
  private final long initialNanos;
  private final long maxNanos;

  Backoff(Duration initial, Duration max) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = Math.max(initialNanos, max.toNanos());
  }

  long delayNanos(int attempt) {
    int shift = Math.min(30, Math.max(0, attempt - 1));
    long base = initialNanos << shift;
    if (base <= 0 || base > maxNanos) {
      base = maxNanos;
    }
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return (long) (base * jitter);
  }
}
