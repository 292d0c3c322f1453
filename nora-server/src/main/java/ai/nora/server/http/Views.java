package ai.nora.server.http;

import ai.nora.server.Micros;
import ai.nora.server.query.Metrics;
import ai.nora.server.query.QueryService.SessionPage;
import ai.nora.server.query.QueryService.SpanView;
import ai.nora.server.query.QueryService.TraceDetail;
import ai.nora.server.query.QueryService.TracePage;
import ai.nora.server.storage.SessionRow;
import ai.nora.server.storage.SpanAddition;
import ai.nora.server.storage.TraceReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import ai.nora.server.storage.ScoreRow;
import ai.nora.server.storage.SpanRow;
import ai.nora.server.storage.TraceRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * What the services return, as the API shows it: the trace object of the original Nora protocol
 * (and of the read routes), spans with their duration and what arrived apart from them, scores,
 * pages, sessions, metrics. Times are ISO-8601 UTC.
 */
final class Views {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Views() {}

  /** The trace object. */
  static ObjectNode trace(TraceRow t) {
    ObjectNode o = F.objectNode();
    o.put("id", t.id());
    o.put("trace_name", t.name());
    o.set("input", parse(t.inputJson()));
    o.set("output", parse(t.outputJson()));
    Double latency = t.setLatency();
    if (latency == null && t.endUs() != null) {
      latency = (t.endUs() - t.startUs()) / 1e6;
    }
    putNumber(o, "latency", latency);
    if (t.setTokensJson() != null) {
      o.set("tokens", parse(t.setTokensJson()));
    } else if (t.calls() > 0 || t.totalTokens() > 0) {
      ObjectNode tokens = o.putObject("tokens");
      tokens.put("total_tokens", t.totalTokens());
      tokens.put("prompt_tokens", t.inputTokens());
      tokens.put("completion_tokens", t.outputTokens());
    } else {
      o.putNull("tokens");
    }
    putNumber(o, "cost", t.effectiveCost());
    o.put("status", t.status());
    o.put("environment", t.environment());
    o.put("created_at", Micros.iso(t.startUs()));
    o.put("updated_at", Micros.iso(t.updatedUs()));
    o.put("start_time", Micros.iso(t.startUs()));
    o.put("end_time", t.endUs() == null ? null : Micros.iso(t.endUs()));
    o.put("user_id", t.userId());
    o.put("session_id", t.sessionId());
    o.set("metadata", parse(t.metadataJson()));
    o.set("error", parse(t.errorJson()));
    o.put("calls", t.calls());
    o.put("error_count", t.errorCount());
    return o;
  }

  /** A span: its stored item, with its duration in seconds. */
  static ObjectNode span(SpanRow s) {
    JsonNode body = parse(s.bodyJson());
    ObjectNode o = body instanceof ObjectNode ? (ObjectNode) body : F.objectNode();
    o.put("id", s.id());
    o.put("trace_id", s.traceId());
    o.put("parent_id", s.parentId());
    o.put("start_time", Micros.iso(s.startUs()));
    o.put("end_time", Micros.iso(s.endUs()));
    o.put("duration", (s.endUs() - s.startUs()) / 1e6);
    return o;
  }

  /** A score. */
  static ObjectNode score(ScoreRow s) {
    ObjectNode o = F.objectNode();
    o.put("id", s.id());
    o.put("trace_id", s.traceId());
    o.put("span_id", s.spanId());
    o.put("name", s.name());
    if (s.value() != null) {
      o.put("value", s.value());
    } else {
      o.put("value", s.stringValue());
    }
    o.put("comment", s.comment());
    o.put("source", s.source());
    o.put("created_at", Micros.iso(s.createdUs()));
    return o;
  }

  /** {@code GET /v1/traces}. */
  static ObjectNode tracePage(TracePage page) {
    ObjectNode out = F.objectNode();
    ArrayNode data = out.putArray("data");
    page.traces().forEach(t -> data.add(trace(t)));
    out.put("next_cursor", page.nextCursor());
    TraceReader.Totals t = page.totals();
    if (t != null) {
      ObjectNode totals = out.putObject("totals");
      totals.put("traces", t.traces());
      totals.put("total_tokens", t.totalTokens());
      putNumber(totals, "cost", t.cost());
      totals.put("errors", t.errors());
    }
    return out;
  }

  /** A trace with its spans, and its scores when the detail has them. */
  static ObjectNode traceDetail(TraceDetail detail) {
    ObjectNode out = trace(detail.trace());
    ArrayNode spans = out.putArray("spans");
    detail.spans().forEach(s -> spans.add(span(s)));
    if (detail.scores() != null) {
      ArrayNode scores = out.putArray("scores");
      detail.scores().forEach(s -> scores.add(score(s)));
    }
    return out;
  }

  /** A span with what arrived apart from it (its events) added. */
  static ObjectNode span(SpanView view) {
    ObjectNode span = span(view.row());
    if (!view.additions().isEmpty()) {
      List<JsonNode> bodies = new ArrayList<>();
      for (String body : view.additions()) {
        JsonNode node = parse(body);
        if (node.isObject()) {
          bodies.add(node);
        }
      }
      SpanAddition.apply(span, bodies);
    }
    return span;
  }

  /** {@code GET /v1/sessions}. */
  static ObjectNode sessionPage(SessionPage page) {
    ObjectNode out = F.objectNode();
    ArrayNode data = out.putArray("data");
    for (SessionRow s : page.sessions()) {
      ObjectNode o = data.addObject();
      o.put("session_id", s.sessionId());
      o.put("user_id", s.userId());
      o.put("traces", s.traces());
      o.put("first_time", Micros.iso(s.firstUs()));
      o.put("last_time", Micros.iso(s.lastUs()));
      o.put("total_tokens", s.totalTokens());
      putNumber(o, "cost", s.cost());
      o.put("errors", s.errors());
    }
    out.put("next_cursor", page.nextCursor());
    return out;
  }

  /** {@code GET /v1/sessions/{id}}: the session's traces in order, each with its spans. */
  static ObjectNode session(String sessionId, List<TraceDetail> traces) {
    ObjectNode out = F.objectNode();
    out.put("session_id", sessionId);
    ArrayNode arr = out.putArray("traces");
    traces.forEach(t -> arr.add(traceDetail(t)));
    return out;
  }

  /** {@code GET /v1/environments}. */
  static ObjectNode environments(List<String> names) {
    ObjectNode out = F.objectNode();
    ArrayNode data = out.putArray("data");
    names.forEach(data::add);
    return out;
  }

  /** {@code GET /v1/metrics}. */
  static ObjectNode metrics(Metrics.Report report) {
    return Metrics.render(report);
  }

  static JsonNode parse(String json) {
    if (json == null) {
      return F.nullNode();
    }
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return F.textNode(json);
    }
  }

  private static void putNumber(ObjectNode o, String field, Double v) {
    if (v == null) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }
}
