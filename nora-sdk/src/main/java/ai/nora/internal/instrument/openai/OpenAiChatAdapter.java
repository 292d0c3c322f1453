package ai.nora.internal.instrument.openai;

import ai.nora.internal.instrument.JsonValues;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.completions.CompletionUsage;
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

  /** The span data of a request. */
  public static GenerationSpanData request(ChatCompletionCreateParams params, boolean stream) {
    JsonNode body = ObjectMappers.jsonMapper().valueToTree(params._body());
    GenerationSpanData d = new GenerationSpanData("openai", body.path("model").asText(null))
        .operation("chat").stream(stream);
    JsonValues.parameters(d, body, PARAMETERS, ObjectMappers.jsonMapper());
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

  /**
   * Fills in a response. Read through the SDK's typed getters, not as JSON: this runs on every
   * call, and converting the whole response to a tree cost more than the rest of Nora's work.
   */
  public static void response(GenerationSpanData d, ChatCompletion completion) {
    d.responseId(completion.id()).responseModel(completion.model());
    List<Message> output = new ArrayList<>(completion.choices().size());
    for (ChatCompletion.Choice choice : completion.choices()) {
      ChatCompletionMessage m = choice.message();
      List<ToolCall> calls = new ArrayList<>();
      for (ChatCompletionMessageToolCall t : m.toolCalls().orElse(List.of())) {
        if (t.isFunction()) {
          ChatCompletionMessageFunctionToolCall f = t.asFunction();
          calls.add(new ToolCall(f.id(), f.function().name(), f.function().arguments()));
        }
      }
      String content = m.content().orElse(null);
      if (content == null && m.refusal().isPresent()) {
        content = "[refusal] " + m.refusal().get();
      }
      output.add(new Message("assistant", content, null, null, calls));
    }
    d.output(output);
    if (!completion.choices().isEmpty()) {
      d.finishReason(completion.choices().get(0).finishReason().asString());
    }
    completion.usage().ifPresent(u -> d.usage(usage(u)));
  }

  /** Usage, with cached and reasoning tokens where the response says. */
  static Usage usage(CompletionUsage u) {
    return new Usage(u.promptTokens(), u.completionTokens(), u.totalTokens(),
        u.promptTokensDetails().flatMap(x -> x.cachedTokens()).orElse(null), null,
        u.completionTokensDetails().flatMap(x -> x.reasoningTokens()).orElse(null));
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

  private static Object plain(JsonNode v) {
    return ai.nora.internal.instrument.JsonValues.plain(v, ObjectMappers.jsonMapper());
  }

}
