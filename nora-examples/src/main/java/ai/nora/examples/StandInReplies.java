package ai.nora.examples;

import ai.nora.examples.StandInAnswers.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stand-in's replies in each API's own shape: a recorded response of the real service (its
 * fields, ids' form, headers of the stream) with the answer written for the example, its token
 * counts and the model asked for put in. Streams are cut into one chunk a word, as the services
 * send them, and carry usage as each service does (OpenAI's only when asked for).
 */
final class StandInReplies {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final StandInAnswers answers;
  private final AtomicLong ids = new AtomicLong();

  StandInReplies(StandInAnswers answers) {
    this.answers = answers;
  }

  /** A reply: its content type and body. */
  record Reply(String contentType, String body) {}

  // ------------------------------------------------------------------ OpenAI chat completions

  Reply openAiChat(JsonNode request) {
    JsonNode messages = request.path("messages");
    JsonNode last = messages.path(messages.size() - 1);
    Answer answer = answers.answer(text(last.get("content")), request.path("tools").size() > 0);
    String model = request.path("model").asText("gpt-4o-mini");
    long in = StandInAnswers.tokens(messages.toString());
    long out = answer.isToolCall() ? 12L * answer.toolArguments().size() : StandInAnswers.tokens(answer.text());
    String id = "chatcmpl-standin" + ids.incrementAndGet();
    if (request.path("stream").asBoolean(false)) {
      boolean usage = request.path("stream_options").path("include_usage").asBoolean(false);
      return new Reply("text/event-stream", openAiStream(id, model, answer.text(), in, out, usage));
    }
    ObjectNode body = template("openai/chat-plain.json");
    body.put("id", id).put("model", model);
    ObjectNode choice = (ObjectNode) body.path("choices").get(0);
    ObjectNode message = (ObjectNode) choice.get("message");
    if (answer.isToolCall()) {
      message.putNull("content");
      ArrayNode calls = message.putArray("tool_calls");
      String tool = request.path("tools").get(0).path("function").path("name").asText();
      for (String args : answer.toolArguments()) {
        calls.addObject().put("id", "call_standin" + ids.incrementAndGet()).put("type", "function")
            .putObject("function").put("name", tool).put("arguments", args);
      }
      choice.put("finish_reason", "tool_calls");
    } else {
      message.put("content", answer.text());
    }
    ObjectNode u = (ObjectNode) body.get("usage");
    u.put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
    return new Reply("application/json", body.toString());
  }

  private String openAiStream(String id, String model, String text, long in, long out, boolean usage) {
    StringBuilder sse = new StringBuilder();
    List<String> pieces = new ArrayList<>(words(text));
    pieces.add(0, "");
    for (int i = 0; i <= pieces.size(); i++) {
      ObjectNode chunk = F.objectNode().put("id", id).put("object", "chat.completion.chunk")
          .put("created", System.currentTimeMillis() / 1000).put("model", model)
          .put("system_fingerprint", "fp_standin");
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
      ObjectNode delta = choice.putObject("delta");
      if (i == 0) {
        delta.put("role", "assistant").put("content", "");
      } else if (i < pieces.size()) {
        delta.put("content", pieces.get(i));
      }
      choice.putNull("logprobs");
      if (i == pieces.size()) {
        choice.put("finish_reason", "stop");
      } else {
        choice.putNull("finish_reason");
      }
      chunk.putNull("usage");
      sse.append("data: ").append(chunk).append("\n\n");
    }
    if (usage) {
      ObjectNode last = F.objectNode().put("id", id).put("object", "chat.completion.chunk")
          .put("created", System.currentTimeMillis() / 1000).put("model", model);
      last.putArray("choices");
      last.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
      sse.append("data: ").append(last).append("\n\n");
    }
    return sse.append("data: [DONE]\n\n").toString();
  }

  // ------------------------------------------------------------------ Anthropic messages

  Reply anthropic(JsonNode request) {
    JsonNode messages = request.path("messages");
    JsonNode last = messages.path(messages.size() - 1);
    Answer answer = answers.answer(text(last.get("content")), request.path("tools").size() > 0);
    String model = request.path("model").asText("claude-haiku-4-5");
    long in = StandInAnswers.tokens(messages.toString() + request.path("system"));
    long out = answer.isToolCall() ? 30L * answer.toolArguments().size() : StandInAnswers.tokens(answer.text());
    String id = "msg_standin" + ids.incrementAndGet();
    if (request.path("stream").asBoolean(false)) {
      return new Reply("text/event-stream", anthropicStream(id, model, answer.text(), in, out));
    }
    ObjectNode body = template("anthropic/messages-plain.json");
    body.put("id", id).put("model", model);
    ArrayNode content = body.putArray("content");
    if (answer.isToolCall()) {
      String tool = request.path("tools").get(0).path("name").asText();
      for (String args : answer.toolArguments()) {
        content.addObject().put("type", "tool_use").put("id", "toolu_standin" + ids.incrementAndGet())
            .put("name", tool).set("input", parse(args));
      }
      body.put("stop_reason", "tool_use");
    } else {
      content.addObject().put("type", "text").put("text", answer.text());
    }
    ((ObjectNode) body.get("usage")).put("input_tokens", in).put("output_tokens", out);
    return new Reply("application/json", body.toString());
  }

  private String anthropicStream(String id, String model, String text, long in, long out) {
    StringBuilder sse = new StringBuilder();
    ObjectNode start = F.objectNode().put("type", "message_start");
    ObjectNode message = start.putObject("message").put("model", model).put("id", id).put("type", "message")
        .put("role", "assistant");
    message.putArray("content");
    message.putNull("stop_reason").putNull("stop_sequence");
    message.putObject("usage").put("input_tokens", in).put("cache_creation_input_tokens", 0)
        .put("cache_read_input_tokens", 0).put("output_tokens", 1);
    event(sse, "message_start", start);
    ObjectNode blockStart = F.objectNode().put("type", "content_block_start").put("index", 0);
    blockStart.putObject("content_block").put("type", "text").put("text", "");
    event(sse, "content_block_start", blockStart);
    for (String piece : words(text)) {
      ObjectNode delta = F.objectNode().put("type", "content_block_delta").put("index", 0);
      delta.putObject("delta").put("type", "text_delta").put("text", piece);
      event(sse, "content_block_delta", delta);
    }
    event(sse, "content_block_stop", F.objectNode().put("type", "content_block_stop").put("index", 0));
    ObjectNode end = F.objectNode().put("type", "message_delta");
    end.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
    end.putObject("usage").put("output_tokens", out);
    event(sse, "message_delta", end);
    event(sse, "message_stop", F.objectNode().put("type", "message_stop"));
    return sse.toString();
  }

  private static void event(StringBuilder sse, String name, JsonNode data) {
    sse.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
  }

  // ------------------------------------------------------------------ Gemini generateContent

  Reply gemini(String path, JsonNode request) {
    JsonNode contents = request.path("contents");
    JsonNode last = contents.path(contents.size() - 1);
    JsonNode declarations = request.path("tools").path(0).path("functionDeclarations");
    Answer answer = answers.answer(text(last.get("parts")), declarations.size() > 0);
    int models = path.indexOf("/models/");
    String model = models < 0 ? "gemini-2.5-flash" : path.substring(models + 8, path.indexOf(':', models));
    long in = StandInAnswers.tokens(contents.toString());
    long out = answer.isToolCall() ? 8L * answer.toolArguments().size() : StandInAnswers.tokens(answer.text());
    String id = "standin" + ids.incrementAndGet();
    if (path.contains(":streamGenerateContent")) {
      StringBuilder sse = new StringBuilder();
      List<String> pieces = words(answer.text());
      for (int i = 0; i < pieces.size(); i++) {
        boolean lastPiece = i == pieces.size() - 1;
        ObjectNode chunk = geminiBody(model, id, in, lastPiece ? out : i + 1);
        ObjectNode candidate = (ObjectNode) chunk.path("candidates").get(0);
        ((ObjectNode) candidate.get("content")).putArray("parts").addObject().put("text", pieces.get(i));
        if (lastPiece) {
          candidate.put("finishReason", "STOP");
        }
        sse.append("data: ").append(chunk).append("\r\n\r\n");
      }
      return new Reply("text/event-stream", sse.toString());
    }
    ObjectNode body = geminiBody(model, id, in, out);
    ObjectNode candidate = (ObjectNode) body.path("candidates").get(0);
    ArrayNode parts = ((ObjectNode) candidate.get("content")).putArray("parts");
    if (answer.isToolCall()) {
      String function = declarations.get(0).path("name").asText();
      for (String args : answer.toolArguments()) {
        parts.addObject().putObject("functionCall").put("name", function).set("args", parse(args));
      }
    } else {
      parts.addObject().put("text", answer.text());
    }
    candidate.put("finishReason", "STOP");
    return new Reply("application/json", body.toString());
  }

  private ObjectNode geminiBody(String model, String id, long in, long out) {
    ObjectNode body = template("gemini/generate-plain.json");
    ObjectNode candidate = (ObjectNode) body.path("candidates").get(0);
    candidate.remove("finishReason");
    body.putObject("usageMetadata").put("promptTokenCount", in).put("candidatesTokenCount", out)
        .put("totalTokenCount", in + out);
    body.put("modelVersion", model).put("responseId", id);
    return body;
  }

  // ------------------------------------------------------------------ shared

  /** The text of a message's content in any API's shape: a string, parts, blocks, tool results. */
  static String text(JsonNode content) {
    if (content == null || content.isNull() || content.isMissingNode()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content.isArray() ? content : List.of(content)) {
      if (part.isTextual()) {
        sb.append(part.asText());
      } else if (part.has("text")) {
        sb.append(part.get("text").asText());
      } else if (part.has("content")) {
        sb.append(text(part.get("content")));
      } else if (part.has("functionResponse")) {
        sb.append(part.get("functionResponse").path("response").toString());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** A text as a service streams it: a word (with the space before it) a chunk. */
  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    String s = text == null ? "" : text;
    int from = 0;
    for (int i = 1; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == ' ') {
        out.add(s.substring(from, i));
        from = i;
      }
    }
    if (out.isEmpty()) {
      out.add("");
    }
    return out;
  }

  private static ObjectNode template(String name) {
    try (InputStream in = StandInReplies.class.getResourceAsStream("/standin/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the stand-in's recording " + name + " is missing from this build");
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return F.textNode(json);
    }
  }
}
