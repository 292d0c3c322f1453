package ai.nora.server.ingest;

import ai.nora.cost.PriceTable;
import ai.nora.server.Micros;
import ai.nora.server.storage.TraceWriter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Nora's batched ingest: checks every item, stores the good ones in one transaction. */
public final class IngestService {
  private final TraceWriter store;
  private final BatchParser parser;

  public IngestService(TraceWriter store, PriceTable prices) {
    this.store = store;
    this.parser = new BatchParser(new SpanItems(prices));
  }

  /**
   * Stores a batch.
   *
   * @throws ai.nora.server.ApiException 400 when the body is not a batch at all
   */
  public IngestResult ingest(String projectId, JsonNode batch) {
    BatchParser.Parsed parsed = parser.parse(batch, Micros.now());
    List<ItemError> errors = new ArrayList<>(parsed.errors());
    List<ItemWriter.Refused> refused = ItemWriter.write(store, projectId, parsed.traces(), parsed.spans());
    for (ItemWriter.Refused r : refused) {
      int index = r.trace() ? parsed.traceIndex().get(r.position()) : parsed.spanIndex().get(r.position());
      String id = r.trace() ? parsed.traces().get(r.position()).id() : parsed.spans().get(r.position()).id();
      String kind = r.trace() ? "trace" : "span";
      errors.add(new ItemError(index, kind, id, kind + "s[" + index + "]: " + r.detail()));
    }
    return new IngestResult(parsed.traces().size() + parsed.spans().size() - refused.size(), errors);
  }
}
