package ai.nora.server.ui;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: after {@link #MAX_FAILURES} failed sign-ins from one address within
 * {@link #WINDOW_MS}, that address is refused until the window has passed. A success clears the
 * address. Bounded: past {@link #MAX_ADDRESSES} addresses, expired entries are dropped first and,
 * failing that, all (a flood of addresses should not grow the heap).
 */
public final class SignInThrottle {
  static final int MAX_FAILURES = 10;
  static final long WINDOW_MS = 10 * 60_000L;
  static final int MAX_ADDRESSES = 100_000;

  private record Failures(int count, long firstMs) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  /** Seconds until {@code address} may try again, or 0 when it may now. */
  public long retryAfterSeconds(String address) {
    Failures f = failures.get(address);
    if (f == null) {
      return 0;
    }
    long left = f.firstMs() + WINDOW_MS - System.currentTimeMillis();
    if (left <= 0) {
      failures.remove(address);
      return 0;
    }
    return f.count() >= MAX_FAILURES ? (left + 999) / 1000 : 0;
  }

  public void failed(String address) {
    if (failures.size() >= MAX_ADDRESSES) {
      long now = System.currentTimeMillis();
      failures.values().removeIf(f -> f.firstMs() + WINDOW_MS < now);
      if (failures.size() >= MAX_ADDRESSES) {
        failures.clear();
      }
    }
    failures.merge(address, new Failures(1, System.currentTimeMillis()), (old, one) ->
        old.firstMs() + WINDOW_MS < one.firstMs() ? one : new Failures(old.count() + 1, old.firstMs()));
  }

  public void succeeded(String address) {
    failures.remove(address);
  }
}
