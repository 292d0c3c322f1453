package ai.nora.export;

import ai.nora.internal.Json;
import ai.nora.trace.AgentSpanData;
import ai.nora.trace.EmbeddingSpanData;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.SpanData;
import ai.nora.trace.SpanError;
import ai.nora.trace.Status;
import ai.nora.trace.ToolCall;
import ai.nora.trace.ToolSpanData;
import ai.nora.trace.Trace;
import ai.nora.trace.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch as an OTLP/HTTP JSON request ({@code ExportTraceServiceRequest}), in the OpenTelemetry
 * GenAI semantic conventions: {@code gen_ai.operation.name}, provider, models, usage, finish
 * reasons, and, where the span holds content (capture on), {@code gen_ai.input.messages} and
 * {@code gen_ai.output.messages} in the parts format, tool arguments and results. What the
 * conventions have no name for rides in {@code nora.*} attributes (the span's other fields, and
 * on a root span its trace), so a Nora server reading them back loses nothing; other backends
 * show the conventions.
 */
final class OtlpJson {
  /** Fields sent as convention attributes, so left out of {@code nora.span.item}. */
  private static final Map<String, Set<String>> AS_CONVENTIONS = Map.of(
      "generation", Set.of("input", "output", "tools"),
      "tool", Set.of("arguments", "result"));
  private static final String SCOPE = "ai.nora";

  private OtlpJson() {}

  static String request(ExportBatch batch, String serviceName) {
    Map<String, Trace> endedTraces = new LinkedHashMap<>();
    for (Trace t : batch.traces()) {
      endedTraces.put(t.id(), t);
    }
    Map<String, List<Span>> byEnvironment = new LinkedHashMap<>();
    for (Span s : batch.spans()) {
      byEnvironment.computeIfAbsent(String.valueOf(s.trace().environment()), k -> new ArrayList<>()).add(s);
    }
    StringBuilder sb = new StringBuilder(256 + batch.size() * 768);
    Json json = Json.to(sb);
    json.beginObject().name("resourceSpans").beginArray();
    for (Map.Entry<String, List<Span>> e : byEnvironment.entrySet()) {
      json.beginObject().name("resource").beginObject().name("attributes").beginArray();
      attribute(json, "service.name", serviceName);
      attribute(json, "deployment.environment.name", e.getKey());
      attribute(json, "telemetry.sdk.name", IngestPayload.SDK_NAME);
      attribute(json, "telemetry.sdk.version", SdkVersion.get());
      json.endArray().endObject();
      json.name("scopeSpans").beginArray().beginObject();
      json.name("scope").beginObject().field("name", SCOPE).field("version", SdkVersion.get()).endObject();
      json.name("spans").beginArray();
      for (Span s : e.getValue()) {
        Trace ended = s.parent() == null ? endedTraces.get(s.traceId()) : null;
        span(json, s, ended);
      }
      json.endArray().endObject().endArray().endObject();
    }
    json.endArray().endObject();
    return sb.toString();
  }

  private static void span(Json json, Span s, Trace ended) {
    SpanData d = s.data();
    json.beginObject()
        .field("traceId", s.traceId())
        .field("spanId", s.id())
        .fieldIfPresent("parentSpanId", s.parentId())
        .field("name", name(s))
        .field("kind", d instanceof GenerationSpanData || d instanceof EmbeddingSpanData ? 3 : 1)
        .field("startTimeUnixNano", Long.toString(s.startEpochNanos()))
        .field("endTimeUnixNano", Long.toString(s.endEpochNanos()));
    json.name("attributes").beginArray();
    attribute(json, "nora.span.type", d.type());
    if (d instanceof GenerationSpanData) {
      generation(json, (GenerationSpanData) d);
    } else if (d instanceof EmbeddingSpanData) {
      EmbeddingSpanData e = (EmbeddingSpanData) d;
      attribute(json, "gen_ai.operation.name", "embeddings");
      attribute(json, "gen_ai.provider.name", provider(e.provider()));
      attribute(json, "gen_ai.request.model", e.model());
      usage(json, e.usage());
    } else if (d instanceof ToolSpanData) {
      ToolSpanData t = (ToolSpanData) d;
      attribute(json, "gen_ai.operation.name", "execute_tool");
      attribute(json, "gen_ai.tool.name", t.name());
      attribute(json, "gen_ai.tool.call.id", t.toolCallId());
      attribute(json, "gen_ai.tool.call.arguments", t.arguments() == null ? null : WireFormat.write(t.arguments()));
      attribute(json, "gen_ai.tool.call.result", t.result() == null ? null : WireFormat.write(t.result()));
    } else if (d instanceof AgentSpanData) {
      attribute(json, "gen_ai.operation.name", "invoke_agent");
      attribute(json, "gen_ai.agent.name", ((AgentSpanData) d).name());
    }
    attribute(json, "nora.span.item", WireFormat.write(s, AS_CONVENTIONS.getOrDefault(d.type(), Set.of())));
    if (ended != null) {
      Trace t = ended;
      attribute(json, "nora.trace.item", WireFormat.write(t));
      attribute(json, "session.id", t.sessionId());
      attribute(json, "user.id", t.userId());
    }
    json.endArray();
    SpanError error = s.error();
    if (s.status() == Status.ERROR) {
      json.name("status").beginObject().field("code", 2)
          .fieldIfPresent("message", error == null ? null : error.message()).endObject();
      if (error != null) {
        json.name("events").beginArray().beginObject().field("name", "exception")
            .field("timeUnixNano", Long.toString(s.endEpochNanos()));
        json.name("attributes").beginArray();
        attribute(json, "exception.type", error.type());
        attribute(json, "exception.message", error.message());
        json.endArray().endObject().endArray();
      }
    }
    json.endObject();
  }

  private static void generation(Json json, GenerationSpanData g) {
    attribute(json, "gen_ai.operation.name", g.operation() == null ? "chat" : g.operation());
    attribute(json, "gen_ai.provider.name", provider(g.provider()));
    attribute(json, "gen_ai.request.model", g.model());
    attribute(json, "gen_ai.response.model", g.responseModel());
    attribute(json, "gen_ai.response.id", g.responseId());
    if (g.finishReason() != null) {
      json.beginObject().field("key", "gen_ai.response.finish_reasons").name("value").beginObject()
          .name("arrayValue").beginObject().name("values").beginArray()
          .beginObject().field("stringValue", g.finishReason()).endObject()
          .endArray().endObject().endObject().endObject();
    }
    for (Map.Entry<String, Object> p : g.parameters().entrySet()) {
      Object v = p.getValue();
      if (v instanceof Number || v instanceof String || v instanceof Boolean) {
        attribute(json, "gen_ai.request." + p.getKey(), v);
      }
    }
    usage(json, g.usage());
    if (g.timeToFirstTokenNanos() != null) {
      attribute(json, "gen_ai.response.time_to_first_chunk", g.timeToFirstTokenNanos() / 1e9);
    }
    if (g.stream()) {
      attribute(json, "gen_ai.request.stream", true);
    }
    if (!g.input().isEmpty()) {
      attribute(json, "gen_ai.input.messages", messages(g.input(), null));
    }
    if (!g.output().isEmpty()) {
      attribute(json, "gen_ai.output.messages", messages(g.output(), g.finishReason()));
    }
    if (!g.tools().isEmpty()) {
      attribute(json, "gen_ai.tool.definitions", WireFormat.write(g.tools()));
    }
  }

  private static void usage(Json json, Usage u) {
    if (u == null) {
      return;
    }
    attribute(json, "gen_ai.usage.input_tokens", u.inputTokens());
    attribute(json, "gen_ai.usage.output_tokens", u.outputTokens());
    attribute(json, "gen_ai.usage.cache_read.input_tokens", u.cachedTokens());
    attribute(json, "gen_ai.usage.cache_creation.input_tokens", u.cacheCreationTokens());
    attribute(json, "gen_ai.usage.reasoning.output_tokens", u.reasoningTokens());
  }

  /** Messages in the GenAI parts format: {@code [{role, name?, parts: [...], finish_reason?}]}. */
  static String messages(List<Message> messages, String finishReason) {
    StringBuilder sb = new StringBuilder(128 * messages.size());
    Json json = Json.to(sb);
    json.beginArray();
    for (Message m : messages) {
      json.beginObject().field("role", m.role()).fieldIfPresent("name", m.name());
      json.name("parts").beginArray();
      if ("tool".equals(m.role()) && m.toolCallId() != null) {
        json.beginObject().field("type", "tool_call_response").field("id", m.toolCallId())
            .field("response", m.content()).endObject();
      } else if (m.content() != null) {
        json.beginObject().field("type", "text").field("content", m.content()).endObject();
      }
      if (m.toolCalls() != null) {
        for (ToolCall c : m.toolCalls()) {
          json.beginObject().field("type", "tool_call").field("id", c.id()).field("name", c.name())
              .field("arguments", c.arguments()).endObject();
        }
      }
      json.endArray();
      if (finishReason != null && "assistant".equals(m.role())) {
        json.field("finish_reason", finishReason);
      }
      json.endObject();
    }
    json.endArray();
    return sb.toString();
  }

  /** Nora's provider names as the GenAI conventions' registry has them. */
  static String provider(String nora) {
    return "gemini".equals(nora) ? "gcp.gemini" : nora;
  }

  private static String name(Span s) {
    SpanData d = s.data();
    if (d instanceof GenerationSpanData) {
      GenerationSpanData g = (GenerationSpanData) d;
      return (g.operation() == null ? "chat" : g.operation()) + (g.model() == null ? "" : " " + g.model());
    }
    if (d instanceof ToolSpanData) {
      return "execute_tool " + ((ToolSpanData) d).name();
    }
    if (d instanceof AgentSpanData) {
      return "invoke_agent " + ((AgentSpanData) d).name();
    }
    return s.name();
  }

  /** One attribute; nothing when the value is null. */
  private static void attribute(Json json, String key, Object value) {
    if (value == null) {
      return;
    }
    json.beginObject().field("key", key).name("value").beginObject();
    if (value instanceof Boolean) {
      json.field("boolValue", value);
    } else if (value instanceof Double || value instanceof Float) {
      json.field("doubleValue", value);
    } else if (value instanceof Number) {
      json.field("intValue", value.toString());
    } else {
      json.field("stringValue", value.toString());
    }
    json.endObject().endObject();
  }
}
