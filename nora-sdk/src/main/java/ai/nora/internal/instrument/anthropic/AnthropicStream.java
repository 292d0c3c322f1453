package ai.nora.internal.instrument.anthropic;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.ToolCall;
import com.anthropic.core.ObjectMappers;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Assembles a Messages event stream ({@code message_start}, {@code content_block_*}, {@code
 * message_delta}) into the message a non-streamed call would have returned. This class is
 * internal and is hence not for public use.
 */
public final class AnthropicStream implements ai.nora.internal.instrument.StreamAssembler<Object> {
  private final LlmCall call;
  private final TreeMap<Integer, String[]> blocks = new TreeMap<>(); // type, text or id, name, json
  private JsonNode startUsage;
  private Long outputTokens;
  private String id;
  private String model;
  private String stopReason;

  public AnthropicStream(LlmCall call) {
    this.call = call;
  }

  /** Sees one event, as the user pulls it. */
  @Override
  public synchronized void onItem(Object event) {
    JsonNode e = ObjectMappers.jsonMapper().valueToTree(event);
    switch (e.path("type").asText()) {
      case "message_start":
        id = e.path("message").path("id").asText(null);
        model = e.path("message").path("model").asText(null);
        startUsage = e.path("message").path("usage");
        break;
      case "content_block_start": {
        JsonNode b = e.path("content_block");
        String type = b.path("type").asText();
        blocks.put(e.path("index").asInt(), new String[] {type,
            "tool_use".equals(type) ? b.path("id").asText(null) : b.path("text").asText(""),
            b.path("name").asText(null), ""});
        break;
      }
      case "content_block_delta": {
        call.firstToken();
        JsonNode d = e.path("delta");
        String[] b = blocks.computeIfAbsent(e.path("index").asInt(), k -> new String[] {"text", "", null, ""});
        switch (d.path("type").asText()) {
          case "text_delta":
            b[1] = b[1] + d.path("text").asText();
            break;
          case "thinking_delta":
            b[0] = "thinking";
            b[1] = b[1] + d.path("thinking").asText();
            break;
          case "input_json_delta":
            b[3] = b[3] + d.path("partial_json").asText();
            break;
          default:
            break;
        }
        break;
      }
      case "message_delta":
        if (e.path("delta").hasNonNull("stop_reason")) {
          stopReason = e.path("delta").get("stop_reason").asText();
        }
        if (e.path("usage").has("output_tokens")) {
          outputTokens = e.path("usage").get("output_tokens").asLong();
        }
        break;
      default:
        break;
    }
  }

  /** Writes what was assembled into the span data. */
  @Override
  public synchronized void fill(GenerationSpanData d) {
    d.responseId(id).responseModel(model).finishReason(stopReason);
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (String[] b : blocks.values()) {
      if ("tool_use".equals(b[0])) {
        calls.add(new ToolCall(b[1], b[2], compact(b[3])));
      } else if (!b[1].isEmpty()) {
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append("thinking".equals(b[0]) ? "[thinking] " + b[1] : b[1]);
      }
    }
    d.output(List.of(new Message("assistant", text.length() == 0 ? null : text.toString(), null, null, calls)));
    d.usage(AnthropicAdapter.usage(startUsage, outputTokens));
  }

  /** The arguments as a non-streamed call reports them: compact JSON (pieces as they came if not JSON). */
  private static String compact(String json) {
    if (json.isEmpty()) {
      return "{}";
    }
    try {
      return ObjectMappers.jsonMapper().readTree(json).toString();
    } catch (Exception notJson) {
      return json;
    }
  }
}
