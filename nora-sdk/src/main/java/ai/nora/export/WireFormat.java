package ai.nora.export;

import ai.nora.internal.Json;
import ai.nora.trace.AgentSpanData;
import ai.nora.trace.Aggregate;
import ai.nora.trace.CustomSpanData;
import ai.nora.trace.EmbeddingSpanData;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.RetrievalSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.SpanData;
import ai.nora.trace.SpanError;
import ai.nora.trace.Status;
import ai.nora.trace.ToolCall;
import ai.nora.trace.ToolSpanData;
import ai.nora.trace.Trace;
import ai.nora.trace.Usage;
import java.time.Instant;

/**
 * Nora's items as the ingest protocol writes them ({@code docs/ingest-protocol.md}): a trace, a
 * span with its type's fields, and the model values inside them (messages, tool calls, usage,
 * errors). The model knows nothing of this format; the exporters that send or write it (the
 * batched route, the JSON-lines file, the Nora item inside an OTLP span) all write it here.
 */
final class WireFormat implements Json.ValueWriter {
  static final WireFormat INSTANCE = new WireFormat();

  private WireFormat() {}

  /** {@code value} as JSON, Nora's model types in the wire format. */
  static String write(Object value) {
    return Json.write(value, INSTANCE);
  }

  /** A span's item without some of its top-level members, never written rather than cut out. */
  static String write(Span span, java.util.Set<String> omitTopLevel) {
    StringBuilder sb = new StringBuilder(256);
    to(sb).omittingTopLevel(omitTopLevel).value(span);
    return sb.toString();
  }

  /** A writer appending to {@code out} that writes Nora's model types in the wire format. */
  static Json to(StringBuilder out) {
    return Json.to(out, INSTANCE);
  }

  @Override
  public boolean write(Json json, Object value) {
    if (value instanceof Span) {
      span(json, (Span) value);
    } else if (value instanceof Trace) {
      trace(json, (Trace) value);
    } else if (value instanceof Message) {
      message(json, (Message) value);
    } else if (value instanceof ToolCall) {
      ToolCall t = (ToolCall) value;
      json.beginObject().field("id", t.id()).field("name", t.name()).field("arguments", t.arguments()).endObject();
    } else if (value instanceof Usage) {
      usage(json, (Usage) value);
    } else if (value instanceof SpanError) {
      SpanError e = (SpanError) value;
      json.beginObject().field("type", e.type()).field("message", e.message())
          .fieldIfPresent("http_status", e.httpStatus()).endObject();
    } else {
      return false;
    }
    return true;
  }

  private static void trace(Json json, Trace t) {
    Status s = t.status();
    boolean pending = s == Status.PENDING;
    json.beginObject()
        .field("id", t.id())
        .field("name", t.name())
        .field("status", s.wireName())
        .field("start_time", isoTime(t.startEpochNanos()))
        .field("end_time", pending ? null : isoTime(t.endEpochNanos()))
        .field("environment", t.environment())
        .field("session_id", t.sessionId())
        .field("user_id", t.userId())
        .field("metadata", t.metadata())
        .field("input", t.input())
        .field("output", pending ? null : t.output())
        .field("error", t.error())
        .endObject();
  }

  private static void span(Json json, Span s) {
    SpanData data = s.data();
    json.beginObject()
        .field("id", s.id())
        .field("trace_id", s.traceId())
        .field("parent_id", s.parentId())
        .field("type", data.type())
        .field("name", s.name())
        .field("status", s.status().wireName())
        .field("start_time", isoTime(s.startEpochNanos()))
        .field("end_time", s.isEnded() ? isoTime(s.endEpochNanos()) : null)
        .field("error", s.error());
    fields(json, data);
    json.endObject();
  }

  /** The fields of a span's type, in the span's object. */
  private static void fields(Json json, SpanData data) {
    if (data instanceof GenerationSpanData) {
      generation(json, (GenerationSpanData) data);
    } else if (data instanceof EmbeddingSpanData) {
      EmbeddingSpanData e = (EmbeddingSpanData) data;
      json.field("provider", e.provider()).field("model", e.model()).field("operation", "embeddings");
      json.field("input", e.input()).field("dimensions", e.dimensions()).field("vector_count", e.vectorCount());
      json.field("usage", e.usage()).field("cost", e.cost());
    } else if (data instanceof ToolSpanData) {
      ToolSpanData t = (ToolSpanData) data;
      json.field("tool_name", t.name()).field("tool_call_id", t.toolCallId());
      json.field("arguments", t.arguments()).field("result", t.result());
    } else if (data instanceof AgentSpanData) {
      AgentSpanData a = (AgentSpanData) data;
      json.field("agent_name", a.name()).field("tools", a.tools()).field("handoffs", a.handoffs());
      json.field("output_type", a.outputType()).field("input", a.input()).field("output", a.output());
    } else if (data instanceof GroupSpanData) {
      GroupSpanData g = (GroupSpanData) data;
      json.field("metadata", g.metadata()).field("input", g.input()).field("output", g.output());
      aggregate(json, g.aggregate());
    } else if (data instanceof RetrievalSpanData) {
      RetrievalSpanData r = (RetrievalSpanData) data;
      json.field("input", r.query()).field("output", r.documents()).field("document_count", r.documentCount());
    } else if (data instanceof CustomSpanData) {
      json.field("data", ((CustomSpanData) data).data());
    }
  }

  private static void generation(Json json, GenerationSpanData g) {
    json.field("provider", g.provider()).field("model", g.responseModel() != null ? g.responseModel() : g.model());
    json.field("request_model", g.model()).field("operation", g.operation());
    json.field("parameters", g.parameters());
    if (!g.tools().isEmpty()) {
      json.field("tools", g.tools());
    }
    json.field("input", g.input()).field("output", g.output()).field("tool_calls", g.toolCalls());
    json.field("finish_reason", g.finishReason()).field("usage", g.usage()).field("cost", g.cost());
    json.field("response_id", g.responseId()).field("stream", g.stream());
    Long ttft = g.timeToFirstTokenNanos();
    json.field("time_to_first_token", ttft == null ? null : ttft / 1e9);
  }

  private static void aggregate(Json json, Aggregate a) {
    // One lock for the four, so that a group's totals are read consistently while calls still end.
    synchronized (a) {
      json.field("calls", a.calls()).field("error_count", a.errors()).field("usage", a.usage());
      json.field("cost", a.cost());
    }
  }

  private static void message(Json json, Message m) {
    json.beginObject().field("role", m.role()).field("content", m.content());
    json.fieldIfPresent("name", m.name()).fieldIfPresent("tool_call_id", m.toolCallId());
    if (!m.toolCalls().isEmpty()) {
      json.field("tool_calls", m.toolCalls());
    }
    json.endObject();
  }

  private static void usage(Json json, Usage u) {
    json.beginObject()
        .field("input_tokens", u.inputTokens())
        .field("output_tokens", u.outputTokens())
        .field("total_tokens", u.total())
        .field("cached_tokens", u.cachedTokens())
        .field("cache_creation_tokens", u.cacheCreationTokens())
        .field("reasoning_tokens", u.reasoningTokens())
        .endObject();
  }

  /** An instant as ISO-8601 text with nanoseconds as the clock gave them. */
  static String isoTime(long epochNanos) {
    return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L))
        .toString();
  }
}
