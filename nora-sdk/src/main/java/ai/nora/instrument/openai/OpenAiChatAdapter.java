package ai.nora.instrument.openai;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps chat completions onto generation span data. Requests and responses are read as the JSON
 * the API exchanges (through openai-java's own Jackson mapper), which holds steadier across SDK
 * versions than the SDK's generated types. This class is internal and is hence not for public use.
 */
public final class OpenAiChatAdapter {
  private static final String[] PARAMETERS = {"temperature", "top_p", "max_tokens",
      "max_completion_tokens", "seed", "n", "presence_penalty", "frequency_penalty", "stop",
      "tool_choice", "parallel_tool_calls", "reasoning_effort", "service_tier", "logprobs",
      "top_logprobs", "user"};

  private OpenAiChatAdapter() {}

  /** The span's name for a request. */
  public static String spanName(ChatCompletionCreateParams params) {
    return "openai.chat " + params.model().asString();
  }

  /** The span data of a request. */
  public static GenerationSpanData request(ChatCompletionCreateParams params, boolean stream) {
    JsonNode body = ObjectMappers.jsonMapper().valueToTree(params._body());
    GenerationSpanData d = new GenerationSpanData("openai", body.path("model").asText(null))
        .operation("chat").stream(stream);
    for (String p : PARAMETERS) {
      JsonNode v = body.get(p);
      if (v != null && !v.isNull()) {
        d.parameter(p, plain(v));
      }
    }
    JsonNode format = body.get("response_format");
    if (format != null && format.isObject()) {
      d.parameter("response_format", format.path("json_schema").has("name")
          ? format.path("type").asText() + ":" + format.path("json_schema").path("name").asText()
          : format.path("type").asText());
    }
    JsonNode tools = body.get("tools");
    if (tools != null && tools.isArray()) {
      List<Object> defs = new ArrayList<>();
      tools.forEach(t -> defs.add(plain(t)));
      d.tools(defs);
    }
    List<Message> input = new ArrayList<>();
    body.path("messages").forEach(m -> input.add(message(m)));
    return d.input(input);
  }

  /** Fills in a response. */
  public static void response(GenerationSpanData d, ChatCompletion completion) {
    JsonNode r = ObjectMappers.jsonMapper().valueToTree(completion);
    d.responseId(r.path("id").asText(null)).responseModel(r.path("model").asText(null));
    List<Message> output = new ArrayList<>();
    for (JsonNode choice : r.path("choices")) {
      output.add(message(choice.path("message")));
    }
    d.output(output);
    JsonNode first = r.path("choices").path(0);
    if (first.hasNonNull("finish_reason")) {
      d.finishReason(first.get("finish_reason").asText());
    }
    d.usage(usage(r.path("usage")));
  }

  static Message message(JsonNode m) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode c : m.path("tool_calls")) {
      JsonNode fn = c.path("function");
      calls.add(new ToolCall(c.path("id").asText(null), fn.path("name").asText(null),
          fn.path("arguments").asText(null)));
    }
    String content = text(m.get("content"));
    if (content == null && m.hasNonNull("refusal")) {
      content = "[refusal] " + m.get("refusal").asText();
    }
    return new Message(m.path("role").asText("assistant"), content,
        m.hasNonNull("name") ? m.get("name").asText() : null,
        m.hasNonNull("tool_call_id") ? m.get("tool_call_id").asText() : null, calls);
  }

  /** A content field: a string, or parts of which texts are kept and others named. */
  static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      String type = part.path("type").asText();
      if ("text".equals(type) || "output_text".equals(type) || "input_text".equals(type)) {
        sb.append(part.path("text").asText());
      } else if ("refusal".equals(type)) {
        sb.append("[refusal] ").append(part.path("refusal").asText());
      } else {
        sb.append('[').append(type.replace("_url", "")).append(']');
      }
    }
    return sb.toString();
  }

  static Usage usage(JsonNode u) {
    if (u == null || !u.isObject()) {
      return null;
    }
    return new Usage(count(u, "prompt_tokens"), count(u, "completion_tokens"),
        count(u, "total_tokens"), count(u.path("prompt_tokens_details"), "cached_tokens"), null,
        count(u.path("completion_tokens_details"), "reasoning_tokens"));
  }

  private static Long count(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? v.asLong() : null;
  }

  private static Object plain(JsonNode v) {
    return ai.nora.instrument.JsonValues.plain(v, ObjectMappers.jsonMapper());
  }

}
