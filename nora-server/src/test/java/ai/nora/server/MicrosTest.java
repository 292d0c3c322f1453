package ai.nora.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct reading of ISO-8601 UTC times agrees with {@code Instant.parse}, text for text. */
class MicrosTest {
  @Test
  void everyFormAClientSends_readsAsInstantParseReadsIt() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      long seconds = random.nextLong(-2_000_000_000L, 4_200_000_000L);
      int nanos = random.nextInt(1_000_000_000);
      String iso = Instant.ofEpochSecond(seconds, nanos).toString(); // 0, 3, 6 or 9 digits
      int digits = random.nextInt(10);
      String cut = iso.substring(0, 19) + (digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits)) + "Z";
      for (String text : List.of(iso, cut)) {
        assertThat(Micros.parseUtc(text)).as(text).isNotNull();
        assertThat(Micros.parseIso(text)).as(text).isEqualTo(reference(text));
      }
    }
  }

  @Test
  void whatTheDirectReadingRefuses_isLeftToInstantParse_andBothAgree() {
    List<String> texts = List.of("2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2100-02-29T00:00:00Z",
        "2000-02-29T23:59:59.999999999Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
        "2026-12-02T24:00:00Z", "2026-12-02T23:60:00Z", "2026-12-02T23:59:60Z", "2026-12-02T09:30:00z",
        "2026-12-02T09:30:00+09:00", "2026-12-02T09:30:00.Z", "2026-12-02T09:30:00.1234567890Z",
        "2026-12-02 09:30:00Z", "2026-1a-02T09:30:00Z", "\u0662\u0660\u0662\u0666-12-02T09:30:00Z", "", "Z",
        "2026-12-02T09:30Z", "+2026-12-02T09:30:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z");
    for (String text : texts) {
      assertThat(Micros.parseIso(text)).as(text).isEqualTo(reference(text));
    }
    assertThat(Micros.parseUtc("2023-02-29T12:00:00Z")).isNull();
    assertThat(Micros.parseUtc("2026-12-02T09:30:00+09:00")).isNull();
    assertThat(Micros.parseIso("2026-12-02T09:30:00+09:00")).isEqualTo(reference("2026-12-02T00:30:00Z"));
  }

  private static Long reference(String text) {
    try {
      return Micros.of(Instant.parse(text));
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }
}
