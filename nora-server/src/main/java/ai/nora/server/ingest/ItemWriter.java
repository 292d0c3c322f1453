package ai.nora.server.ingest;

import ai.nora.server.storage.SpanRecord;
import ai.nora.server.storage.StorageException;
import ai.nora.server.storage.TraceWriter;
import ai.nora.server.storage.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a request's good items in one transaction; when the database refuses that write but is
 * up, each item is written alone, so an item the database cannot take is that item's error and
 * the others are stored. Only when the database is down (or takes nothing) does the request fail.
 */
public final class ItemWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ItemWriter.class);

  private ItemWriter() {}

  /**
   * An item the database refused.
   *
   * @param trace whether it is a trace (else a span)
   * @param position its position in the lists written
   */
  public record Refused(boolean trace, int position) {
    public String detail() {
      return "could not be stored (a database error, logged on the server); the other items were";
    }
  }

  /**
   * Writes the items; returns those the database refused.
   *
   * @throws StorageException when the database is unavailable or refused every item
   */
  public static List<Refused> write(TraceWriter store, String projectId, List<TraceRecord> traces,
      List<SpanRecord> spans) {
    if (traces.isEmpty() && spans.isEmpty()) {
      return List.of();
    }
    try {
      store.write(projectId, traces, spans);
      return List.of();
    } catch (StorageException whole) {
      if (!store.isHealthy()) {
        throw whole;
      }
      List<Refused> refused = new ArrayList<>();
      for (int i = 0; i < traces.size(); i++) {
        try {
          store.write(projectId, List.of(traces.get(i)), List.of());
        } catch (StorageException e) {
          LOG.warn("trace {} of project {} refused by the database: {}", traces.get(i).id(), projectId, e.getMessage());
          refused.add(new Refused(true, i));
        }
      }
      for (int i = 0; i < spans.size(); i++) {
        try {
          store.write(projectId, List.of(), List.of(spans.get(i)));
        } catch (StorageException e) {
          LOG.warn("span {} of project {} refused by the database: {}", spans.get(i).id(), projectId, e.getMessage());
          refused.add(new Refused(false, i));
        }
      }
      if (refused.size() == traces.size() + spans.size()) {
        throw whole;
      }
      return refused;
    }
  }
}
