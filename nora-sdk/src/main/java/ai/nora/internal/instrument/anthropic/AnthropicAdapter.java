package ai.nora.internal.instrument.anthropic;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Usage;
import com.anthropic.core.ObjectMappers;
import com.anthropic.errors.AnthropicServiceException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps Anthropic Messages (and beta Messages) onto generation span data, reading the JSON the API
 * exchanges through anthropic-java's own mapper. Usage is normalised: Anthropic's {@code
 * input_tokens} leaves out cache reads and writes, which are added back in. This class is
 * internal and is hence not for public use.
 */
public final class AnthropicAdapter {
  private static final String[] PARAMETERS = {"max_tokens", "temperature", "top_p", "top_k",
      "stop_sequences", "tool_choice", "thinking", "service_tier"};

  private AnthropicAdapter() {}

  /** The request's JSON body, for either the messages or the beta messages params. */
  static JsonNode body(Object params) {
    Object body;
    Map<String, ?> extra = Map.of();
    if (params instanceof com.anthropic.models.messages.MessageCreateParams) {
      com.anthropic.models.messages.MessageCreateParams p =
          (com.anthropic.models.messages.MessageCreateParams) params;
      body = p._body();
      extra = p._additionalBodyProperties();
    } else if (params instanceof com.anthropic.models.beta.messages.MessageCreateParams) {
      com.anthropic.models.beta.messages.MessageCreateParams p =
          (com.anthropic.models.beta.messages.MessageCreateParams) params;
      body = p._body();
      extra = p._additionalBodyProperties();
    } else {
      return null;
    }
    ObjectNode node = ObjectMappers.jsonMapper().valueToTree(body);
    extra.forEach((k, v) -> node.set(k, ObjectMappers.jsonMapper().valueToTree(v)));
    return node;
  }

  /** Whether these are params this adapter reads. */
  public static boolean handles(Object params) {
    return params instanceof com.anthropic.models.messages.MessageCreateParams
        || params instanceof com.anthropic.models.beta.messages.MessageCreateParams;
  }

  /** The operation spans are named after (with the model). */
  static final String OPERATION = "anthropic.messages";

  /** The span data of a request. */
  public static GenerationSpanData request(Object params, boolean stream) {
    JsonNode b = body(params);
    GenerationSpanData d = new GenerationSpanData("anthropic", b.path("model").asText(null))
        .operation("chat").stream(stream);
    ai.nora.internal.instrument.JsonValues.parameters(d, b, PARAMETERS, ObjectMappers.jsonMapper());
    if (b.path("tools").isArray()) {
      List<Object> tools = new ArrayList<>();
      b.get("tools").forEach(t -> tools.add(plain(t)));
      d.tools(tools);
    }
    List<Message> input = new ArrayList<>();
    JsonNode system = b.get("system");
    if (system != null && !system.isNull()) {
      input.add(Message.of("system", text(system)));
    }
    for (JsonNode m : b.path("messages")) {
      messages(m, input);
    }
    return d.input(input);
  }

  /** Fills in a response ({@code Message} or {@code BetaMessage}). */
  public static void response(GenerationSpanData d, Object message) {
    JsonNode r = ObjectMappers.jsonMapper().valueToTree(message);
    d.responseId(r.path("id").asText(null)).responseModel(r.path("model").asText(null));
    List<Message> out = new ArrayList<>();
    messages(r, out);
    d.output(out);
    if (r.hasNonNull("stop_reason")) {
      d.finishReason(r.get("stop_reason").asText());
    }
    d.usage(usage(r.path("usage"), null));
  }

  /** The HTTP status of a provider error, when it has one. */
  public static Integer status(Throwable t) {
    return t instanceof AnthropicServiceException ? ((AnthropicServiceException) t).statusCode() : null;
  }

  /**
   * One API message as Nora messages: text and tool_use blocks in one message of its role; each
   * tool_result block a {@code tool} message answering its call.
   */
  static void messages(JsonNode m, List<Message> out) {
    String role = m.path("role").asText("assistant");
    JsonNode content = m.get("content");
    if (content == null || content.isTextual()) {
      out.add(Message.of(role, content == null ? null : content.asText()));
      return;
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode block : content) {
      String type = block.path("type").asText();
      switch (type) {
        case "text":
          append(text, block.path("text").asText());
          break;
        case "thinking":
          append(text, "[thinking] " + block.path("thinking").asText());
          break;
        case "tool_use":
        case "server_tool_use":
          calls.add(new ToolCall(block.path("id").asText(null), block.path("name").asText(null),
              block.path("input").toString()));
          break;
        case "tool_result":
          out.add(Message.toolResult(block.path("tool_use_id").asText(null), null,
              text(block.get("content"))));
          break;
        default:
          append(text, "[" + type + "]");
      }
    }
    if (text.length() > 0 || !calls.isEmpty()) {
      out.add(new Message(role, text.length() == 0 ? null : text.toString(), null, null, calls));
    }
  }

  private static void append(StringBuilder sb, String s) {
    if (sb.length() > 0) {
      sb.append('\n');
    }
    sb.append(s);
  }

  static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode block : content) {
      append(sb, block.has("text") ? block.get("text").asText() : "[" + block.path("type").asText() + "]");
    }
    return sb.toString();
  }

  /** Usage with the cache counts folded into the input, as Nora counts it. */
  static Usage usage(JsonNode u, Long outputOverride) {
    if (u == null || !u.isObject()) {
      return null;
    }
    long in = u.path("input_tokens").asLong(0);
    long read = u.path("cache_read_input_tokens").asLong(0);
    long written = u.path("cache_creation_input_tokens").asLong(0);
    long out = outputOverride != null ? outputOverride : u.path("output_tokens").asLong(0);
    JsonNode thinking = u.path("output_tokens_details").get("thinking_tokens");
    return new Usage(in + read + written, out, in + read + written + out, read, written,
        thinking == null || thinking.isNull() ? null : thinking.asLong());
  }

  private static Object plain(JsonNode v) {
    return ai.nora.internal.instrument.JsonValues.plain(v, ObjectMappers.jsonMapper());
  }

}
