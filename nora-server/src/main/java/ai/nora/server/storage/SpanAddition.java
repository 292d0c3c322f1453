package ai.nora.server.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Something that arrived apart from its span and adds to it: a GenAI event sent as an OTLP log
 * record, as {@code {"input": [messages]}} or {@code {"output": [messages], "tool_calls": [...],
 * "finish_reason": ...}}. Additions are stored whether the span is stored yet or not, and read
 * with it, so either may arrive first.
 *
 * @param traceId the span's trace
 * @param spanId the span
 * @param id the addition's own id (the same record sent twice has the same id)
 * @param timeUs when it happened, microseconds since the epoch
 * @param seq its place among the additions of one request, for those of the same time
 * @param bodyJson what it adds, as JSON
 */
public record SpanAddition(String traceId, String spanId, String id, long timeUs, int seq, String bodyJson) {

  /**
   * Adds additions, in the order they happened, to a span item: input and output only where the
   * item has none of its own (a span that carries its messages wins over events that repeat
   * them), tool calls and finish reason likewise.
   */
  public static void apply(ObjectNode item, Iterable<JsonNode> additions) {
    boolean hadInput = nonEmpty(item.get("input"));
    boolean hadOutput = nonEmpty(item.get("output"));
    JsonNodeFactory f = JsonNodeFactory.instance;
    ArrayNode input = f.arrayNode();
    ArrayNode output = f.arrayNode();
    ArrayNode calls = f.arrayNode();
    String finish = null;
    for (JsonNode a : additions) {
      if (a.path("input").isArray()) {
        input.addAll((ArrayNode) a.get("input"));
      }
      if (a.path("output").isArray()) {
        output.addAll((ArrayNode) a.get("output"));
      }
      if (a.path("tool_calls").isArray()) {
        calls.addAll((ArrayNode) a.get("tool_calls"));
      }
      if (finish == null && a.hasNonNull("finish_reason")) {
        finish = a.get("finish_reason").asText();
      }
    }
    if (!hadInput && !input.isEmpty()) {
      item.set("input", input);
    }
    if (!hadOutput && !output.isEmpty()) {
      item.set("output", output);
      if (!nonEmpty(item.get("tool_calls"))) {
        item.set("tool_calls", calls);
      }
    }
    if (finish != null && !item.hasNonNull("finish_reason")) {
      item.put("finish_reason", finish);
    }
  }

  private static boolean nonEmpty(JsonNode n) {
    return n != null && n.isArray() && n.size() > 0;
  }
}
