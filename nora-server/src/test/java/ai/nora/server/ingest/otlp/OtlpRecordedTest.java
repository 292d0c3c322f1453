package ai.nora.server.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.TestServer;
import ai.nora.server.TestServer.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OTLP requests recorded from real libraries, and payloads in the shape of those that cannot
 * run here (Python's older OpenLLMetry, Spring AI's observations bridged to OpenTelemetry),
 * attribute for attribute as {@code shared/notes/otel-genai-clients.md} lists them.
 */
class OtlpRecordedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECORDED_TRACE = "546248b1c506ce1b63553fe470ede1ad";
  private static final Map<String, String> PROTOBUF = Map.of("Content-Type", "application/x-protobuf");
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void genAiEventsInLogRecords_becomeTheMessagesOfTheirSpan_inEitherOrder() throws IOException {
    String spansFirst = server.newProjectKey();
    assertThat(post(spansFirst, "/otlp/v1/traces", recorded("traces")).status()).isEqualTo(200);
    assertThat(post(spansFirst, "/otlp/v1/logs", recorded("logs")).status()).isEqualTo(200);
    String logsFirst = server.newProjectKey();
    assertThat(post(logsFirst, "/otlp/v1/logs", recorded("logs")).status()).isEqualTo(200);
    assertThat(server.get("/v1/traces/" + RECORDED_TRACE, logsFirst).status()).isEqualTo(404);
    assertThat(post(logsFirst, "/otlp/v1/traces", recorded("traces")).status()).isEqualTo(200);
    // The same logs again (an exporter's retry): nothing doubles.
    assertThat(post(logsFirst, "/otlp/v1/logs", recorded("logs")).status()).isEqualTo(200);

    JsonNode a = calls(spansFirst);
    JsonNode b = calls(logsFirst);
    assertThat(b).isEqualTo(a);
    assertThat(a).hasSize(3);
    assertThat(a.get(0).path("input").toString()).isEqualTo(
        "[{\"role\":\"system\",\"content\":\"You are a weather assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]");
    assertThat(a.get(0).path("tool_calls").toString()).isEqualTo(
        "[{\"id\":\"call_weather_1\",\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}]");
    assertThat(a.get(1).path("input")).hasSize(4);
    assertThat(a.get(1).path("output").get(0).path("content").asText()).isEqualTo("It is 18 °C and sunny in Paris.");
    assertThat(a.get(2).path("output").get(0).path("content").asText()).isEqualTo("Bring sunglasses.");
  }

  @Test
  void gzippedLogs_andSpanEventsOfTheSameNames() {
    String key = server.newProjectKey();
    assertThat(server.send("POST", "/otlp/v1/logs", key, TestServer.gzip(recordedUnchecked("logs")),
        Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "gzip")).status()).isEqualTo(200);
    assertThat(post(key, "/otlp/v1/traces", recordedUnchecked("traces")).status()).isEqualTo(200);
    assertThat(calls(key).get(0).path("input")).hasSize(2);

    String trace = "4af7651916cd43dd8448eb211c80319c";
    String spans = spans(trace, "d7ad6b7169203331", "", "chat gpt-4o", 0, attrs(
        "gen_ai.operation.name", "chat", "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o"))
        .replace("\"attributes\":[", "\"events\":["
            + "{\"name\":\"gen_ai.user.message\",\"timeUnixNano\":\"" + nowNanos() + "\",\"attributes\":"
            + attrs("content", "Hi there") + "},"
            + "{\"name\":\"gen_ai.choice\",\"timeUnixNano\":\"" + nowNanos() + "\",\"attributes\":"
            + attrs("finish_reason", "stop", "message", "{\"role\":\"assistant\",\"content\":\"Hello.\"}") + "}],"
            + "\"attributes\":[");
    assertThat(server.send("POST", "/otlp/v1/traces", key, spans, null).status()).isEqualTo(200);
    JsonNode call = server.get("/v1/traces/" + trace, key).body().path("spans").get(0);
    assertThat(call.path("input").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Hi there\"}]");
    assertThat(call.path("output").toString()).isEqualTo("[{\"role\":\"assistant\",\"content\":\"Hello.\"}]");
    assertThat(call.path("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void norasOwnItem_onlyWithAKnownType_andTheSpansStatusWins() {
    String key = server.newProjectKey();
    String trace = "5af7651916cd43dd8448eb211c80319c";
    String bogus = spans(trace, "e7ad6b7169203331", "", "odd", 0, attrs(
        "nora.span.item", "{\"type\":\"weird\",\"name\":\"odd\",\"cost\":99}"));
    String lying = spans(trace, "e7ad6b7169203332", "e7ad6b7169203331", "step", 1, attrs(
        "nora.span.item", "{\"type\":\"custom\",\"name\":\"step\",\"status\":\"pending\",\"data\":{\"k\":1}}"));
    assertThat(server.send("POST", "/otlp/v1/traces", key, bogus, null).status()).isEqualTo(200);
    assertThat(server.send("POST", "/otlp/v1/traces", key, lying, null).status()).isEqualTo(200);
    Map<String, JsonNode> byId = new java.util.HashMap<>();
    server.get("/v1/traces/" + trace, key).body().path("spans").forEach(x -> byId.put(x.path("id").asText(), x));
    assertThat(byId.get("e7ad6b7169203331").path("type").asText()).as("an unknown type: read as any span").isEqualTo("custom");
    assertThat(byId.get("e7ad6b7169203331").has("cost")).isFalse();
    assertThat(byId.get("e7ad6b7169203332").path("status").asText()).isEqualTo("success");
    assertThat(byId.get("e7ad6b7169203332").path("data").path("k").asInt()).isEqualTo(1);
  }

  private static byte[] recordedUnchecked(String what) {
    try {
      return recorded(what);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode calls(String key) {
    JsonNode trace = server.get("/v1/traces/" + RECORDED_TRACE, key).body();
    List<JsonNode> calls = new ArrayList<>();
    trace.path("spans").forEach(s -> {
      if ("generation".equals(s.path("type").asText())) {
        calls.add(s);
      }
    });
    return JSON.valueToTree(calls);
  }

  @Test
  void logsInJson_withTheEventNameAsAnAttribute_andOthersIgnored() {
    String key = server.newProjectKey();
    String trace = "0af7651916cd43dd8448eb211c80319c";
    String logs = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
        + "{\"timeUnixNano\":\"" + nowNanos() + "\",\"traceId\":\"" + trace + "\",\"spanId\":\"b7ad6b7169203331\","
        + "\"attributes\":[{\"key\":\"event.name\",\"value\":{\"stringValue\":\"gen_ai.user.message\"}}],"
        + "\"body\":{\"kvlistValue\":{\"values\":[{\"key\":\"content\",\"value\":{\"stringValue\":\"Hi\"}}]}}},"
        + "{\"timeUnixNano\":\"" + nowNanos() + "\",\"eventName\":\"app.started\",\"body\":{\"stringValue\":\"up\"}},"
        + "{\"timeUnixNano\":\"" + nowNanos() + "\",\"traceId\":\"" + trace + "\",\"spanId\":\"b7ad6b7169203331\","
        + "\"eventName\":\"gen_ai.choice\",\"body\":{\"kvlistValue\":{\"values\":["
        + "{\"key\":\"finish_reason\",\"value\":{\"stringValue\":\"stop\"}},"
        + "{\"key\":\"message\",\"value\":{\"kvlistValue\":{\"values\":[{\"key\":\"content\",\"value\":{\"stringValue\":\"Hello!\"}}]}}}]}}},"
        + "{\"eventName\":\"gen_ai.user.message\",\"spanId\":\"b7ad6b7169203331\",\"body\":{\"stringValue\":\"no trace id\"}},"
        // The Responses API's form: the whole exchange in one event, structured attributes.
        + "{\"timeUnixNano\":\"" + nowNanos() + "\",\"traceId\":\"" + trace + "\",\"spanId\":\"c7ad6b7169203331\","
        + "\"eventName\":\"gen_ai.client.inference.operation.details\",\"attributes\":["
        + "{\"key\":\"gen_ai.input.messages\",\"value\":{\"arrayValue\":{\"values\":[{\"kvlistValue\":{\"values\":["
        + "{\"key\":\"role\",\"value\":{\"stringValue\":\"user\"}},{\"key\":\"parts\",\"value\":{\"arrayValue\":{\"values\":["
        + "{\"kvlistValue\":{\"values\":[{\"key\":\"type\",\"value\":{\"stringValue\":\"text\"}},"
        + "{\"key\":\"content\",\"value\":{\"stringValue\":\"Summarise\"}}]}}]}}}]}}]}}}]}"
        + "]}]}]}";
    Answer answer = server.send("POST", "/otlp/v1/logs", key, logs, null);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().path("partialSuccess").path("rejectedLogRecords").asInt()).isEqualTo(1);
    assertThat(server.get("/v1/traces/" + trace, key).status()).as("no span yet").isEqualTo(404);
    assertThat(answer.body().path("partialSuccess").path("errorMessage").asText())
        .isEqualTo("logRecord 3 ('gen_ai.user.message'): a GenAI event must name its span: traceId (16 bytes) and spanId (8 bytes) in hex");
    String spans = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + trace + "\","
        + "\"spanId\":\"b7ad6b7169203331\",\"name\":\"chat gpt-4o\",\"startTimeUnixNano\":\"" + nowNanos() + "\","
        + "\"endTimeUnixNano\":\"" + nowNanos() + "\",\"attributes\":["
        + "{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},"
        + "{\"key\":\"gen_ai.system\",\"value\":{\"stringValue\":\"openai\"}},"
        + "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}}]},"
        + "{\"traceId\":\"" + trace + "\",\"spanId\":\"c7ad6b7169203331\",\"parentSpanId\":\"b7ad6b7169203331\","
        + "\"name\":\"responses gpt-4o\",\"startTimeUnixNano\":\"" + nowNanos() + "\",\"endTimeUnixNano\":\"" + nowNanos() + "\","
        + "\"attributes\":[{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},"
        + "{\"key\":\"gen_ai.provider.name\",\"value\":{\"stringValue\":\"openai\"}}]}]}]}]}";
    assertThat(server.send("POST", "/otlp/v1/traces", key, spans, null).status()).isEqualTo(200);
    JsonNode both = server.get("/v1/traces/" + trace, key).body().path("spans");
    JsonNode call = both.get(0).path("id").asText().equals("b7ad6b7169203331") ? both.get(0) : both.get(1);
    JsonNode responses = both.get(0) == call ? both.get(1) : both.get(0);
    assertThat(responses.path("input").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Summarise\"}]");
    assertThat(call.path("input").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Hi\"}]");
    assertThat(call.path("output").toString()).isEqualTo("[{\"role\":\"assistant\",\"content\":\"Hello!\"}]");
    assertThat(call.path("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void olderOpenLlmetry_flattenedMessagesToolCallsFinishReasonsAndCachedTokens() {
    String key = server.newProjectKey();
    String trace = "1af7651916cd43dd8448eb211c80319c";
    String spans = spans(trace, "b7ad6b7169203332", "", "anthropic.chat", 0, attrs(
        "llm.request.type", "chat", "gen_ai.system", "Anthropic", "gen_ai.request.model", "claude-3-5-sonnet",
        "gen_ai.response.model", "claude-3-5-sonnet-20241022", "llm.is_streaming", true,
        "gen_ai.prompt.0.role", "user", "gen_ai.prompt.0.content", "Weather in Paris?",
        "gen_ai.prompt.1.role", "assistant",
        "gen_ai.prompt.1.tool_calls.0.id", "toolu_1", "gen_ai.prompt.1.tool_calls.0.name", "get_weather",
        "gen_ai.prompt.1.tool_calls.0.arguments", "{\"city\":\"Paris\"}",
        "gen_ai.prompt.2.role", "tool", "gen_ai.prompt.2.content", "18 C", "gen_ai.prompt.2.tool_call_id", "toolu_1",
        "gen_ai.completion.0.role", "assistant", "gen_ai.completion.0.content", "It is 18 C.",
        "gen_ai.completion.0.finish_reason", "end_turn",
        "gen_ai.usage.prompt_tokens", 100, "gen_ai.usage.completion_tokens", 20, "llm.usage.total_tokens", 120,
        "gen_ai.usage.cache_read_input_tokens", 64,
        "llm.request.functions.0.name", "get_weather", "llm.request.functions.0.description", "Weather",
        "llm.request.functions.0.parameters", "{\"type\":\"object\"}"));
    assertThat(server.send("POST", "/otlp/v1/traces", key, spans, null).status()).isEqualTo(200);
    JsonNode call = server.get("/v1/traces/" + trace, key).body().path("spans").get(0);
    assertThat(call.path("type").asText()).isEqualTo("generation");
    assertThat(call.path("provider").asText()).isEqualTo("anthropic");
    assertThat(call.path("stream").asBoolean()).isTrue();
    assertThat(call.path("input").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"toolu_1\",\"name\":\"get_weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}]},"
        + "{\"role\":\"tool\",\"content\":\"18 C\",\"tool_call_id\":\"toolu_1\"}]");
    assertThat(call.path("output").toString()).isEqualTo("[{\"role\":\"assistant\",\"content\":\"It is 18 C.\"}]");
    assertThat(call.path("finish_reason").asText()).isEqualTo("end_turn");
    assertThat(call.path("usage").path("cached_tokens").asInt()).isEqualTo(64);
    assertThat(call.path("usage").path("total_tokens").asInt()).isEqualTo(120);
    assertThat(call.path("tools").toString())
        .isEqualTo("[{\"name\":\"get_weather\",\"description\":\"Weather\",\"parameters\":{\"type\":\"object\"}}]");
  }

  @Test
  void springAi11_ownUsageAfterATool_toolArgumentsAndResult_frameworkSpansFlagged() {
    String key = server.newProjectKey();
    String trace = "2af7651916cd43dd8448eb211c80319c";
    String client = "a000000000000001";
    String advisor = "a000000000000002";
    String spans = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
        + span(trace, client, "", "spring_ai chat_client", 0, 100, attrs("gen_ai.operation.name", "framework",
            "spring.ai.kind", "chat_client", "gen_ai.system", "spring_ai")) + ","
        + span(trace, advisor, client, "call", 1, 99, attrs("gen_ai.operation.name", "framework",
            "spring.ai.kind", "advisor", "gen_ai.system", "spring_ai")) + ","
        + span(trace, "a000000000000003", advisor, "chat gpt-4o", 2, 30, attrs("gen_ai.operation.name", "chat",
            "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", 30,
            "gen_ai.usage.output_tokens", 8, "gen_ai.usage.total_tokens", 38)) + ","
        + span(trace, "a000000000000004", "a000000000000003", "POST", 3, 29, attrs("method", "POST",
            "uri", "/v1/chat/completions", "client.name", "api.openai.com"), 3) + ","
        + span(trace, "a000000000000005", advisor, "tool_call get_weather", 31, 40, attrs(
            "gen_ai.operation.name", "framework", "spring.ai.kind", "tool_call",
            "spring.ai.tool.definition.name", "get_weather", "spring.ai.tool.call.id", "call_1",
            "spring.ai.tool.call.arguments", "{\"city\":\"Paris\"}", "spring.ai.tool.call.result", "\"18 C\"")) + ","
        + span(trace, "a000000000000006", advisor, "chat gpt-4o", 41, 98, attrs("gen_ai.operation.name", "chat",
            "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", 75,
            "gen_ai.usage.output_tokens", 19, "gen_ai.usage.total_tokens", 94))
        + "]}]}]}";
    assertThat(server.send("POST", "/otlp/v1/traces", key, spans, null).status()).isEqualTo(200);
    JsonNode t = server.get("/v1/traces/" + trace, key).body();
    // 38 for the first call and 56 for the second: not the 94 Spring AI reported for the second.
    assertThat(t.path("tokens").path("total_tokens").asLong()).isEqualTo(94);
    Map<String, JsonNode> byId = new java.util.HashMap<>();
    t.path("spans").forEach(s -> byId.put(s.path("id").asText(), s));
    assertThat(byId.get(client).path("framework").asBoolean()).isTrue();
    assertThat(byId.get(advisor).path("framework").asBoolean()).isTrue();
    assertThat(byId.get("a000000000000004").path("framework").asBoolean()).isTrue();
    assertThat(byId.get("a000000000000003").path("usage").path("input_tokens").asInt()).isEqualTo(30);
    JsonNode second = byId.get("a000000000000006");
    assertThat(second.path("usage").path("input_tokens").asInt()).isEqualTo(45);
    assertThat(second.path("usage").path("output_tokens").asInt()).isEqualTo(11);
    assertThat(second.path("usage").path("total_tokens").asInt()).isEqualTo(56);
    JsonNode tool = byId.get("a000000000000005");
    assertThat(tool.path("type").asText()).isEqualTo("tool");
    assertThat(tool.path("tool_name").asText()).isEqualTo("get_weather");
    assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(tool.path("arguments").toString()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(tool.path("result").asText()).isEqualTo("18 C");
  }


  private static Answer post(String key, String path, byte[] body) {
    return server.send("POST", path, key, body, PROTOBUF);
  }

  private static byte[] recorded(String what) throws IOException {
    try (InputStream in = OtlpRecordedTest.class.getResourceAsStream(
        "/otlp/recorded/opentelemetry-instrumentation-openai-0.21.0." + what + ".pb")) {
      return in.readAllBytes();
    }
  }

  private static final long BASE = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;

  private static long nowNanos() {
    return BASE;
  }

  private static String spans(String trace, String id, String parent, String name, int startMs, String attributes) {
    return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + span(trace, id, parent, name, startMs, startMs + 10, attributes)
        + "]}]}]}";
  }

  private static String span(String trace, String id, String parent, String name, int startMs, int endMs, String attributes) {
    return span(trace, id, parent, name, startMs, endMs, attributes, 1);
  }

  private static String span(String trace, String id, String parent, String name, int startMs, int endMs,
      String attributes, int kind) {
    return "{\"traceId\":\"" + trace + "\",\"spanId\":\"" + id + "\",\"parentSpanId\":\"" + parent + "\","
        + "\"name\":\"" + name + "\",\"kind\":" + kind + ",\"startTimeUnixNano\":\"" + (BASE + startMs * 1_000_000L) + "\","
        + "\"endTimeUnixNano\":\"" + (BASE + endMs * 1_000_000L) + "\",\"attributes\":" + attributes + "}";
  }

  /** OTLP JSON attributes from key, value pairs (strings, whole numbers, booleans). */
  private static String attrs(Object... kv) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      String value = v instanceof Boolean ? "{\"boolValue\":" + v + "}"
          : v instanceof Number ? "{\"intValue\":\"" + v + "\"}"
          : "{\"stringValue\":" + JSON.valueToTree(v).toString() + "}";
      sb.append(i == 0 ? "" : ",").append("{\"key\":\"").append(kv[i]).append("\",\"value\":").append(value).append('}');
    }
    return sb.append(']').toString();
  }
}
