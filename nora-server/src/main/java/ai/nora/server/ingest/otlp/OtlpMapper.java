package ai.nora.server.ingest.otlp;

import static ai.nora.server.ingest.otlp.Field.*;

import ai.nora.server.Micros;
import ai.nora.server.SpanType;
import ai.nora.server.Status;
import ai.nora.server.storage.SpanAddition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps an OTLP span onto a span item of Nora's protocol. What the attributes say is read through
 * the {@link Conventions} tables into {@link Facts}; this class only builds the item from them by
 * span type. A span no convention types is a generation when it names a provider and a model,
 * else a custom span; every span keeps its attributes.
 */
final class OtlpMapper {
  /** Span events that mark a streamed call's first token. */
  private static final List<String> FIRST_TOKEN_EVENTS =
      List.of("First Token Stream Event", "gen_ai.first_token", "first_token", "llm.first_token");

  private OtlpMapper() {}

  /** The span's item, with the session and user it names for its trace. */
  static SpanBatch.Mapped map(OtlpSpan s) {
    Facts f = Facts.read(s.attributes());
    return new SpanBatch.Mapped(s, item(s, f), f.str(SESSION), f.str(USER));
  }

  static ObjectNode item(OtlpSpan s, Facts f) {
    JsonNode nora = Attrs.json(f.get(NORA_ITEM));
    if (nora != null && nora.isObject() && SpanType.of(nora.path("type").asText()) != null) {
      return fromNora(s, f, (ObjectNode) nora);
    }
    Map<String, Object> a = s.attributes();
    String requestModel = f.str(REQUEST_MODEL);
    String model = Attrs.first(f.str(RESPONSE_MODEL), requestModel);
    String named = Providers.named(f.str(PROVIDER));
    String provider = Attrs.first(named, Providers.ofModel(model));
    String type = f.type;
    if (type == null) {
      type = (named != null && model != null ? SpanType.GENERATION : SpanType.CUSTOM).wire();
    }
    boolean framework = Convention.FRAMEWORK.equals(type);
    if (framework) {
      type = SpanType.CUSTOM.wire();
    }
    ObjectNode item = Attrs.F.objectNode();
    item.put("id", s.spanId());
    item.put("trace_id", s.traceId());
    item.put("parent_id", s.parentSpanId().isEmpty() ? null : s.parentSpanId());
    item.put("type", type);
    String name = s.name().isEmpty() ? Attrs.first(f.str(ENTITY_NAME), f.str(OPERATION), "span") : s.name();
    item.put("name", name);
    boolean failed = s.statusCode() == 2;
    item.put("status", (failed ? Status.ERROR : Status.SUCCESS).wire());
    if (failed) {
      item.set("error", error(s));
    }
    JsonNode input = Attrs.json(f.get(INPUT));
    JsonNode output = Attrs.json(f.get(OUTPUT));
    SpanType spanType = SpanType.of(type);
    switch (spanType == null ? SpanType.CUSTOM : spanType) {
      case GENERATION:
        generation(item, f, s, provider, model, requestModel, input, output);
        List<JsonNode> events = new ArrayList<>(0);
        for (OtlpSpan.Event e : s.events()) {
          ObjectNode added = GenAiEvents.contribution(e.name(), null, e.attributes());
          if (added != null) {
            events.add(added);
          }
        }
        if (!events.isEmpty()) {
          SpanAddition.apply(item, events);
        }
        break;
      case EMBEDDING:
        item.put("provider", provider == null ? "unknown" : provider);
        item.put("model", model == null ? "unknown" : model);
        item.put("operation", "embeddings");
        item.set("usage", usage(f));
        break;
      case TOOL:
        item.put("tool_name", Attrs.first(f.str(TOOL_NAME), f.str(ENTITY_NAME), name));
        item.put("tool_call_id", f.str(TOOL_CALL_ID));
        item.set("arguments", orNull(Attrs.first(Attrs.json(f.get(TOOL_ARGUMENTS)), input)));
        item.set("result", orNull(Attrs.first(Attrs.json(f.get(TOOL_RESULT)), output)));
        break;
      case AGENT:
        item.put("agent_name", Attrs.first(f.str(AGENT_NAME), f.str(ENTITY_NAME), name));
        setIfPresent(item, "input", input);
        setIfPresent(item, "output", output);
        break;
      default:
        setIfPresent(item, "input", input);
        setIfPresent(item, "output", output);
        break;
    }
    if (framework) {
      item.put("framework", true);
    }
    JsonNode metadata = metadata(f);
    if (metadata != null) {
      item.set("metadata", metadata);
    }
    ObjectNode data = item.putObject("attributes");
    a.forEach((k, v) -> {
      if (!k.startsWith("nora.")) {
        data.set(k, Attrs.JSON.valueToTree(v));
      }
    });
    item.put("otel_scope", s.scope());
    item.put("otel_kind", s.kind());
    return item;
  }

  /**
   * A span Nora's SDK sent: its own item, with the content it sent as convention attributes
   * (messages, tool definitions, tool arguments and results) put back. Nothing is lost.
   */
  private static ObjectNode fromNora(OtlpSpan s, Facts f, ObjectNode nora) {
    ObjectNode item = nora.deepCopy();
    item.put("id", s.spanId());
    item.put("trace_id", s.traceId());
    item.put("parent_id", s.parentSpanId().isEmpty() ? null : s.parentSpanId());
    // The span's own status is authoritative, as for any OTLP sender.
    boolean failed = s.statusCode() == 2;
    item.put("status", (failed ? Status.ERROR : Status.SUCCESS).wire());
    if (failed && !item.path("error").isObject()) {
      item.set("error", error(s));
    } else if (!failed) {
      item.putNull("error");
    }
    SpanType noraType = SpanType.of(item.path("type").asText());
    switch (noraType == null ? SpanType.CUSTOM : noraType) {
      case GENERATION: {
        ArrayNode in = Messages.from(Attrs.json(f.get(INPUT_MESSAGES)), "user");
        item.set("input", in == null ? Attrs.F.arrayNode() : in);
        ArrayNode out = Messages.from(Attrs.json(f.get(OUTPUT_MESSAGES)), "assistant");
        Messages.finishReason(out);
        item.set("output", out == null ? Attrs.F.arrayNode() : out);
        JsonNode tools = Attrs.json(f.get(TOOL_DEFINITIONS));
        if (tools != null && tools.isArray()) {
          item.set("tools", tools);
        }
        break;
      }
      case TOOL:
        item.set("arguments", orNull(Attrs.json(f.get(TOOL_ARGUMENTS))));
        item.set("result", orNull(Attrs.json(f.get(TOOL_RESULT))));
        break;
      default:
        break;
    }
    return item;
  }

  private static void generation(ObjectNode item, Facts f, OtlpSpan s, String provider,
      String model, String requestModel, JsonNode input, JsonNode output) {
    item.put("provider", provider == null ? "unknown" : provider);
    item.put("model", model == null ? "unknown" : model);
    item.put("request_model", requestModel);
    String op = f.str(OPERATION);
    item.put("operation", op == null ? "chat" : op);
    ObjectNode parameters = parameters(f);
    item.set("parameters", parameters);
    ArrayNode tools = tools(f);
    if (tools != null) {
      item.set("tools", tools);
    }
    ArrayNode in = Attrs.F.arrayNode();
    ArrayNode system = Messages.from(Attrs.json(f.get(SYSTEM_INSTRUCTIONS)), "system");
    if (system != null) {
      for (JsonNode m : system) {
        ((ObjectNode) m).put("role", "system");
      }
      in.addAll(system);
    }
    ArrayNode messages = conversation(f.flatInput, f.get(INPUT_MESSAGES), input, "user");
    if (messages != null) {
      in.addAll(messages);
    }
    item.set("input", in);
    ArrayNode out = conversation(f.flatOutput, f.get(OUTPUT_MESSAGES), output, "assistant");
    String finishFromMessages = Messages.finishReason(out);
    item.set("output", out == null ? Attrs.F.arrayNode() : out);
    item.set("tool_calls", Messages.toolCalls(out));
    Object reasons = f.get(FINISH_REASONS);
    if (reasons instanceof List && !((List<?>) reasons).isEmpty()) {
      item.put("finish_reason", String.valueOf(((List<?>) reasons).get(0)));
    } else if (reasons != null) {
      JsonNode r = Attrs.json(reasons);
      item.put("finish_reason", r.isArray() && r.size() > 0 ? r.get(0).asText() : r.asText());
    } else if (finishFromMessages != null) {
      item.put("finish_reason", finishFromMessages);
    }
    item.put("response_id", f.str(RESPONSE_ID));
    item.set("usage", usage(f));
    Double ttft = timeToFirstToken(f, s);
    if (ttft != null) {
      item.put("time_to_first_token", ttft);
    }
    item.put("stream", Boolean.TRUE.equals(Attrs.bool(f.get(STREAM)))
        || parameters.path("stream").asBoolean(false) || ttft != null && hasFirstTokenEvent(s));
  }

  /**
   * A call's messages from the first source that has them: flattened attributes, the parts
   * format, then whatever the span took or gave; each read only if the ones before had none.
   */
  private static ArrayNode conversation(ArrayNode flat, Object parts, JsonNode value, String role) {
    if (flat != null) {
      return flat;
    }
    ArrayNode fromParts = Messages.from(Attrs.json(parts), role);
    return fromParts != null ? fromParts : Messages.from(value, role);
  }

  /** Seconds from the start to the first token: sent as such, as a time, or as an event. */
  private static Double timeToFirstToken(Facts f, OtlpSpan s) {
    Double sent = Attrs.decimal(f.get(TIME_TO_FIRST_TOKEN));
    if (sent != null) {
      return sent >= 0 ? sent : null;
    }
    long firstNanos = 0;
    Object start = f.get(COMPLETION_START);
    if (start != null) {
      JsonNode t = Attrs.json(start);
      Long us = t.isNumber() ? Long.valueOf(t.asLong() / 1000) : Micros.parseIso(t.asText());
      firstNanos = us == null ? 0 : us * 1000;
    }
    for (OtlpSpan.Event e : s.events()) {
      if (firstNanos == 0 && FIRST_TOKEN_EVENTS.contains(e.name())) {
        firstNanos = e.timeNanos();
      }
    }
    if (firstNanos == 0 || firstNanos < s.startNanos()) {
      return null;
    }
    return (firstNanos - s.startNanos()) / 1e9;
  }

  private static boolean hasFirstTokenEvent(OtlpSpan s) {
    return s.events().stream().anyMatch(e -> FIRST_TOKEN_EVENTS.contains(e.name()));
  }

  private static ObjectNode parameters(Facts f) {
    ObjectNode params = Attrs.F.objectNode();
    JsonNode sent = Attrs.json(f.get(PARAMETERS));
    if (sent != null && sent.isObject()) {
      params.setAll((ObjectNode) sent);
      params.remove(List.of("messages", "tools", "model", "input"));
    }
    f.collected.getOrDefault(PARAMETERS, Map.of()).forEach((k, v) -> {
      if (!params.has(k)) {
        params.set(k, Attrs.JSON.valueToTree(v));
      }
    });
    return params;
  }

  /** Tool definitions: a JSON array, or flattened by index (a JSON schema, or name/description/parameters). */
  private static ArrayNode tools(Facts f) {
    JsonNode sent = Attrs.json(f.get(TOOL_DEFINITIONS));
    if (sent != null && sent.isArray()) {
      return (ArrayNode) sent;
    }
    Map<String, Object> flat = f.collected.get(TOOL_DEFINITIONS);
    if (flat == null) {
      return null;
    }
    Map<Integer, ObjectNode> byIndex = new TreeMap<>();
    flat.forEach((k, v) -> {
      int dot = k.indexOf('.');
      if (dot <= 0) {
        return;
      }
      try {
        ObjectNode tool = byIndex.computeIfAbsent(Integer.parseInt(k.substring(0, dot)), i -> Attrs.F.objectNode());
        String rest = k.substring(dot + 1);
        JsonNode value = Attrs.json(v);
        if (rest.endsWith("json_schema") && value.isObject()) {
          tool.setAll((ObjectNode) (value.has("function") ? value.get("function") : value));
        } else {
          tool.set(rest, value);
        }
      } catch (NumberFormatException e) {
        // not an index: not a tool definition
      }
    });
    ArrayNode out = Attrs.F.arrayNode();
    byIndex.values().forEach(out::add);
    return out.isEmpty() ? null : out;
  }

  private static JsonNode metadata(Facts f) {
    JsonNode sent = Attrs.json(f.get(METADATA));
    Map<String, Object> flat = f.collected.get(METADATA);
    if ((sent == null || !sent.isObject()) && flat == null) {
      return null;
    }
    ObjectNode out = Attrs.F.objectNode();
    if (sent != null && sent.isObject()) {
      out.setAll((ObjectNode) sent);
    }
    if (flat != null) {
      flat.forEach((k, v) -> out.set(k, Attrs.json(v)));
    }
    return out;
  }

  static ObjectNode usage(Facts f) {
    JsonNode details = Attrs.json(f.get(USAGE_DETAILS));
    ObjectNode u = Attrs.F.objectNode();
    putLong(u, "input_tokens", Attrs.first(f.num(INPUT_TOKENS), detail(details, "input", "prompt_tokens", "input_tokens")));
    putLong(u, "output_tokens", Attrs.first(f.num(OUTPUT_TOKENS), detail(details, "output", "completion_tokens", "output_tokens")));
    putLong(u, "total_tokens", Attrs.first(f.num(TOTAL_TOKENS), detail(details, "total", "total_tokens", null)));
    putLong(u, "cached_tokens", Attrs.first(f.num(CACHED_TOKENS),
        detail(details, "input_cached_tokens", "cache_read_input_tokens", "input_cache_read")));
    putLong(u, "cache_creation_tokens", Attrs.first(f.num(CACHE_CREATION_TOKENS),
        detail(details, "cache_creation_input_tokens", "input_cache_creation", null)));
    putLong(u, "reasoning_tokens", Attrs.first(f.num(REASONING_TOKENS),
        detail(details, "output_reasoning_tokens", "reasoning_tokens", "output_reasoning")));
    return u;
  }

  private static Long detail(JsonNode details, String a, String b, String c) {
    if (details == null || !details.isObject()) {
      return null;
    }
    for (String k : new String[] {a, b, c}) {
      if (k != null && details.has(k)) {
        return Attrs.num(details.get(k).isNumber() ? details.get(k).numberValue() : details.get(k).asText());
      }
    }
    return null;
  }

  private static ObjectNode error(OtlpSpan s) {
    ObjectNode e = Attrs.F.objectNode();
    String type = Attrs.str(s.attributes(), "error.type");
    String message = s.statusMessage().isEmpty() ? null : s.statusMessage();
    for (OtlpSpan.Event ev : s.events()) {
      if ("exception".equals(ev.name())) {
        type = Attrs.first(type, Attrs.str(ev.attributes(), "exception.type"));
        message = Attrs.first(message, Attrs.str(ev.attributes(), "exception.message"));
      }
    }
    e.put("type", type == null ? "error" : type);
    e.put("message", message);
    return e;
  }

  private static JsonNode orNull(JsonNode n) {
    return n == null ? Attrs.F.nullNode() : n;
  }

  private static void setIfPresent(ObjectNode item, String field, JsonNode v) {
    if (v != null) {
      item.set(field, v);
    }
  }

  private static void putLong(ObjectNode o, String f, Long v) {
    if (v == null) {
      o.putNull(f);
    } else {
      o.put(f, v);
    }
  }
}
