package ai.nora.server.storage.jdbc;

import java.time.Instant;

final class Micros {
  private Micros() {}

  static long now() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }
}
