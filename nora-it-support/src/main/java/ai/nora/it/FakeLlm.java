package ai.nora.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local stand-in for OpenAI, Anthropic, Gemini and Ollama, in each one's wire format, sync and
 * streamed: to a question it answers by asking for two tools (weather, time); to a request that
 * carries their results, with the final answer. Stateless, so any number of clients may share it.
 */
public final class FakeLlm implements AutoCloseable {
  public static final String ANSWER = "It is sunny and 18 C in Paris, 14:00 there.";
  /** A prompt with this in it is refused with 503. */
  public static final String FAIL = "(please fail)";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private final HttpServer server;
  public final List<String> requests = new CopyOnWriteArrayList<>();

  public FakeLlm() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::answer);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().toString();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(path + " " + body);
    if (body.contains(FAIL)) {
      send(ex, 503, "application/json", "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
      return;
    }
    boolean done = body.contains("sunny") || !body.contains("\"tools\"") && !body.contains("\"functionDeclarations\"");
    boolean stream = body.replace(" ", "").contains("\"stream\":true") || path.contains("streamGenerateContent");
    String reply;
    String type = stream ? "text/event-stream" : "application/json";
    if (path.endsWith("/embeddings")) {
      send(ex, 200, "application/json", embeddings(body));
      return;
    }
    if (path.contains("/chat/completions")) {
      reply = stream ? openAiStream(done) : openAi(done);
    } else if (path.endsWith("/messages")) {
      reply = stream ? anthropicStream(done) : anthropic(done);
    } else if (path.contains("generateContent") || path.contains("GenerateContent")) {
      reply = stream ? "data: " + gemini(done) + "\n\n" : gemini(done);
    } else if (path.endsWith("/api/chat")) {
      reply = stream ? ollamaStream(done) : ollama(done, true);
      type = stream ? "application/x-ndjson" : "application/json";
    } else {
      reply = "{\"error\":{\"message\":\"unknown path " + path + "\"}}";
      send(ex, 404, "application/json", reply);
      return;
    }
    send(ex, 200, type, reply);
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  // ---------------------------------------------------------------- OpenAI

  /** One three-dimensional vector per input text. */
  private static String embeddings(String body) {
    int inputs;
    try {
      com.fasterxml.jackson.databind.JsonNode input = JSON.readTree(body).path("input");
      inputs = input.isArray() ? input.size() : 1;
    } catch (IOException e) {
      inputs = 1;
    }
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < inputs; i++) {
      data.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
          .append(",\"embedding\":[0.").append(i % 9 + 1).append(",0.2,0.3]}");
    }
    return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"text-embedding-3-small\","
        + "\"usage\":{\"prompt_tokens\":" + 4 * inputs + ",\"total_tokens\":" + 4 * inputs + "}}";
  }

  private static String openAi(boolean done) {
    String message = done
        ? "{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\"}"
        : "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
            + "{\"id\":\"call_w\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
            + "{\"id\":\"call_t\",\"type\":\"function\",\"function\":{\"name\":\"time\",\"arguments\":\"{\\\"zone\\\":\\\"CET\\\"}\"}}]}";
    return "{\"id\":\"chatcmpl-" + (done ? 2 : 1) + "\",\"object\":\"chat.completion\",\"created\":1730000000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":" + message
        + ",\"finish_reason\":\"" + (done ? "stop" : "tool_calls") + "\"}],"
        + "\"usage\":{\"prompt_tokens\":" + (done ? 120 : 80) + ",\"completion_tokens\":" + (done ? 15 : 30)
        + ",\"total_tokens\":" + (done ? 135 : 110) + ",\"prompt_tokens_details\":{\"cached_tokens\":" + (done ? 64 : 0)
        + "},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}";
  }

  private static String openAiStream(boolean done) {
    String head = "data: {\"id\":\"chatcmpl-" + (done ? 2 : 1) + "\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":";
    StringBuilder sb = new StringBuilder();
    if (done) {
      sb.append(head).append("{\"role\":\"assistant\",\"content\":\"It is sunny \"},\"finish_reason\":null}]}\n\n");
      sb.append(head).append("{\"content\":\"and 18 C in Paris, 14:00 there.\"},\"finish_reason\":null}]}\n\n");
      sb.append(head).append("{},\"finish_reason\":\"stop\"}]}\n\n");
    } else {
      sb.append(head).append("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_w\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n");
      sb.append(head).append("{\"tool_calls\":[{\"index\":1,\"id\":\"call_t\",\"type\":\"function\",\"function\":{\"name\":\"time\",\"arguments\":\"{\\\"zone\\\":\\\"CET\\\"}\"}}]},\"finish_reason\":null}]}\n\n");
      sb.append(head).append("{},\"finish_reason\":\"tool_calls\"}]}\n\n");
    }
    sb.append("data: {\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],"
        + "\"usage\":{\"prompt_tokens\":" + (done ? 120 : 80) + ",\"completion_tokens\":" + (done ? 15 : 30) + ",\"total_tokens\":" + (done ? 135 : 110) + "}}\n\n");
    sb.append("data: [DONE]\n\n");
    return sb.toString();
  }

  // ---------------------------------------------------------------- Anthropic

  private static String anthropic(boolean done) {
    String content = done
        ? "[{\"type\":\"text\",\"text\":\"" + ANSWER + "\"}]"
        : "[{\"type\":\"tool_use\",\"id\":\"toolu_w\",\"name\":\"weather\",\"input\":{\"city\":\"Paris\"}},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_t\",\"name\":\"time\",\"input\":{\"zone\":\"CET\"}}]";
    return "{\"id\":\"msg_" + (done ? 2 : 1) + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\","
        + "\"content\":" + content + ",\"stop_reason\":\"" + (done ? "end_turn" : "tool_use") + "\",\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":" + (done ? 100 : 60) + ",\"output_tokens\":" + (done ? 15 : 30)
        + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":" + (done ? 20 : 0) + "}}";
  }

  private static String anthropicStream(boolean done) {
    StringBuilder sb = new StringBuilder();
    sb.append(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_" + (done ? 2 : 1)
        + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\",\"content\":[],\"stop_reason\":null,"
        + "\"usage\":{\"input_tokens\":" + (done ? 100 : 60) + ",\"output_tokens\":1,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":" + (done ? 20 : 0) + "}}}"));
    if (done) {
      sb.append(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
      sb.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"It is sunny \"}}"));
      sb.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"and 18 C in Paris, 14:00 there.\"}}"));
      sb.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    } else {
      String[][] tools = {{"toolu_w", "weather", "{\\\"city\\\":\\\"Paris\\\"}"}, {"toolu_t", "time", "{\\\"zone\\\":\\\"CET\\\"}"}};
      for (int i = 0; i < 2; i++) {
        sb.append(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + i
            + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + tools[i][0] + "\",\"name\":\"" + tools[i][1] + "\",\"input\":{}}}"));
        sb.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + i
            + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + tools[i][2] + "\"}}"));
        sb.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + i + "}"));
      }
    }
    sb.append(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + (done ? "end_turn" : "tool_use")
        + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + (done ? 15 : 30) + "}}"));
    sb.append(event("message_stop", "{\"type\":\"message_stop\"}"));
    return sb.toString();
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  // ---------------------------------------------------------------- Gemini

  private static String gemini(boolean done) {
    String parts = done
        ? "[{\"text\":\"" + ANSWER + "\"}]"
        : "[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Paris\"}}},"
            + "{\"functionCall\":{\"name\":\"time\",\"args\":{\"zone\":\"CET\"}}}]";
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":" + parts + "},\"finishReason\":\"STOP\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":" + (done ? 90 : 70) + ",\"candidatesTokenCount\":" + (done ? 15 : 25)
        + ",\"totalTokenCount\":" + (done ? 105 : 95) + "},\"modelVersion\":\"gemini-2.0-flash-001\",\"responseId\":\"resp-" + (done ? 2 : 1) + "\"}";
  }

  // ---------------------------------------------------------------- Ollama

  private static String ollama(boolean done, boolean last) {
    String message = done
        ? "{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\"}"
        : "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
            + "{\"function\":{\"index\":0,\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\"}}},"
            + "{\"function\":{\"index\":1,\"name\":\"time\",\"arguments\":{\"zone\":\"CET\"}}}]}";
    return "{\"model\":\"llama3.2\",\"created_at\":\"2026-12-01T10:00:00Z\",\"message\":" + message
        + ",\"done\":" + last + ",\"done_reason\":\"stop\",\"total_duration\":1000,\"prompt_eval_count\":" + (done ? 85 : 65)
        + ",\"eval_count\":" + (done ? 15 : 20) + "}";
  }

  private static String ollamaStream(boolean done) {
    if (!done) {
      // As Ollama streams them: one tool call per chunk, then the closing chunk.
      return "{\"model\":\"llama3.2\",\"created_at\":\"2026-12-01T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
          + "\"tool_calls\":[{\"function\":{\"index\":0,\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\"}}}]},\"done\":false}\n"
          + "{\"model\":\"llama3.2\",\"created_at\":\"2026-12-01T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
          + "\"tool_calls\":[{\"function\":{\"index\":1,\"name\":\"time\",\"arguments\":{\"zone\":\"CET\"}}}]},\"done\":false}\n"
          + "{\"model\":\"llama3.2\",\"created_at\":\"2026-12-01T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
          + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":65,\"eval_count\":20}\n";
    }
    return "{\"model\":\"llama3.2\",\"created_at\":\"2026-12-01T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"It is sunny \"},\"done\":false}\n"
        + "{\"model\":\"llama3.2\",\"created_at\":\"2026-12-01T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"and 18 C in Paris, 14:00 there.\"},\"done\":false}\n"
        + "{\"model\":\"llama3.2\",\"created_at\":\"2026-12-01T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":85,\"eval_count\":15}\n";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
