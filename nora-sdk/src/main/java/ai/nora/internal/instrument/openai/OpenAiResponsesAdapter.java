package ai.nora.internal.instrument.openai;

import ai.nora.internal.instrument.JsonValues;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the Responses API onto generation span data, from the JSON the API exchanges. Input items
 * become messages: {@code instructions} the system message, {@code function_call} items an
 * assistant's tool calls, {@code function_call_output} items tool results (so tool runs between
 * two calls are traced as with chat completions). This class is internal and is hence not for
 * public use.
 */
final class OpenAiResponsesAdapter {
  private static final String[] PARAMETERS = {"temperature", "top_p", "max_output_tokens",
      "tool_choice", "parallel_tool_calls", "reasoning", "service_tier", "truncation",
      "previous_response_id", "store", "top_logprobs", "max_tool_calls", "user"};

  private OpenAiResponsesAdapter() {}

  static GenerationSpanData request(ResponseCreateParams params, boolean stream) {
    JsonNode body = ObjectMappers.jsonMapper().valueToTree(params._body());
    GenerationSpanData d = new GenerationSpanData("openai", body.path("model").asText(null))
        .operation("responses").stream(stream);
    JsonValues.parameters(d, body, PARAMETERS, ObjectMappers.jsonMapper());
    JsonNode format = body.path("text").get("format");
    if (format != null && format.isObject()) {
      d.parameter("response_format", format.hasNonNull("name")
          ? format.path("type").asText() + ":" + format.get("name").asText() : format.path("type").asText());
    }
    if (body.path("tools").isArray() && body.get("tools").size() > 0) {
      List<Object> tools = new ArrayList<>();
      body.get("tools").forEach(t -> tools.add(JsonValues.plain(t, ObjectMappers.jsonMapper())));
      d.tools(tools);
    }
    List<Message> input = new ArrayList<>();
    if (body.hasNonNull("instructions")) {
      input.add(Message.of("system", body.get("instructions").asText()));
    }
    JsonNode items = body.get("input");
    if (items != null && items.isTextual()) {
      input.add(Message.of("user", items.asText()));
    } else if (items != null) {
      for (JsonNode item : items) {
        inputItem(item, input);
      }
    }
    return d.input(input);
  }

  static void response(GenerationSpanData d, Response response) {
    response(d, (JsonNode) ObjectMappers.jsonMapper().valueToTree(response));
  }

  /** Fills in a response, given as the API's JSON (a streamed call's final event carries it). */
  static void response(GenerationSpanData d, JsonNode r) {
    d.responseId(r.path("id").asText(null)).responseModel(r.path("model").asText(null));
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode item : r.path("output")) {
      switch (item.path("type").asText()) {
        case "message":
          append(text, OpenAiChatAdapter.text(item.get("content")));
          break;
        case "function_call":
          calls.add(new ToolCall(item.path("call_id").asText(null), item.path("name").asText(null),
              item.path("arguments").asText(null)));
          break;
        case "reasoning":
          for (JsonNode s : item.path("summary")) {
            append(text, "[thinking] " + s.path("text").asText());
          }
          break;
        default:
          append(text, "[" + item.path("type").asText() + "]");
      }
    }
    d.output(List.of(new Message("assistant", text.length() == 0 ? null : text.toString(), null, null, calls)));
    d.finishReason(finishReason(r, !calls.isEmpty()));
    JsonNode u = r.get("usage");
    if (u != null && u.isObject()) {
      d.usage(new Usage(count(u, "input_tokens"), count(u, "output_tokens"), count(u, "total_tokens"),
          count(u.path("input_tokens_details"), "cached_tokens"), null,
          count(u.path("output_tokens_details"), "reasoning_tokens")));
    }
  }

  /** Chat-style finish reasons, so that both APIs filter alike. */
  private static String finishReason(JsonNode r, boolean toolCalls) {
    switch (r.path("status").asText()) {
      case "completed":
        return toolCalls ? "tool_calls" : "stop";
      case "incomplete":
        return r.path("incomplete_details").path("reason").asText("incomplete");
      case "":
        return null;
      default:
        return r.path("status").asText();
    }
  }

  private static void inputItem(JsonNode item, List<Message> out) {
    String type = item.path("type").asText("message");
    switch (type) {
      case "message":
        out.add(Message.of(item.path("role").asText("user"), OpenAiChatAdapter.text(item.get("content"))));
        break;
      case "function_call":
        out.add(Message.toolCalls(null, List.of(new ToolCall(item.path("call_id").asText(null),
            item.path("name").asText(null), item.path("arguments").asText(null)))));
        break;
      case "function_call_output":
        JsonNode output = item.path("output");
        out.add(Message.toolResult(item.path("call_id").asText(null), null,
            output.isTextual() ? output.asText() : output.toString()));
        break;
      default:
        // reasoning items and server-side tool calls echoed back: context, not conversation
        break;
    }
  }

  private static void append(StringBuilder sb, String s) {
    if (s != null && !s.isEmpty()) {
      sb.append(sb.length() > 0 ? "\n" : "").append(s);
    }
  }

  private static Long count(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? v.asLong() : null;
  }
}
