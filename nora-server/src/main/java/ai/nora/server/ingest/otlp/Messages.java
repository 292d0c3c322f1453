package ai.nora.server.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Conversations in the shapes instrumentations send them, as Nora's messages ({@code {role,
 * content, tool_call_id?, tool_calls?: [{id, name, arguments}]}}): the GenAI parts format, chat
 * messages (OpenAI's shape, which most libraries copy), a request or response holding them, or
 * plain text.
 */
final class Messages {
  private Messages() {}

  /**
   * The messages a value holds, or null when it holds none.
   *
   * @param defaultRole the role of a bare text (user for input, assistant for output)
   */
  static ArrayNode from(JsonNode v, String defaultRole) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isTextual()) {
      ArrayNode out = Attrs.F.arrayNode();
      out.addObject().put("role", defaultRole).put("content", v.asText());
      return out;
    }
    if (v.isObject()) {
      for (String key : new String[] {"messages", "choices", "candidates", "contents"}) {
        if (v.path(key).isArray()) {
          return from(v.get(key), defaultRole);
        }
      }
      if (v.has("message") && v.get("message").isObject()) {
        return one(v, defaultRole);
      }
      if (v.has("role") || v.has("content") || v.has("parts")) {
        return one(v, defaultRole);
      }
      return null;
    }
    if (v.isArray()) {
      ArrayNode out = Attrs.F.arrayNode();
      for (JsonNode m : v) {
        ArrayNode one = m.isObject() ? one(m, defaultRole) : null;
        if (one == null) {
          return null;
        }
        out.addAll(one);
      }
      return out;
    }
    return null;
  }

  private static ArrayNode one(JsonNode m, String defaultRole) {
    JsonNode inner = m.has("message") && m.get("message").isObject() ? m.get("message") : m;
    if (!inner.has("role") && !inner.has("content") && !inner.has("parts") && !inner.has("tool_calls")) {
      return null;
    }
    ObjectNode out = Attrs.F.objectNode();
    String role = inner.path("role").asText(defaultRole);
    out.put("role", "model".equals(role) ? "assistant" : role);
    StringBuilder text = new StringBuilder();
    ArrayNode calls = Attrs.F.arrayNode();
    JsonNode parts = inner.has("parts") ? inner.get("parts") : inner.get("content");
    boolean anyText = parts != null && !parts.isNull() && !parts.isArray();
    if (parts != null && parts.isArray()) {
      for (JsonNode p : parts) {
        anyText |= carriesText(p);
        String toolCallId = part(p, text, calls);
        if (toolCallId != null) {
          out.put("role", "tool");
          out.put("tool_call_id", toolCallId);
        }
      }
    } else if (parts != null && !parts.isNull()) {
      text.append(parts.isTextual() ? parts.asText() : parts.toString());
    }
    for (JsonNode c : inner.path("tool_calls")) {
      JsonNode fn = c.has("function") ? c.get("function") : c;
      calls.addObject().put("id", c.path("id").asText(null)).put("name", fn.path("name").asText(null))
          .put("arguments", argText(fn.get("arguments")));
    }
    out.put("content", text.length() == 0 && !anyText ? null : text.toString());
    if (inner.hasNonNull("name") && inner.get("name").isTextual()) {
      out.put("name", inner.get("name").asText());
    }
    if (inner.hasNonNull("tool_call_id")) {
      out.put("tool_call_id", inner.get("tool_call_id").asText());
    } else if ("tool".equals(out.path("role").asText()) && inner.hasNonNull("id")) {
      out.put("tool_call_id", inner.get("id").asText());
    }
    if (!calls.isEmpty()) {
      out.set("tool_calls", calls);
    }
    String finish = m.path("finish_reason").asText(inner.path("finish_reason").asText(null));
    if (finish != null) {
      out.put("finish_reason", finish);
    }
    ArrayNode list = Attrs.F.arrayNode();
    list.add(out);
    return list;
  }

  /** Whether a part is content (text, a tool's answer), even empty, rather than a tool call. */
  private static boolean carriesText(JsonNode p) {
    String type = p.path("type").asText("");
    switch (type) {
      case "tool_call":
      case "tool_use":
      case "function_call":
        return false;
      case "tool_call_response":
      case "tool_result":
        return Attrs.first(p.get("response"), p.get("result"), p.get("content")) != null
            && !Attrs.first(p.get("response"), p.get("result"), p.get("content")).isNull();
      default:
        return true;
    }
  }

  /** Adds a content part; returns the tool call id when the part answers a tool call. */
  private static String part(JsonNode p, StringBuilder text, ArrayNode calls) {
    if (p.isTextual()) {
      append(text, p.asText());
      return null;
    }
    String type = p.path("type").asText("");
    switch (type) {
      case "text":
      case "input_text":
      case "output_text":
      case "thinking":
      case "reasoning":
        append(text, p.has("content") ? p.get("content").asText() : p.path("text").asText());
        return null;
      case "tool_call":
      case "tool_use":
      case "function_call":
        calls.addObject().put("id", p.path("id").asText(null)).put("name", p.path("name").asText(null))
            .put("arguments", argText(Attrs.first(p.get("arguments"), p.get("input"))));
        return null;
      case "tool_call_response":
      case "tool_result":
        JsonNode r = Attrs.first(p.get("response"), p.get("result"), p.get("content"));
        append(text, r == null ? "" : r.isTextual() ? r.asText() : r.toString());
        return Attrs.first(p.path("id").asText(null), p.path("tool_use_id").asText(null));
      default:
        if (p.has("text")) {
          append(text, p.get("text").asText());
        } else if (!type.isEmpty()) {
          append(text, "[" + type + "]");
        }
        return null;
    }
  }

  private static void append(StringBuilder text, String s) {
    if (text.length() > 0) {
      text.append('\n');
    }
    text.append(s);
  }

  static String argText(JsonNode args) {
    return args == null || args.isNull() ? null : args.isTextual() ? args.asText() : args.toString();
  }

  /** The tool calls of assistant messages, in order. */
  static ArrayNode toolCalls(ArrayNode messages) {
    ArrayNode calls = Attrs.F.arrayNode();
    if (messages != null) {
      for (JsonNode m : messages) {
        if (m.path("tool_calls").isArray()) {
          calls.addAll((ArrayNode) m.get("tool_calls"));
        }
      }
    }
    return calls;
  }

  /** The first finish reason a message carries (and removes them: not a message field). */
  static String finishReason(ArrayNode messages) {
    String reason = null;
    if (messages != null) {
      for (JsonNode m : messages) {
        if (m.has("finish_reason")) {
          reason = reason == null ? m.get("finish_reason").asText() : reason;
          ((ObjectNode) m).remove("finish_reason");
        }
      }
    }
    return reason;
  }
}
