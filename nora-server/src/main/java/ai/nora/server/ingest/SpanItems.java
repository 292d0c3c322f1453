package ai.nora.server.ingest;

import ai.nora.cost.PriceTable;
import ai.nora.server.SpanType;
import ai.nora.server.storage.SpanRecord;
import ai.nora.cost.Tokens;
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

  /**
   * The record of a span item, its numbers checked the same way whatever the way in.
   *
   * @throws InvalidItem naming the field when a count, cost or duration is out of range
   */
  public SpanRecord record(ObjectNode item, long startUs, long endUs) {
    String type = item.path("type").asText();
    boolean call = SpanType.isCall(type);
    JsonNode usage = item.path("usage");
    if (!usage.isMissingNode() && !usage.isNull() && !usage.isObject()) {
      throw new InvalidItem("usage: expected an object");
    }
    Long in = Limits.count(usage.get("input_tokens"), "usage.input_tokens");
    Long out = Limits.count(usage.get("output_tokens"), "usage.output_tokens");
    Long total = Limits.count(usage.get("total_tokens"), "usage.total_tokens");
    Long cached = Limits.count(usage.get("cached_tokens"), "usage.cached_tokens");
    Long cacheCreation = Limits.count(usage.get("cache_creation_tokens"), "usage.cache_creation_tokens");
    Long reasoning = Limits.count(usage.get("reasoning_tokens"), "usage.reasoning_tokens");
    if (total == null && (in != null || out != null)) {
      total = (in == null ? 0 : in) + (out == null ? 0 : out);
      if (usage.isObject()) {
        ((ObjectNode) usage).put("total_tokens", total);
      }
    }
    Limits.seconds(item.get("time_to_first_token"), "time_to_first_token");
    item.put("name", Limits.cut(item.path("name").asText(), Limits.MAX_NAME_CHARS));
    String provider = text(item, "provider");
    String model = text(item, "model");
    Double cost = Limits.cost(item.get("cost"), "cost");
    if (call && cost == null && (in != null || out != null)) {
      Tokens u = new Tokens(in, out, cached, cacheCreation);
      cost = prices.cost(provider, model, u);
      if (cost == null) {
        cost = prices.cost(provider, text(item, "request_model"), u);
      }
      if (cost != null) {
        item.put("cost", cost);
      }
    }
    return SpanRecord.builder(item.path("trace_id").asText(), item.path("id").asText())
        .parent(text(item, "parent_id"))
        .type(type)
        .name(item.path("name").asText())
        .status(item.path("status").asText())
        .time(startUs, endUs)
        .model(provider, model)
        .tokens(call ? in : null, call ? out : null, call ? total : null)
        .cachedAndReasoning(call ? cached : null, call ? reasoning : null)
        .cost(call ? cost : null)
        .body(item.toString())
        .build();
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

}
