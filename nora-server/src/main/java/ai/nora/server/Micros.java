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

  /**
   * Microseconds since the epoch, or null when {@code text} is not an ISO-8601 time. The form
   * every client sends, {@code 2026-12-02T09:30:00.123456Z} (0 to 9 digits of fraction), is read
   * directly: it is every span's start and end, and {@code Instant.parse} cost a sixth of the
   * batched route's own time. Anything else (an offset, a leap second) goes through {@code
   * Instant.parse}, so both accept and refuse the same texts.
   */
  public static Long parseIso(String text) {
    Long fast = parseUtc(text);
    if (fast != null) {
      return fast;
    }
    try {
      return of(Instant.parse(text));
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with valid fields, else null (left to the full parser). */
  static Long parseUtc(String t) {
    int n = t.length();
    if (n < 20 || n > 30 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-'
        || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    long micros = 0;
    if (n > 20) {
      int fractionDigits = n - 21;
      if (t.charAt(19) != '.' || fractionDigits < 1) {
        return null;
      }
      int fraction = digits(t, 20, fractionDigits);
      if (fraction < 0) {
        return null;
      }
      long nanos = fraction;
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
      micros = nanos / 1_000L;
    }
    long days;
    try {
      days = java.time.LocalDate.of(year, month, day).toEpochDay(); // checks the month and the day
    } catch (java.time.DateTimeException e) {
      return null;
    }
    return ((days * 24 + hour) * 60 + minute) * 60_000_000L + second * 1_000_000L + micros;
  }

  /** The number in {@code t[from, from+count)}, or -1 unless all are ASCII digits. */
  private static int digits(String t, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Whether a time is within what the server stores. */
  public static boolean plausible(long us, long nowUs) {
    return us >= MIN_US && us <= nowUs + MAX_AHEAD_US;
  }
}
