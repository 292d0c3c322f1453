package ai.nora.export;

/**
 * Sends finished spans and traces somewhere. {@link BatchTraceProcessor} calls it from a single
 * background thread, so an implementation need not be thread-safe against itself, and may block
 * (on the network, on a file) without slowing the application.
 */
public interface SpanExporter {
  /**
   * Exports one batch. Implementations retry what is worth retrying themselves and return once
   * the batch was delivered or given up on.
   *
   * @return true when the destination accepted the batch
   */
  boolean export(ExportBatch batch);

  /** Delivers anything buffered; returns true when all of it was delivered. */
  default boolean flush() {
    return true;
  }

  /** Releases resources; exports after this fail. Calling it again does nothing. */
  default void shutdown() {}
}
