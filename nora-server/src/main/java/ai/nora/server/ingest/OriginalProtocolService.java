package ai.nora.server.ingest;

import ai.nora.cost.PriceTable;
import ai.nora.server.ApiException;
import ai.nora.server.storage.SpanRecord;
import ai.nora.server.storage.Store;
import ai.nora.server.storage.TracePatch;
import ai.nora.server.storage.TraceRecord;
import ai.nora.server.storage.TraceRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The original Nora protocol, as its README shows it, so that existing Nora clients work
 * unchanged: a trace is created pending ({@code POST /v1/traces/}), each LLM call is posted as an
 * execution ({@code POST /v1/executions/}), and the trace is closed with a PATCH.
 */
public final class OriginalProtocolService {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> STATUSES = Set.of("pending", "success", "error");

  private final Store store;
  private final SpanItems spanItems;

  public OriginalProtocolService(Store store, PriceTable prices) {
    this.store = store;
    this.spanItems = new SpanItems(prices);
  }

  /** {@code POST /v1/traces/}: a new pending trace; returns it as stored. */
  public TraceRow createTrace(String projectId, JsonNode body) {
    requireObject(body);
    String name = text(body, "trace_name", true);
    JsonNode metadata = body.get("metadata");
    if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
      throw ApiException.badRequest("metadata: expected an object");
    }
    String environment = text(body, "environment", false);
    String id = UUID.randomUUID().toString();
    long now = Times.nowUs();
    String userId = metadata == null ? null : textOrNull(metadata.get("user_id"));
    String sessionId = metadata == null ? null : textOrNull(metadata.get("session_id"));
    store.write(projectId,
        List.of(new TraceRecord(id, Limits.cut(name, Limits.MAX_NAME_CHARS), "pending", now, null,
            environment == null ? "default" : environment, sessionId, userId,
            json(metadata), json(body.get("input")), null, null, null, false)),
        List.of());
    return store.trace(projectId, id).orElseThrow();
  }

  /** {@code POST /v1/executions/}: one LLM call of a trace; answers in the original shape. */
  public ObjectNode createExecution(String projectId, JsonNode body) {
    requireObject(body);
    String traceId = text(body, "trace_id", true);
    String spanName = text(body, "span_name", true);
    JsonNode data = body.get("span_data");
    if (data == null || !data.isObject()) {
      throw ApiException.badRequest("span_data: required, an object");
    }
    if (store.trace(projectId, traceId).isEmpty()) {
      throw ApiException.notFound("trace_id: trace '" + traceId + "' not found");
    }
    long now = Times.nowUs();
    long start = seconds(data, "start_time", now);
    long end = seconds(data, "end_time", start);
    if (end < start) {
      throw ApiException.badRequest("span_data.end_time: before start_time");
    }
    String id = UUID.randomUUID().toString();
    ObjectNode item = spanItem(id, traceId, Limits.cut(spanName, Limits.MAX_NAME_CHARS),
        (ObjectNode) Limits.bound(data), start, end);
    SpanRecord record = spanItems.record(item, start, end);
    store.write(projectId, List.of(), List.of(record));
    ObjectNode out = F.objectNode();
    out.put("id", id);
    out.put("trace_id", traceId);
    out.put("span_name", spanName);
    out.set("span_data", data);
    out.put("created_at", Times.iso(now));
    return out;
  }

  /** {@code PATCH /v1/traces/{id}}: sets any of output, latency, tokens, cost, status, error. */
  public TraceRow patchTrace(String projectId, String traceId, JsonNode body) {
    requireObject(body);
    JsonNode latency = body.get("latency");
    if (latency != null && !latency.isNull() && !latency.isNumber()) {
      throw ApiException.badRequest("latency: expected a number of seconds");
    }
    JsonNode tokens = body.get("tokens");
    if (tokens != null && !tokens.isNull() && !tokens.isObject()) {
      throw ApiException.badRequest("tokens: expected an object such as {\"total_tokens\": 150}");
    }
    JsonNode cost = body.get("cost");
    if (cost != null && !cost.isNull() && (!cost.isNumber() || cost.asDouble() < 0)) {
      throw ApiException.badRequest("cost: expected a number >= 0");
    }
    String status = text(body, "status", false);
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.badRequest("status: expected pending, success or error");
    }
    JsonNode error = body.get("error");
    String errorJson = null;
    if (error != null && !error.isNull()) {
      errorJson = error.isTextual()
          ? F.objectNode().put("type", "error").put("message", error.asText()).toString()
          : json(error);
    }
    long now = Times.nowUs();
    TracePatch patch = new TracePatch(json(body.get("output")),
        latency == null || latency.isNull() ? null : latency.asDouble(),
        json(tokens), cost == null || cost.isNull() ? null : cost.asDouble(), status, errorJson,
        status != null && !"pending".equals(status) ? Long.valueOf(now) : null);
    if (!store.patchTrace(projectId, traceId, patch, now)) {
      throw ApiException.notFound("trace '" + traceId + "' not found");
    }
    return store.trace(projectId, traceId).orElseThrow();
  }

  /** The original execution's {@code span_data} as a span item of Nora's protocol. */
  private static ObjectNode spanItem(String id, String traceId, String name, ObjectNode data,
      long start, long end) {
    ObjectNode item = F.objectNode();
    item.put("id", id);
    item.put("trace_id", traceId);
    item.putNull("parent_id");
    boolean generation = data.hasNonNull("provider") || data.hasNonNull("model");
    item.put("type", generation ? "generation" : "custom");
    item.put("name", name);
    boolean failed = data.hasNonNull("error");
    item.put("status", failed ? "error" : "success");
    item.put("start_time", Times.iso(start));
    item.put("end_time", Times.iso(end));
    if (failed) {
      JsonNode e = data.get("error");
      item.set("error", e.isObject() ? e : F.objectNode().put("type", "error").put("message", e.asText()));
    }
    if (generation) {
      item.put("provider", textOrNull(data.get("provider")));
      item.put("model", textOrNull(data.get("model")));
      item.put("operation", "chat");
      ArrayNode input = item.putArray("input");
      if (data.hasNonNull("prompt")) {
        input.addObject().put("role", "user").put("content", data.get("prompt").asText());
      }
      ArrayNode output = item.putArray("output");
      if (data.hasNonNull("response")) {
        output.addObject().put("role", "assistant").put("content", data.get("response").asText());
      }
      item.set("tool_calls", toolCalls(data.get("tool_calls")));
      item.put("finish_reason", textOrNull(data.get("finish_reason")));
      item.put("response_id", textOrNull(data.get("response_id")));
      item.set("usage", usage(data));
      if (data.path("cost").isNumber()) {
        item.put("cost", data.get("cost").asDouble());
      }
    } else {
      item.set("data", data);
    }
    item.set("span_data", data);
    return item;
  }

  private static ArrayNode toolCalls(JsonNode calls) {
    ArrayNode out = F.arrayNode();
    if (calls != null && calls.isArray()) {
      for (JsonNode c : calls) {
        JsonNode fn = c.path("function");
        ObjectNode call = out.addObject();
        call.put("id", textOrNull(c.get("id")));
        call.put("name", fn.isObject() ? textOrNull(fn.get("name")) : textOrNull(c.get("name")));
        JsonNode args = fn.isObject() ? fn.get("arguments") : c.get("arguments");
        call.put("arguments", args == null || args.isNull() ? null
            : args.isTextual() ? args.asText() : args.toString());
      }
    }
    return out;
  }

  private static ObjectNode usage(JsonNode data) {
    JsonNode u = data.path("metadata").path("usage");
    ObjectNode usage = F.objectNode();
    Long in = longOrNull(u.get("prompt_tokens"));
    Long out = longOrNull(u.get("completion_tokens"));
    Long total = longOrNull(u.get("total_tokens"));
    if (total == null) {
      total = longOrNull(data.get("tokens_used"));
    }
    putLong(usage, "input_tokens", in);
    putLong(usage, "output_tokens", out);
    putLong(usage, "total_tokens", total);
    putLong(usage, "cached_tokens", longOrNull(u.path("prompt_tokens_details").get("cached_tokens")));
    putLong(usage, "reasoning_tokens",
        longOrNull(u.path("completion_tokens_details").get("reasoning_tokens")));
    return usage;
  }

  private static long seconds(JsonNode data, String field, long fallbackUs) {
    JsonNode v = data.get(field);
    if (v == null || v.isNull()) {
      return fallbackUs;
    }
    long us;
    if (v.isNumber()) {
      us = Math.round(v.asDouble() * 1_000_000.0);
    } else if (v.isTextual() && Times.parseIso(v.asText()) != null) {
      us = Times.parseIso(v.asText());
    } else {
      throw ApiException.badRequest("span_data." + field + ": expected epoch seconds or an ISO-8601 time");
    }
    if (!Times.plausible(us, Times.nowUs())) {
      throw ApiException.badRequest("span_data." + field + ": not a plausible time");
    }
    return us;
  }

  private static void requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("body: expected a JSON object");
    }
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiException.badRequest(field + ": required");
      }
      return null;
    }
    if (!v.isTextual() || (required && v.asText().isBlank())) {
      throw ApiException.badRequest(field + ": expected a " + (required ? "non-empty " : "") + "string");
    }
    return v.asText();
  }

  private static String textOrNull(JsonNode v) {
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Long longOrNull(JsonNode v) {
    return v != null && v.isNumber() ? v.asLong() : null;
  }

  private static void putLong(ObjectNode o, String field, Long v) {
    if (v == null) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }

  private static String json(JsonNode node) {
    return node == null || node.isNull() ? null : Limits.bound(node).toString();
  }
}
