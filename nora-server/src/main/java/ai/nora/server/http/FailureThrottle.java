package ai.nora.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: after {@code maxFailures} failures from one address within {@code
 * windowMs}, that address is refused until the window has passed. A success clears the address.
 * Bounded: past {@link #MAX_ADDRESSES} addresses, expired entries are dropped first and, failing
 * that, all (a flood of addresses should not grow the heap).
 */
final class FailureThrottle {
  static final int MAX_ADDRESSES = 100_000;

  private record Failures(int count, long firstMs) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final int maxFailures;
  private final long windowMs;

  FailureThrottle(int maxFailures, long windowMs) {
    this.maxFailures = maxFailures;
    this.windowMs = windowMs;
  }

  /** Seconds until {@code address} may try again, or 0 when it may now. */
  long retryAfterSeconds(String address) {
    Failures f = failures.get(address);
    if (f == null) {
      return 0;
    }
    long left = f.firstMs() + windowMs - System.currentTimeMillis();
    if (left <= 0) {
      failures.remove(address);
      return 0;
    }
    return f.count() >= maxFailures ? (left + 999) / 1000 : 0;
  }

  void failed(String address) {
    if (failures.size() >= MAX_ADDRESSES) {
      long now = System.currentTimeMillis();
      failures.values().removeIf(f -> f.firstMs() + windowMs < now);
      if (failures.size() >= MAX_ADDRESSES) {
        failures.clear();
      }
    }
    failures.merge(address, new Failures(1, System.currentTimeMillis()), (old, one) ->
        old.firstMs() + windowMs < one.firstMs() ? one : new Failures(old.count() + 1, old.firstMs()));
  }

  void succeeded(String address) {
    failures.remove(address);
  }
}
