package ai.nora.server.query;

import ai.nora.server.Micros;
import ai.nora.server.storage.ScoreRow;
import ai.nora.server.storage.SpanRow;
import ai.nora.server.storage.TraceRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Stored rows as the API shows them: the trace object of the original Nora protocol (and of
 * the read routes), spans with their duration, scores. Times are ISO-8601 UTC.
 */
public final class Views {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Views() {}

  /** The trace object. */
  public static ObjectNode trace(TraceRow t) {
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
  public static ObjectNode span(SpanRow s) {
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
  public static ObjectNode score(ScoreRow s) {
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
