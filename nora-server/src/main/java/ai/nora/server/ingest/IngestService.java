package ai.nora.server.ingest;

import ai.nora.cost.PriceTable;
import ai.nora.server.storage.Store;
import com.fasterxml.jackson.databind.JsonNode;

/** Nora's batched ingest: checks every item, stores the good ones in one transaction. */
public final class IngestService {
  private final Store store;
  private final BatchParser parser;

  public IngestService(Store store, PriceTable prices) {
    this.store = store;
    this.parser = new BatchParser(new SpanItems(prices));
  }

  /**
   * Stores a batch.
   *
   * @throws ai.nora.server.ApiException 400 when the body is not a batch at all
   */
  public IngestResult ingest(String projectId, JsonNode batch) {
    BatchParser.Parsed parsed = parser.parse(batch, Times.nowUs());
    if (!parsed.traces().isEmpty() || !parsed.spans().isEmpty()) {
      store.write(projectId, parsed.traces(), parsed.spans());
    }
    return new IngestResult(parsed.traces().size() + parsed.spans().size(), parsed.errors());
  }
}
