package ai.nora.server.ingest.original;

import ai.nora.server.ApiException;
import ai.nora.server.Micros;
import ai.nora.server.SpanType;
import ai.nora.server.Status;
import ai.nora.server.ingest.InvalidItem;
import ai.nora.server.ingest.Limits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One {@code span_data} of the original Nora client read into a span item of Nora's protocol:
 * a {@code generation} with its structured messages, parameters, tool definitions, tool calls,
 * finish reason and usage wherever the client put them, or a {@code tool} span for a tool run.
 * See {@code shared/notes/original-client.md} for what the client sends.
 */
final class SpanData {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** Metadata keys read into the item's own fields; every other key is kept as metadata. */
  private static final Set<String> READ_METADATA = Set.of("request", "response", "usage",
      "input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens",
      "stop_reason", "tool_name", "tool_call_id", "arguments", "result", "is_tool_execution");
  private static final Set<String> NOT_PARAMETERS = Set.of("tools", "messages", "system", "contents");

  private SpanData() {}

  /** Whether the client recorded a tool run rather than an LLM call. */
  static boolean isTool(JsonNode data) {
    return "tool_execution".equals(text(data.get("provider")))
        || data.path("metadata").path("is_tool_execution").asBoolean(false);
  }

  /** The client's own id of the call, or null when it sent none. */
  static String id(JsonNode data) {
    JsonNode id = data.get("id");
    return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
  }

  /** The client's id of the trace group the call ran in, or null outside any group. */
  static String groupId(JsonNode data) {
    JsonNode id = data.path("metadata").path("trace_group").get("id");
    return id != null && id.isValueNode() && !id.isNull() && !id.asText().isBlank() ? id.asText() : null;
  }

  /** The span name the client gives an execution: {@code provider_model}, or {@code tool_execution_name}. */
  static String name(JsonNode data) {
    if (isTool(data)) {
      String tool = toolName(data);
      return "tool_execution" + (tool == null ? "" : "_" + tool);
    }
    String provider = text(data.get("provider"));
    String model = text(data.get("model"));
    if (provider == null && model == null) {
      return "llm_call";
    }
    return provider == null ? model : model == null ? provider : provider + "_" + model;
  }

  /**
   * A time of the span, in microseconds: epoch seconds (as the client sends) or ISO-8601.
   *
   * @throws ApiException 400 naming {@code where} when it is neither, or not plausible
   */
  static long time(JsonNode data, String field, long fallbackUs, long nowUs, String where) {
    JsonNode v = data.get(field);
    if (v == null || v.isNull()) {
      return fallbackUs;
    }
    Long us = null;
    if (v.isNumber() && Double.isFinite(v.asDouble())) {
      double micros = v.asDouble() * 1_000_000.0;
      us = Math.abs(micros) < 9.2e18 ? Math.round(micros) : null;
    } else if (v.isTextual()) {
      us = Micros.parseIso(v.asText());
    }
    if (us == null) {
      throw ApiException.badRequest(where + field + ": expected epoch seconds or an ISO-8601 time");
    }
    if (!Micros.plausible(us, nowUs)) {
      throw ApiException.badRequest(where + field + ": not a plausible time");
    }
    return us;
  }

  /** The span item; {@code data} is already bounded by the server's limits. */
  static ObjectNode item(String id, String traceId, String name, JsonNode data, long startUs,
      long endUs) {
    ObjectNode item = F.objectNode();
    item.put("id", id);
    item.put("trace_id", traceId);
    item.putNull("parent_id");
    item.put("name", name);
    item.put("start_time", Micros.iso(startUs));
    item.put("end_time", Micros.iso(endUs));
    JsonNode error = data.get("error");
    boolean failed = error != null && !error.isNull() && !(error.isTextual() && error.asText().isEmpty());
    item.put("status", (failed ? Status.ERROR : Status.SUCCESS).wire());
    if (failed) {
      item.set("error", error.isObject() ? error
          : F.objectNode().put("type", "error").put("message", error.asText()));
    }
    if (isTool(data)) {
      tool(item, data);
    } else {
      generation(item, data);
    }
    ObjectNode extra = extra(data);
    if (extra.size() > 0) {
      item.set("metadata", extra);
    }
    return item;
  }

  private static void tool(ObjectNode item, JsonNode data) {
    JsonNode meta = data.path("metadata");
    item.put("type", SpanType.TOOL.wire());
    item.put("tool_name", toolName(data));
    item.put("tool_call_id", text(meta.get("tool_call_id")));
    item.set("arguments", meta.has("arguments") ? meta.get("arguments") : F.nullNode());
    JsonNode result = meta.has("result") ? meta.get("result") : data.get("response");
    item.set("result", result == null ? F.nullNode() : result);
  }

  private static void generation(ObjectNode item, JsonNode data) {
    JsonNode meta = data.path("metadata");
    JsonNode request = meta.path("request");
    JsonNode response = meta.path("response");
    JsonNode params = request.path("parameters");
    item.put("type", SpanType.GENERATION.wire());
    item.put("provider", text(data.get("provider")));
    // The client sends the model asked for; no other model is known.
    item.put("model", text(data.get("model")));
    item.put("request_model", text(data.get("model")));
    item.put("operation", "chat");
    if (params.isObject()) {
      ObjectNode parameters = item.putObject("parameters");
      params.fields().forEachRemaining(e -> {
        if (!NOT_PARAMETERS.contains(e.getKey())) {
          parameters.set(e.getKey(), e.getValue());
        }
      });
      if (params.path("tools").isArray()) {
        item.set("tools", params.get("tools"));
      }
      if (params.path("stream").isBoolean()) {
        item.put("stream", params.get("stream").asBoolean());
      }
    }
    JsonNode messages = request.get("messages");
    item.set("input", messages != null && messages.isArray()
        ? Messages.input(messages, params.get("system"))
        : Messages.fromPrompt(text(data.get("prompt"))));
    ArrayNode toolCalls = Messages.toolCalls(
        data.path("tool_calls").isArray() ? data.get("tool_calls") : response.get("tool_calls"));
    item.set("tool_calls", toolCalls);
    String answer = text(data.get("response"));
    ArrayNode output = item.putArray("output");
    if ((answer != null && !answer.isEmpty()) || toolCalls.size() > 0) {
      ObjectNode m = output.addObject().put("role", "assistant");
      m.put("content", answer == null || answer.isEmpty() ? null : answer);
      if (toolCalls.size() > 0) {
        m.set("tool_calls", toolCalls);
      }
    }
    item.put("finish_reason", firstText(data.get("finish_reason"), data.get("stop_reason"),
        response.get("finish_reason"), meta.get("stop_reason"), response.get("stop_reason")));
    item.put("response_id", text(data.get("response_id")));
    item.set("usage", usage(data));
    JsonNode cost = data.get("cost");
    if (cost != null && cost.isNumber() && Double.isFinite(cost.asDouble()) && cost.asDouble() >= 0) {
      item.put("cost", cost.asDouble());
    }
  }

  /**
   * Usage wherever the client put it: {@code metadata.response.usage} (OpenAI chat), the
   * README's {@code metadata.usage}, Anthropic's {@code metadata.input_tokens}, or only
   * {@code tokens_used}. Input counts include cached and cache-creation tokens, as Nora's do.
   */
  static ObjectNode usage(JsonNode data) {
    JsonNode meta = data.path("metadata");
    JsonNode u = meta.path("response").path("usage");
    if (!u.isObject()) {
      u = meta.path("usage");
    }
    Long in = first(count(u.get("prompt_tokens")), count(u.get("input_tokens")),
        count(u.get("prompt_token_count")));
    Long out = first(count(u.get("completion_tokens")), count(u.get("output_tokens")),
        count(u.get("candidates_token_count")));
    Long total = first(count(u.get("total_tokens")), count(u.get("total_token_count")));
    Long cached = first(count(u.get("cached_tokens")),
        count(u.path("prompt_tokens_details").get("cached_tokens")),
        count(u.get("cache_read_input_tokens")), count(u.get("cached_content_token_count")));
    Long cacheCreation = count(u.get("cache_creation_input_tokens"));
    Long reasoning = first(count(u.get("reasoning_tokens")),
        count(u.path("completion_tokens_details").get("reasoning_tokens")),
        count(u.get("thoughts_token_count")));
    boolean anthropicStyle = u.has("cache_read_input_tokens") || u.has("cache_creation_input_tokens");
    if (in == null && out == null) {
      // Anthropic through the original client: the counts sit in metadata itself.
      in = count(meta.get("input_tokens"));
      out = count(meta.get("output_tokens"));
      cached = first(cached, count(meta.get("cache_read_input_tokens")));
      cacheCreation = first(cacheCreation, count(meta.get("cache_creation_input_tokens")));
      anthropicStyle = in != null;
    }
    if (anthropicStyle && in != null) {
      // Anthropic's input count leaves out the cached and cache-creation tokens.
      in = in + (cached == null ? 0 : cached) + (cacheCreation == null ? 0 : cacheCreation);
    }
    if (total == null && (in != null || out != null)) {
      total = (in == null ? 0 : in) + (out == null ? 0 : out);
    }
    Long used = count(data.get("tokens_used"));
    if (total == null && used != null && used > 0) {
      // The client sends 0 when it saw no usage (a stream without include_usage): unknown, not 0.
      total = used;
    }
    ObjectNode usage = F.objectNode();
    put(usage, "input_tokens", in);
    put(usage, "output_tokens", out);
    put(usage, "total_tokens", total);
    put(usage, "cached_tokens", cached);
    put(usage, "cache_creation_tokens", cacheCreation);
    put(usage, "reasoning_tokens", reasoning);
    return usage;
  }

  /** What the client sent that has no field of its own, kept as the span's metadata. */
  private static ObjectNode extra(JsonNode data) {
    ObjectNode extra = F.objectNode();
    JsonNode meta = data.path("metadata");
    for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!READ_METADATA.contains(e.getKey())) {
        extra.set(e.getKey(), e.getValue());
      }
    }
    for (String field : new String[] {"system_fingerprint", "timestamp"}) {
      if (data.hasNonNull(field)) {
        extra.set(field, data.get(field));
      }
    }
    return extra;
  }

  private static String toolName(JsonNode data) {
    String name = text(data.path("metadata").get("tool_name"));
    return name != null ? name : text(data.get("model"));
  }

  /**
   * A token count: a whole number from 0 to {@link Limits#MAX_COUNT}, else null. The client is
   * not refused a call for a count it could not read: the call is kept, its count unknown.
   */
  static Long count(JsonNode v) {
    try {
      return Limits.count(v, "count");
    } catch (InvalidItem unreadable) {
      return null;
    }
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static String firstText(JsonNode... values) {
    for (JsonNode v : values) {
      String t = text(v);
      if (t != null && !t.isEmpty()) {
        return t;
      }
    }
    return null;
  }

  static String text(JsonNode v) {
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static void put(ObjectNode o, String field, Long v) {
    if (v == null) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }
}
