package ai.nora.server.ingest;

import ai.nora.cost.PriceTable;
import ai.nora.server.storage.SpanRecord;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a span item of the ingest protocol (already checked) into the record stored: the
 * columns queries use, a cost from the price table when the item has none, and the item itself.
 * Every way in (Nora batches, the original protocol, OTLP) ends here.
 */
public final class SpanItems {
  private final PriceTable prices;

  public SpanItems(PriceTable prices) {
    this.prices = prices;
  }

  public SpanRecord record(ObjectNode item, long startUs, long endUs) {
    String type = item.path("type").asText();
    boolean call = "generation".equals(type) || "embedding".equals(type);
    JsonNode usage = item.path("usage");
    Long in = count(usage, "input_tokens");
    Long out = count(usage, "output_tokens");
    Long total = count(usage, "total_tokens");
    if (total == null && (in != null || out != null)) {
      total = (in == null ? 0 : in) + (out == null ? 0 : out);
    }
    Long cached = count(usage, "cached_tokens");
    Long cacheCreation = count(usage, "cache_creation_tokens");
    Long reasoning = count(usage, "reasoning_tokens");
    String provider = text(item, "provider");
    String model = text(item, "model");
    Double cost = item.path("cost").isNumber() ? item.get("cost").asDouble() : null;
    if (call && cost == null && (in != null || out != null)) {
      Usage u = new Usage(in, out, total, cached, cacheCreation, reasoning);
      cost = prices.cost(provider, model, u);
      if (cost == null) {
        cost = prices.cost(provider, text(item, "request_model"), u);
      }
      if (cost != null) {
        item.put("cost", cost);
      }
    }
    return new SpanRecord(
        item.path("trace_id").asText(),
        item.path("id").asText(),
        text(item, "parent_id"),
        type,
        item.path("name").asText(),
        item.path("status").asText(),
        startUs,
        endUs,
        provider,
        model,
        call ? in : null,
        call ? out : null,
        call ? total : null,
        call ? cached : null,
        call ? reasoning : null,
        call ? cost : null,
        item.toString());
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Long count(JsonNode usage, String field) {
    JsonNode v = usage.get(field);
    return v != null && v.isNumber() ? v.asLong() : null;
  }
}
