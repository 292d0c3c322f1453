package ai.nora.server.query;

import ai.nora.server.ApiException;
import ai.nora.server.Micros;
import ai.nora.server.Status;
import ai.nora.server.storage.ScoreRow;
import ai.nora.server.storage.SessionRow;
import ai.nora.server.storage.SpanAddition;
import ai.nora.server.storage.SpanRow;
import ai.nora.server.storage.TraceReader;
import ai.nora.server.storage.TraceWriter;
import ai.nora.server.storage.TraceQuery;
import ai.nora.server.storage.TraceRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The read routes and scores: parameters checked, rows turned into the API's JSON. */
public final class QueryService {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> STATUSES = Set.copyOf(Status.wires());

  private final TraceReader store;
  private final TraceWriter scores;

  /** Reads through {@code reader}; records scores through {@code writer}. */
  public QueryService(TraceReader reader, TraceWriter writer) {
    this.store = reader;
    this.scores = writer;
  }

  /** {@code GET /v1/traces}: newest first, filtered, in keyed pages. */
  public ObjectNode traces(String projectId, Map<String, String> params) {
    TraceQuery.Sort sort = sort(params);
    Cursor cursor = Cursor.decode(params.get("cursor"), sort);
    int limit = limit(params);
    String status = params.get("status");
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.badRequest("status: expected pending, success or error");
    }
    String metaKey = params.get("metadata_key");
    String metaValue = params.get("metadata_value");
    if ((metaKey == null) != (metaValue == null)) {
      throw ApiException.badRequest("metadata_key and metadata_value go together");
    }
    TraceQuery q = new TraceQuery(params.get("name"), params.get("environment"), status,
        params.get("session_id"), params.get("user_id"), params.get("model"),
        time(params, "from"), time(params, "to"), params.get("q"), metaKey, metaValue,
        new TraceQuery.AtLeast(
            number(params, "min_latency") == null ? null : Math.round(number(params, "min_latency") * 1e6),
            number(params, "min_tokens") == null ? null : number(params, "min_tokens").longValue(),
            number(params, "min_cost"),
            number(params, "min_calls") == null ? null : number(params, "min_calls").longValue()),
        cursor == null ? null : cursor.value(), cursor == null ? null : cursor.id(), limit, sort);
    List<TraceRow> rows = store.traces(projectId, q);
    ObjectNode out = F.objectNode();
    ArrayNode data = out.putArray("data");
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      data.add(Views.trace(rows.get(i)));
    }
    if (rows.size() > limit) {
      TraceRow last = rows.get(limit - 1);
      out.put("next_cursor", Cursor.after(sort, last).encode());
    } else {
      out.putNull("next_cursor");
    }
    if ("true".equals(params.get("totals"))) {
      TraceReader.Totals t = store.totals(projectId, q);
      ObjectNode totals = out.putObject("totals");
      totals.put("traces", t.traces());
      totals.put("total_tokens", t.totalTokens());
      if (t.cost() == null) {
        totals.putNull("cost");
      } else {
        totals.put("cost", t.cost());
      }
      totals.put("errors", t.errors());
    }
    return out;
  }

  /** {@code GET /v1/traces/{id}}: the trace with every span and score. */
  public ObjectNode trace(String projectId, String traceId) {
    TraceRow row = store.trace(projectId, traceId)
        .orElseThrow(() -> ApiException.notFound("trace '" + traceId + "' not found"));
    ObjectNode out = Views.trace(row);
    out.set("spans", spans(projectId, traceId));
    ArrayNode scores = out.putArray("scores");
    for (ScoreRow s : store.scores(projectId, traceId)) {
      scores.add(Views.score(s));
    }
    return out;
  }

  /** {@code GET /v1/sessions}: sessions, most recently active first. */
  public ObjectNode sessions(String projectId, Map<String, String> params) {
    int limit = limit(params);
    int offset = 0;
    String cursor = params.get("cursor");
    if (cursor != null && !cursor.isBlank()) {
      try {
        offset = Integer.parseInt(cursor);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("cursor: not a cursor this server gave out");
      }
    }
    List<SessionRow> rows = store.sessions(projectId, params.get("environment"), limit, offset);
    ObjectNode out = F.objectNode();
    ArrayNode data = out.putArray("data");
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      SessionRow s = rows.get(i);
      ObjectNode o = data.addObject();
      o.put("session_id", s.sessionId());
      o.put("user_id", s.userId());
      o.put("traces", s.traces());
      o.put("first_time", Micros.iso(s.firstUs()));
      o.put("last_time", Micros.iso(s.lastUs()));
      o.put("total_tokens", s.totalTokens());
      if (s.cost() == null) {
        o.putNull("cost");
      } else {
        o.put("cost", s.cost());
      }
      o.put("errors", s.errors());
    }
    if (rows.size() > limit) {
      out.put("next_cursor", String.valueOf(offset + limit));
    } else {
      out.putNull("next_cursor");
    }
    return out;
  }

  /** A trace's spans as the API shows them, each with what arrived apart from it (its events). */
  private ArrayNode spans(String projectId, String traceId) {
    Map<String, List<JsonNode>> additions = new HashMap<>();
    for (SpanAddition a : store.spanAdditions(projectId, traceId)) {
      JsonNode body = Views.parse(a.bodyJson());
      if (body != null && body.isObject()) {
        additions.computeIfAbsent(a.spanId(), k -> new ArrayList<>()).add(body);
      }
    }
    ArrayNode spans = F.arrayNode();
    for (SpanRow s : store.spans(projectId, traceId)) {
      ObjectNode span = Views.span(s);
      List<JsonNode> added = additions.get(s.id());
      if (added != null) {
        SpanAddition.apply(span, added);
      }
      spans.add(span);
    }
    return spans;
  }

  /** {@code GET /v1/sessions/{id}}: the session's traces in order, each with its spans. */
  public ObjectNode session(String projectId, String sessionId) {
    TraceQuery q = new TraceQuery(null, null, null, sessionId, null, null, null, null, null, null,
        null, TraceQuery.AtLeast.NONE, null, null, 1000);
    List<TraceRow> rows = store.traces(projectId, q);
    if (rows.isEmpty()) {
      throw ApiException.notFound("session '" + sessionId + "' not found");
    }
    ObjectNode out = F.objectNode();
    out.put("session_id", sessionId);
    ArrayNode traces = out.putArray("traces");
    for (int i = rows.size() - 1; i >= 0; i--) {
      ObjectNode t = Views.trace(rows.get(i));
      t.set("spans", spans(projectId, rows.get(i).id()));
      traces.add(t);
    }
    return out;
  }

  /** A non-negative number parameter, or null when absent. */
  private static Double number(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v);
      if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + ": expected a number of zero or more, got '" + v + "'");
    }
  }

  /** {@code GET /v1/environments}: the environments of the project's traces. */
  public ObjectNode environments(String projectId) {
    ObjectNode out = F.objectNode();
    ArrayNode data = out.putArray("data");
    store.environments(projectId).forEach(data::add);
    return out;
  }

  /** {@code GET /v1/metrics}: calls, tokens, cost, latency and errors over time. */
  public ObjectNode metrics(String projectId, Map<String, String> params) {
    long now = nowUs();
    Long to = time(params, "to");
    Long from = time(params, "from");
    long toUs = to == null ? now : to;
    long fromUs = from == null ? toUs - 24L * 3600 * 1_000_000 : from;
    if (fromUs >= toUs) {
      throw ApiException.badRequest("from: must be before to");
    }
    long bucket = bucket(params.get("bucket"), toUs - fromUs);
    String groupBy = params.get("group_by");
    if (groupBy != null) {
      Metrics.keyOf(groupBy);
    }
    return Metrics.compute(store.callStats(projectId, fromUs, toUs, params.get("environment")),
        fromUs, toUs, bucket, groupBy);
  }

  /** {@code POST /v1/scores}: records a score on a trace or one of its spans. */
  public ObjectNode addScore(String projectId, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("body: expected a JSON object");
    }
    String traceId = requiredText(body, "trace_id");
    String name = requiredText(body, "name");
    JsonNode value = body.get("value");
    Double number = null;
    String text = null;
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
      text = value.asText();
    } else {
      throw ApiException.badRequest("value: expected a number, true/false, or a category");
    }
    if (store.trace(projectId, traceId).isEmpty()) {
      throw ApiException.notFound("trace_id: trace '" + traceId + "' not found");
    }
    String spanId = optionalText(body, "span_id");
    ScoreRow row = new ScoreRow("score_" + UUID.randomUUID().toString().replace("-", ""), traceId,
        spanId, cut(name, 200), number, text == null ? null : cut(text, 1000),
        optionalText(body, "comment") == null ? null : cut(body.get("comment").asText(), 10_000),
        optionalText(body, "source") == null ? "api" : cut(body.get("source").asText(), 50),
        nowUs());
    scores.addScore(projectId, row);
    return Views.score(row);
  }

  /** {@code sort} (time, latency, calls, tokens, cost) and {@code order} (desc, asc). */
  private static TraceQuery.Sort sort(Map<String, String> params) {
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

  private static int limit(Map<String, String> params) {
    String v = params.get("limit");
    if (v == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("limit: expected a whole number from 1 to " + MAX_LIMIT);
  }

  private static Long time(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Micros.of(Instant.parse(v));
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + ": not an ISO-8601 time, such as 2026-11-21T09:00:00Z");
    }
  }

  private static long bucket(String name, long rangeUs) {
    if (name == null) {
      long hours = rangeUs / 3_600_000_000L;
      name = hours <= 6 ? "minute" : hours <= 72 ? "hour" : "day";
    }
    switch (name) {
      case "minute":
        return 60_000_000L;
      case "hour":
        return 3_600_000_000L;
      case "day":
        return 86_400_000_000L;
      default:
        throw ApiException.badRequest("bucket: expected minute, hour or day");
    }
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

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  static long nowUs() {
    return Micros.now();
  }
}
