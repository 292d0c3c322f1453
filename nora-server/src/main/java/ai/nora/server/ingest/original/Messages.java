package ai.nora.server.ingest.original;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The structured messages the original client sends ({@code metadata.request.messages}, in the
 * provider's own shape: OpenAI's, Anthropic's content blocks, Gemini's parts) as Nora's messages
 * {@code {role, content, name?, tool_call_id?, tool_calls?}}: a tool-call turn as an assistant
 * message with its tool calls, each tool result as a {@code tool} message.
 */
final class Messages {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Messages() {}

  /** The messages, after a system prompt given apart (Anthropic's {@code system} parameter). */
  static ArrayNode input(JsonNode messages, JsonNode system) {
    ArrayNode out = F.arrayNode();
    if (system != null && !system.isNull()) {
      out.addObject().put("role", "system").put("content", Text.of(system).text);
    }
    for (JsonNode m : messages) {
      if (m.isObject()) {
        message(m, out);
      } else if (m.isTextual()) {
        out.addObject().put("role", "user").put("content", m.asText());
      }
    }
    return out;
  }

  /**
   * Messages from the flattened prompt alone ({@code "system: ...\nuser: ..."}), for a client
   * that sent no structured ones: one user message holding the text as sent.
   */
  static ArrayNode fromPrompt(String prompt) {
    ArrayNode out = F.arrayNode();
    if (prompt != null && !prompt.isEmpty()) {
      out.addObject().put("role", "user").put("content", prompt);
    }
    return out;
  }

  /** Tool calls in OpenAI's shape ({@code function.name}) or flat ({@code name, arguments|input}). */
  static ArrayNode toolCalls(JsonNode calls) {
    ArrayNode out = F.arrayNode();
    if (calls != null && calls.isArray()) {
      for (JsonNode c : calls) {
        if (c.isObject()) {
          JsonNode fn = c.path("function").isObject() ? c.get("function") : c;
          JsonNode args = fn.has("arguments") ? fn.get("arguments") : fn.get("input");
          out.add(toolCall(SpanData.text(c.get("id")), SpanData.text(fn.get("name")), args));
        }
      }
    }
    return out;
  }

  private static void message(JsonNode m, ArrayNode out) {
    String role = SpanData.text(m.get("role"));
    if ("model".equals(role)) {
      role = "assistant";
    }
    JsonNode content = m.has("content") ? m.get("content") : m.get("parts");
    Text text = Text.of(content);
    ArrayNode calls = toolCalls(m.get("tool_calls"));
    calls.addAll(text.toolCalls);
    JsonNode legacy = m.get("function_call");
    if (legacy != null && legacy.isObject()) {
      calls.add(toolCall(null, SpanData.text(legacy.get("name")), legacy.get("arguments")));
    }
    // Anthropic and Gemini put tool results inside a user turn; Nora shows each as its own message.
    for (ObjectNode result : text.toolResults) {
      out.add(result);
    }
    if (text.text == null && calls.isEmpty() && !text.toolResults.isEmpty()) {
      return;
    }
    ObjectNode msg = out.addObject();
    msg.put("role", role == null ? "user" : role);
    msg.put("content", text.text);
    if (m.hasNonNull("name")) {
      msg.put("name", m.get("name").asText());
    }
    if (m.hasNonNull("tool_call_id")) {
      msg.put("tool_call_id", m.get("tool_call_id").asText());
    }
    if (!calls.isEmpty()) {
      msg.set("tool_calls", calls);
    }
  }

  private static ObjectNode toolCall(String id, String name, JsonNode args) {
    ObjectNode call = F.objectNode();
    call.put("id", id);
    call.put("name", name);
    call.put("arguments", args == null || args.isNull() ? null
        : args.isTextual() ? args.asText() : args.toString());
    return call;
  }

  /** A message's content: its text, and the tool calls and results among its parts. */
  private static final class Text {
    String text;
    final ArrayNode toolCalls = F.arrayNode();
    final List<ObjectNode> toolResults = new ArrayList<>();

    static Text of(JsonNode content) {
      Text t = new Text();
      if (content == null || content.isNull()) {
        return t;
      }
      if (!content.isArray()) {
        t.text = content.isTextual() ? content.asText() : content.toString();
        return t;
      }
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        String piece = t.part(part);
        if (piece != null) {
          sb.append(sb.length() == 0 ? "" : "\n").append(piece);
        }
      }
      t.text = sb.length() == 0 ? null : sb.toString();
      return t;
    }

    /** The text of one part, or null when it is a tool call or result (kept apart). */
    private String part(JsonNode part) {
      if (part.isTextual()) {
        return part.asText();
      }
      String type = SpanData.text(part.get("type"));
      if (part.has("text") && (type == null || "text".equals(type) || "input_text".equals(type))) {
        return SpanData.text(part.get("text"));
      }
      if ("tool_use".equals(type)) {
        toolCalls.add(toolCall(SpanData.text(part.get("id")), SpanData.text(part.get("name")),
            part.get("input")));
        return null;
      }
      if ("tool_result".equals(type)) {
        toolResults.add(result(SpanData.text(part.get("tool_use_id")), null, part.get("content")));
        return null;
      }
      if (part.path("functionCall").isObject()) {
        JsonNode fc = part.get("functionCall");
        toolCalls.add(toolCall(SpanData.text(fc.get("id")), SpanData.text(fc.get("name")), fc.get("args")));
        return null;
      }
      if (part.path("functionResponse").isObject()) {
        JsonNode fr = part.get("functionResponse");
        toolResults.add(result(SpanData.text(fr.get("id")), SpanData.text(fr.get("name")), fr.get("response")));
        return null;
      }
      return "[" + (type == null ? "part" : type) + "]";
    }

    private static ObjectNode result(String callId, String name, JsonNode content) {
      ObjectNode msg = F.objectNode();
      msg.put("role", "tool");
      msg.put("content", of(content).text);
      if (name != null) {
        msg.put("name", name);
      }
      msg.put("tool_call_id", callId);
      return msg;
    }
  }
}
