package ai.nora.export;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header: delay-seconds or an HTTP date (RFC 9110, 10.2.3). */
final class RetryAfter {
  private static final long MAX_NANOS = Duration.ofMinutes(10).toNanos();

  private RetryAfter() {}

  /** The wait the server asked for, in nanoseconds; 0 when absent or unreadable. */
  static long nanos(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").map(RetryAfter::parse).orElse(0L);
  }

  static long parse(String value) {
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds <= 0 ? 0 : Math.min(MAX_NANOS, Duration.ofSeconds(seconds).toNanos());
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        long millis = when.toInstant().toEpochMilli() - System.currentTimeMillis();
        return millis <= 0 ? 0 : Math.min(MAX_NANOS, Duration.ofMillis(millis).toNanos());
      } catch (DateTimeParseException notADate) {
        return 0;
      }
    }
  }
}
