package ai.nora.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps an OTLP span onto a span item of Nora's protocol, reading the OpenTelemetry GenAI
 * semantic conventions: {@code gen_ai.operation.name} decides the type (chat, text_completion,
 * generate_content: generation; embeddings; execute_tool: tool; invoke_agent, create_agent:
 * agent), {@code gen_ai.provider.name} or the older {@code gen_ai.system} the provider, {@code
 * gen_ai.usage.*} the usage, {@code gen_ai.input.messages} / {@code gen_ai.output.messages} /
 * {@code gen_ai.system_instructions} the conversation. Any other span is kept as a custom span
 * with its attributes.
 */
final class OtlpMapper {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> GENERATION_OPS =
      Set.of("chat", "text_completion", "generate_content");
  private static final String REQ = "gen_ai.request.";

  private OtlpMapper() {}

  static ObjectNode item(OtlpSpan s) {
    Map<String, Object> a = s.attributes();
    String op = str(a, "gen_ai.operation.name");
    String provider = first(str(a, "gen_ai.provider.name"), str(a, "gen_ai.system"));
    String requestModel = str(a, "gen_ai.request.model");
    String model = first(str(a, "gen_ai.response.model"), requestModel);
    String type = type(op, provider, model);
    ObjectNode item = F.objectNode();
    item.put("id", s.spanId());
    item.put("trace_id", s.traceId());
    item.put("parent_id", s.parentSpanId().isEmpty() ? null : s.parentSpanId());
    item.put("type", type);
    item.put("name", s.name().isEmpty() ? (op == null ? "span" : op) : s.name());
    boolean failed = s.statusCode() == 2;
    item.put("status", failed ? "error" : "success");
    if (failed) {
      item.set("error", error(s));
    }
    switch (type) {
      case "generation":
        generation(item, a, op, provider, model, requestModel);
        break;
      case "embedding":
        item.put("provider", provider == null ? "unknown" : provider);
        item.put("model", model == null ? "unknown" : model);
        item.put("operation", "embeddings");
        item.set("usage", usage(a));
        break;
      case "tool":
        item.put("tool_name", first(str(a, "gen_ai.tool.name"), s.name()));
        item.put("tool_call_id", str(a, "gen_ai.tool.call.id"));
        item.set("arguments", jsonValue(a.get("gen_ai.tool.call.arguments")));
        item.set("result", jsonValue(a.get("gen_ai.tool.call.result")));
        break;
      case "agent":
        item.put("agent_name", first(str(a, "gen_ai.agent.name"), s.name()));
        break;
      default:
        break;
    }
    ObjectNode data = item.putObject("attributes");
    a.forEach((k, v) -> data.set(k, JSON.valueToTree(v)));
    item.put("otel_scope", s.scope());
    item.put("otel_kind", s.kind());
    return item;
  }

  private static String type(String op, String provider, String model) {
    if (op == null) {
      return provider != null && model != null ? "generation" : "custom";
    }
    if (GENERATION_OPS.contains(op)) {
      return "generation";
    }
    switch (op) {
      case "embeddings":
        return "embedding";
      case "execute_tool":
        return "tool";
      case "invoke_agent":
      case "create_agent":
        return "agent";
      default:
        return "custom";
    }
  }

  private static void generation(ObjectNode item, Map<String, Object> a, String op,
      String provider, String model, String requestModel) {
    item.put("provider", provider == null ? "unknown" : provider);
    item.put("model", model == null ? "unknown" : model);
    item.put("request_model", requestModel);
    item.put("operation", op == null ? "chat" : op);
    ObjectNode params = item.putObject("parameters");
    a.forEach((k, v) -> {
      if (k.startsWith(REQ) && !k.equals("gen_ai.request.model")) {
        params.set(k.substring(REQ.length()), JSON.valueToTree(v));
      }
    });
    ArrayNode input = item.putArray("input");
    JsonNode system = parsed(a.get("gen_ai.system_instructions"));
    if (system != null) {
      input.addObject().put("role", "system").put("content", text(system));
    }
    messages(parsed(a.get("gen_ai.input.messages")), input, null);
    legacyMessages(a, "gen_ai.prompt.", input);
    ArrayNode output = item.putArray("output");
    ArrayNode toolCalls = F.arrayNode();
    messages(parsed(a.get("gen_ai.output.messages")), output, toolCalls);
    legacyMessages(a, "gen_ai.completion.", output);
    item.set("tool_calls", toolCalls);
    Object reasons = a.get("gen_ai.response.finish_reasons");
    if (reasons instanceof List && !((List<?>) reasons).isEmpty()) {
      item.put("finish_reason", String.valueOf(((List<?>) reasons).get(0)));
    } else if (reasons != null) {
      item.put("finish_reason", String.valueOf(reasons));
    }
    item.put("response_id", str(a, "gen_ai.response.id"));
    item.set("usage", usage(a));
    Object ttft = a.get("gen_ai.response.time_to_first_chunk");
    if (ttft instanceof Number) {
      item.put("time_to_first_token", ((Number) ttft).doubleValue());
    }
    item.put("stream", Boolean.TRUE.equals(a.get("gen_ai.request.stream")));
  }

  /** GenAI semconv messages: {role, parts: [{type: text|tool_call|tool_call_response, ...}]}. */
  private static void messages(JsonNode list, ArrayNode out, ArrayNode toolCalls) {
    if (list == null || !list.isArray()) {
      return;
    }
    for (JsonNode m : list) {
      String role = m.path("role").asText("user");
      StringBuilder text = new StringBuilder();
      ArrayNode calls = F.arrayNode();
      String toolCallId = null;
      for (JsonNode p : m.path("parts")) {
        String type = p.path("type").asText();
        if ("text".equals(type)) {
          if (text.length() > 0) {
            text.append('\n');
          }
          text.append(p.path("content").asText());
        } else if ("tool_call".equals(type)) {
          ObjectNode c = calls.addObject();
          c.put("id", p.path("id").asText(null));
          c.put("name", p.path("name").asText(null));
          JsonNode args = p.get("arguments");
          c.put("arguments", args == null ? null : args.isTextual() ? args.asText() : args.toString());
        } else if ("tool_call_response".equals(type)) {
          role = "tool";
          toolCallId = p.path("id").asText(null);
          JsonNode r = p.get("response");
          text.append(r == null ? "" : r.isTextual() ? r.asText() : r.toString());
        } else if (p.has("content")) {
          text.append('[').append(type).append(']');
        }
      }
      if (m.has("content") && text.length() == 0) {
        text.append(text(m.get("content")));
      }
      ObjectNode msg = out.addObject();
      msg.put("role", role);
      msg.put("content", text.length() == 0 ? null : text.toString());
      if (toolCallId != null) {
        msg.put("tool_call_id", toolCallId);
      }
      if (!calls.isEmpty()) {
        msg.set("tool_calls", calls);
        if (toolCalls != null) {
          toolCalls.addAll(calls);
        }
      }
    }
  }

  /** The older flattened form: gen_ai.prompt.0.role, gen_ai.prompt.0.content, ... */
  private static void legacyMessages(Map<String, Object> a, String prefix, ArrayNode out) {
    for (int i = 0; i < 1000; i++) {
      Object content = a.get(prefix + i + ".content");
      Object role = a.get(prefix + i + ".role");
      if (content == null && role == null) {
        return;
      }
      out.addObject().put("role", role == null ? "user" : role.toString())
          .put("content", content == null ? null : content.toString());
    }
  }

  private static ObjectNode usage(Map<String, Object> a) {
    ObjectNode u = F.objectNode();
    putLong(u, "input_tokens", first(num(a, "gen_ai.usage.input_tokens"), num(a, "gen_ai.usage.prompt_tokens")));
    putLong(u, "output_tokens", first(num(a, "gen_ai.usage.output_tokens"), num(a, "gen_ai.usage.completion_tokens")));
    putLong(u, "total_tokens", num(a, "gen_ai.usage.total_tokens"));
    putLong(u, "cached_tokens", num(a, "gen_ai.usage.cache_read.input_tokens"));
    putLong(u, "cache_creation_tokens", num(a, "gen_ai.usage.cache_creation.input_tokens"));
    putLong(u, "reasoning_tokens", num(a, "gen_ai.usage.reasoning.output_tokens"));
    return u;
  }

  private static ObjectNode error(OtlpSpan s) {
    ObjectNode e = F.objectNode();
    String type = str(s.attributes(), "error.type");
    String message = s.statusMessage().isEmpty() ? null : s.statusMessage();
    for (OtlpSpan.Event ev : s.events()) {
      if ("exception".equals(ev.name())) {
        type = first(type, str(ev.attributes(), "exception.type"));
        message = first(message, str(ev.attributes(), "exception.message"));
      }
    }
    e.put("type", type == null ? "error" : type);
    e.put("message", message);
    return e;
  }

  private static JsonNode parsed(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof String) {
      try {
        return JSON.readTree((String) v);
      } catch (Exception e) {
        return F.textNode((String) v);
      }
    }
    return JSON.valueToTree(v);
  }

  private static JsonNode jsonValue(Object v) {
    JsonNode n = parsed(v);
    return n == null ? F.nullNode() : n;
  }

  private static String text(JsonNode n) {
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode p : n) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(p.has("content") ? p.get("content").asText() : p.isTextual() ? p.asText() : p.toString());
      }
      return sb.toString();
    }
    return n.toString();
  }

  static String str(Map<String, Object> a, String key) {
    Object v = a.get(key);
    return v == null ? null : v.toString();
  }

  private static Long num(Map<String, Object> a, String key) {
    Object v = a.get(key);
    if (v instanceof Number) {
      return ((Number) v).longValue();
    }
    if (v instanceof String) {
      try {
        return Long.parseLong((String) v);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static void putLong(ObjectNode o, String f, Long v) {
    if (v == null) {
      o.putNull(f);
    } else {
      o.put(f, v);
    }
  }

  static <T> T first(T a, T b) {
    return a != null ? a : b;
  }
}
