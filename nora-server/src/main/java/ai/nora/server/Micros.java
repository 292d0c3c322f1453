package ai.nora.server;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Times as the server stores them: microseconds since the epoch, UTC; the one place they are
 * made, shown, parsed and checked.
 */
public final class Micros {
  /** Earliest time accepted: 2000-01-01. */
  public static final long MIN_US = 946_684_800_000_000L;
  /** Latest: a day ahead of the server's clock (clients' clocks drift). */
  public static final long MAX_AHEAD_US = 86_400_000_000L;

  private Micros() {}

  /** Now. */
  public static long now() {
    return of(Instant.now());
  }

  /** An instant, in microseconds. */
  public static long of(Instant i) {
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000L);
  }

  /** Microseconds as ISO-8601 UTC, as the API shows times. */
  public static String iso(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000)
        .toString();
  }

  /** Microseconds since the epoch, or null when {@code text} is not an ISO-8601 time. */
  public static Long parseIso(String text) {
    try {
      return of(Instant.parse(text));
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  /** Whether a time is within what the server stores. */
  public static boolean plausible(long us, long nowUs) {
    return us >= MIN_US && us <= nowUs + MAX_AHEAD_US;
  }
}
