package ai.nora.server.storage;

/**
 * Where traces, spans and scores live: a writer for ingest, a reader for the API, and a health
 * check, as a storage SPI (Zipkin's has the same three parts). Services take the part they use.
 */
public interface Store extends TraceWriter, TraceReader, AutoCloseable {
  /** Whether the database answers, and if not, why. */
  Check check();

  @Override
  default boolean isHealthy() {
    return check().ok();
  }

  @Override
  void close();

  /**
   * A health check's answer.
   *
   * @param ok whether the database answered
   * @param problem why not, or null
   */
  record Check(boolean ok, String problem) {
    public static final Check OK = new Check(true, null);
  }
}
