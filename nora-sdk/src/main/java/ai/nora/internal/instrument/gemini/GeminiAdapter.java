package ai.nora.internal.instrument.gemini;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.JsonSerializable;
import com.google.genai.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps Gemini generateContent onto generation span data, reading the SDK's types as the JSON
 * they serialise to. Usage is normalised: Gemini counts thoughts apart from candidates, and Nora's
 * output includes them. Function calls without an id (Gemini's usual) are linked to their
 * responses by name. This class is internal and is hence not for public use.
 */
public final class GeminiAdapter {
  private static final String[] PARAMETERS = {"temperature", "topP", "topK", "maxOutputTokens",
      "stopSequences", "candidateCount", "seed", "presencePenalty", "frequencyPenalty",
      "responseMimeType", "thinkingConfig"};

  private GeminiAdapter() {}

  /** The operation spans are named after (with the model). */
  static final String OPERATION = "gemini.generate_content";

  /** The span data of a request: the model, contents and config of one round trip. */
  public static GenerationSpanData request(Object model, Object contents, Object config, boolean stream) {
    List<JsonNode> items = new ArrayList<>();
    if (contents instanceof List) {
      for (Object content : (List<?>) contents) {
        items.add(JsonSerializable.toJsonNode(content));
      }
    }
    return request(String.valueOf(model), items, config == null ? null : JsonSerializable.toJsonNode(config),
        stream);
  }

  /**
   * The span data of a request as the HTTP API carries it: {@code generationConfig} holds what the
   * SDK's config has at its top level.
   */
  static GenerationSpanData requestFromApi(String model, JsonNode body, boolean stream) {
    ObjectNode config = body.path("generationConfig").isObject()
        ? ((ObjectNode) body.get("generationConfig")).deepCopy() : JsonSerializable.objectMapper().createObjectNode();
    for (String field : new String[] {"systemInstruction", "tools", "toolConfig"}) {
      if (body.has(field)) {
        config.set(field, body.get(field));
      }
    }
    List<JsonNode> items = new ArrayList<>();
    body.path("contents").forEach(items::add);
    return request(model, items, config, stream);
  }

  private static GenerationSpanData request(String model, List<JsonNode> contents, JsonNode c,
      boolean stream) {
    GenerationSpanData d = new GenerationSpanData("gemini", model).operation("generate_content")
        .stream(stream);
    List<Message> input = new ArrayList<>();
    if (c != null) {
      ai.nora.internal.instrument.JsonValues.parameters(d, c, PARAMETERS, JsonSerializable.objectMapper());
      if (c.hasNonNull("systemInstruction")) {
        input.add(Message.of("system", text(c.get("systemInstruction").path("parts"))));
      }
      if (c.path("tools").isArray()) {
        List<Object> tools = new ArrayList<>();
        c.get("tools").forEach(t -> tools.add(plain(t)));
        d.tools(tools);
      }
    }
    for (JsonNode content : contents) {
      messages(content, input);
    }
    return d.input(input);
  }

  /** Fills in a response. */
  public static void response(GenerationSpanData d, Object response) {
    responseJson(d, JsonSerializable.toJsonNode(response));
  }

  /** Fills in a response given as the API's JSON. */
  static void responseJson(GenerationSpanData d, JsonNode r) {
    d.responseId(r.path("responseId").asText(null)).responseModel(r.path("modelVersion").asText(null));
    List<Message> out = new ArrayList<>();
    for (JsonNode candidate : r.path("candidates")) {
      messages(candidate.path("content"), out);
    }
    d.output(out);
    JsonNode first = r.path("candidates").path(0);
    if (first.hasNonNull("finishReason")) {
      d.finishReason(first.get("finishReason").asText());
    }
    JsonNode u = r.get("usageMetadata");
    if (u != null && u.isObject()) {
      long prompt = u.path("promptTokenCount").asLong(0);
      long candidates = u.path("candidatesTokenCount").asLong(0);
      Long thoughts = u.hasNonNull("thoughtsTokenCount") ? u.get("thoughtsTokenCount").asLong() : null;
      long output = candidates + (thoughts == null ? 0 : thoughts);
      d.usage(new Usage(prompt, output,
          u.hasNonNull("totalTokenCount") ? u.get("totalTokenCount").asLong() : prompt + output,
          u.hasNonNull("cachedContentTokenCount") ? u.get("cachedContentTokenCount").asLong() : null,
          null, thoughts));
    }
  }

  /** The HTTP status of a provider error, when it has one. */
  public static Integer status(Throwable t) {
    return t instanceof ApiException ? ((ApiException) t).code() : null;
  }

  /** One Content as Nora messages; each functionResponse part a {@code tool} message. */
  static void messages(JsonNode content, List<Message> out) {
    String role = "model".equals(content.path("role").asText()) ? "assistant"
        : content.path("role").asText("user");
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode part : content.path("parts")) {
      if (part.hasNonNull("text")) {
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append(part.path("thought").asBoolean(false) ? "[thinking] " : "").append(part.get("text").asText());
      } else if (part.hasNonNull("functionCall")) {
        JsonNode fc = part.get("functionCall");
        calls.add(new ToolCall(callId(fc), fc.path("name").asText(null), fc.path("args").toString()));
      } else if (part.hasNonNull("functionResponse")) {
        JsonNode fr = part.get("functionResponse");
        out.add(Message.toolResult(callId(fr), fr.path("name").asText(null), fr.path("response").toString()));
      } else if (part.size() > 0) {
        text.append('[').append(part.fieldNames().next()).append(']');
      }
    }
    if (text.length() > 0 || !calls.isEmpty()) {
      out.add(new Message(role, text.length() == 0 ? null : text.toString(), null, null, calls));
    }
  }

  private static String callId(JsonNode call) {
    String id = call.path("id").asText("");
    return id.isEmpty() ? "gemini:" + call.path("name").asText() : id;
  }

  private static String text(JsonNode parts) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode p : parts) {
      if (p.hasNonNull("text")) {
        sb.append(sb.length() > 0 ? "\n" : "").append(p.get("text").asText());
      }
    }
    return sb.toString();
  }

  private static Object plain(JsonNode v) {
    return ai.nora.internal.instrument.JsonValues.plain(v, JsonSerializable.objectMapper());
  }

}
