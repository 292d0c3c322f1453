package ai.nora.trace;

import java.util.concurrent.ThreadLocalRandom;

final class RandomIdGenerator implements IdGenerator {
  static final RandomIdGenerator INSTANCE = new RandomIdGenerator();

  private RandomIdGenerator() {}

  @Override
  public long traceIdHigh() {
    return ThreadLocalRandom.current().nextLong();
  }

  @Override
  public long traceIdLow() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return id;
  }

  @Override
  public long spanId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return id;
  }
}
