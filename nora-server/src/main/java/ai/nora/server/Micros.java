package ai.nora.server;

import java.time.Instant;

/** Times as the server stores them: microseconds since the epoch, UTC. */
public final class Micros {
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
}
