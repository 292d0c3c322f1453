package ai.nora.server.http;

import ai.nora.server.ApiException;
import ai.nora.server.Micros;
import ai.nora.server.Status;
import ai.nora.server.query.QueryService;
import ai.nora.server.storage.TraceQuery;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read routes' query parameters (and the score body) parsed into the services' typed values:
 * every parameter checked, a wrong one answered 400 with its name and what was expected.
 */
final class QueryParams {
  private static final Set<String> STATUSES = Set.copyOf(Status.wires());

  private final Map<String, String> params;

  private QueryParams(Map<String, String> params) {
    this.params = params;
  }

  /** The request's parameters, first value each; empty values count as absent. */
  static QueryParams of(Context ctx) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
      if (!e.getValue().isEmpty() && !e.getValue().get(0).isBlank()) {
        out.put(e.getKey(), e.getValue().get(0));
      }
    }
    return new QueryParams(out);
  }

  /** A parameter's text, or null. */
  String text(String name) {
    return params.get(name);
  }

  /** {@code GET /v1/traces}'s filters, order and page size. */
  TraceQuery traceFilters() {
    String status = params.get("status");
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.badRequest("status: expected pending, success or error");
    }
    String metaKey = params.get("metadata_key");
    String metaValue = params.get("metadata_value");
    if ((metaKey == null) != (metaValue == null)) {
      throw ApiException.badRequest("metadata_key and metadata_value go together");
    }
    Double minLatency = number("min_latency");
    Double minTokens = number("min_tokens");
    Double minCalls = number("min_calls");
    return TraceQuery.builder(limit())
        .name(params.get("name"))
        .environment(params.get("environment"))
        .status(status)
        .sessionId(params.get("session_id"))
        .userId(params.get("user_id"))
        .model(params.get("model"))
        .between(time("from"), time("to"))
        .text(params.get("q"))
        .metadata(metaKey, metaValue)
        .atLeast(new TraceQuery.AtLeast(
            minLatency == null ? null : Math.round(minLatency * 1e6),
            minTokens == null ? null : minTokens.longValue(),
            number("min_cost"),
            minCalls == null ? null : minCalls.longValue()))
        .sort(sort())
        .build();
  }

  /** {@code GET /v1/metrics}'s window. */
  QueryService.MetricsWindow metricsWindow() {
    return new QueryService.MetricsWindow(time("from"), time("to"), params.get("bucket"), params.get("group_by"),
        params.get("environment"));
  }

  /** {@code totals=true}. */
  boolean flag(String name) {
    return "true".equals(params.get(name));
  }

  /** {@code limit}: 1 to {@link QueryService#MAX_LIMIT}, {@link QueryService#DEFAULT_LIMIT} when absent. */
  int limit() {
    String v = params.get("limit");
    if (v == null) {
      return QueryService.DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= QueryService.MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("limit: expected a whole number from 1 to " + QueryService.MAX_LIMIT);
  }

  /** {@code sort} (time, latency, calls, tokens, cost) and {@code order} (desc, asc). */
  private TraceQuery.Sort sort() {
    String key = params.getOrDefault("sort", "time");
    if (!TraceQuery.Sort.KEYS.contains(key)) {
      throw ApiException.badRequest("sort: expected one of " + String.join(", ", TraceQuery.Sort.KEYS));
    }
    String order = params.getOrDefault("order", "desc");
    if (!order.equals("desc") && !order.equals("asc")) {
      throw ApiException.badRequest("order: expected desc or asc");
    }
    return new TraceQuery.Sort(key, order.equals("asc"));
  }

  /** A non-negative number parameter, or null when absent. */
  private Double number(String name) {
    String v = params.get(name);
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(name + ": expected a number of zero or more, got '" + v + "'");
  }

  /** An ISO-8601 time parameter in microseconds, or null when absent. */
  private Long time(String name) {
    String v = params.get(name);
    if (v == null) {
      return null;
    }
    try {
      return Micros.of(Instant.parse(v));
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + ": not an ISO-8601 time, such as 2026-11-21T09:00:00Z");
    }
  }

  /** {@code POST /v1/scores}'s body. */
  static QueryService.NewScore score(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("body: expected a JSON object");
    }
    String traceId = requiredText(body, "trace_id");
    String name = requiredText(body, "name");
    JsonNode value = body.get("value");
    Double number = null;
    String category = null;
    if (value == null || value.isNull()) {
      throw ApiException.badRequest("value: required (a number, true/false, or a category)");
    } else if (value.isNumber()) {
      number = value.asDouble();
      if (!Double.isFinite(number)) {
        throw ApiException.badRequest("value: not a finite number");
      }
    } else if (value.isBoolean()) {
      number = value.asBoolean() ? 1.0 : 0.0;
    } else if (value.isTextual()) {
      category = value.asText();
    } else {
      throw ApiException.badRequest("value: expected a number, true/false, or a category");
    }
    return new QueryService.NewScore(traceId, optionalText(body, "span_id"), name, number, category,
        optionalText(body, "comment"), optionalText(body, "source"));
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw ApiException.badRequest(field + ": required");
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badRequest(field + ": expected a non-empty string");
    }
    return v.asText();
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest(field + ": expected a string");
    }
    return v.asText();
  }
}
