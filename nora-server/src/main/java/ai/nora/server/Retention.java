package ai.nora.server;

import ai.nora.server.storage.TraceWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes traces older than the retention period (NORA_RETENTION_DAYS), hourly. */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private Retention() {}

  static void run(TraceWriter store, long keepUs) {
    try {
      long cutoff = System.currentTimeMillis() * 1000 - keepUs;
      int deleted = store.deleteTracesBefore(cutoff);
      if (deleted > 0) {
        LOG.info("retention: deleted {} trace(s) older than {} days", deleted, keepUs / 86_400_000_000L);
      }
    } catch (RuntimeException e) {
      LOG.warn("retention run failed: {}", e.getMessage());
    }
  }
}
