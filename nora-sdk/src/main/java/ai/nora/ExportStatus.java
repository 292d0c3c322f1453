package ai.nora;

/**
 * How Nora's export is doing, over every exporter: for health checks and metrics.
 *
 * @param exported spans handed to the exporters since start
 * @param failed spans of batches an exporter could not deliver
 * @param dropped spans dropped because a queue was full or Nora was shutting down
 * @param queued spans waiting for export now
 * @param lastSuccessMillis when a batch was last delivered (epoch milliseconds), 0 if none yet
 * @param lastFailureMillis when a batch last failed (epoch milliseconds), 0 if none yet
 * @param failing whether an exporter's last batch failed (and it delivered none since)
 */
public record ExportStatus(long exported, long failed, long dropped, long queued,
    long lastSuccessMillis, long lastFailureMillis, boolean failing) {
  /** Nothing exported, nothing failed: Nora not started. */
  public static final ExportStatus NONE = new ExportStatus(0, 0, 0, 0, 0, 0, false);
}
