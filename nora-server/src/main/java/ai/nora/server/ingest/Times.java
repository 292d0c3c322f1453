package ai.nora.server.ingest;

import ai.nora.server.Micros;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses and checks times: ISO-8601 text, or epoch seconds as the original protocol sends. */
public final class Times {
  /** Earliest time accepted: 2000-01-01. */
  public static final long MIN_US = 946_684_800_000_000L;
  /** Latest: a day ahead of the server's clock (clients' clocks drift). */
  public static final long MAX_AHEAD_US = 86_400_000_000L;

  private Times() {}

  /** Microseconds since the epoch, or null when {@code text} is not an ISO-8601 time. */
  public static Long parseIso(String text) {
    try {
      return Micros.of(Instant.parse(text));
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  /** Whether a time is within what the server stores. */
  public static boolean plausible(long us, long nowUs) {
    return us >= MIN_US && us <= nowUs + MAX_AHEAD_US;
  }

  public static long nowUs() {
    return Micros.now();
  }

  public static String iso(long us) {
    return Micros.iso(us);
  }
}
