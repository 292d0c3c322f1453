package ai.nora.server.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real OpenTelemetry LLM instrumentations for Node ({@code src/test/js/clients.cjs}), each
 * tracing the same application (a workflow, a call that asks for a tool, the tool, the call
 * with its result, a streamed call) against a fake OpenAI, sending to this server by OTLP as its
 * documentation says; the trace read back span by span. What a library does not send (usage of
 * a stream, a finish reason) is expected absent: the test pins what each one really gives.
 */
class OtelJsClientsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static TestServer server;

  /**
   * What differs between the libraries.
   *
   * @param library the argument of clients.cjs
   * @param rootType the type the workflow span gets
   * @param traceInput the trace's input from its root span, or null where the library has none
   * @param finishReasons the finish reasons of the three calls, null where not sent
   * @param streamFlagged whether the streamed call is marked a stream
   * @param streamUsage whether the streamed call's usage is sent
   * @param timeToFirstToken whether the streamed call's time to first token is sent
   */
  record Library(String library, String rootType, String traceInput, List<String> finishReasons,
      boolean streamFlagged, boolean streamUsage, boolean timeToFirstToken) {
    @Override
    public String toString() {
      return library;
    }
  }

  static List<Library> libraries() {
    return List.of(
        new Library("official", "custom", null, List.of("tool_calls", "stop", "stop"), false, true, false),
        new Library("openinference", "group", "\"What is the weather in Paris?\"",
            List.of("tool_calls", "stop", "stop"), true, false, false),
        new Library("openllmetry", "group", "{\"question\":\"What is the weather in Paris?\"}",
            List.of("tool_call", "stop", "stop"), false, false, false),
        new Library("langfuse", "agent", "{\"question\":\"What is the weather in Paris?\"}",
            java.util.Arrays.asList(null, null, null), true, true, true));
  }

  @BeforeAll
  static void start() {
    NodeClients.install();
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void theLibrarysTraceReadsBackRight(Library lib) throws Exception {
    String key = server.newProjectKey();
    String session = lib.library() + "-" + UUID.randomUUID();
    String out = NodeClients.run("clients.cjs", lib.library(), server.base(), key, session);
    String traceId = JSON.readTree(out).path("traceId").asText();

    JsonNode trace = server.get("/v1/traces/" + traceId, key).body();
    assertThat(trace.path("trace_name").asText()).isEqualTo("weather-workflow");
    assertThat(trace.path("status").asText()).isEqualTo("success");
    assertThat(trace.path("environment").asText()).isEqualTo("js-test");
    assertThat(trace.path("session_id").asText()).isEqualTo(session);
    assertThat(trace.path("calls").asInt()).isEqualTo(3);
    assertThat(trace.path("cost").asDouble()).isPositive();
    if (lib.traceInput() == null) {
      assertThat(trace.path("input").isNull()).isTrue();
    } else {
      assertThat(trace.path("input").toString()).isEqualTo(lib.traceInput());
      assertThat(trace.path("output").asText()).isEqualTo("It is 18 °C and sunny in Paris. Bring sunglasses.");
    }

    List<JsonNode> spans = new ArrayList<>();
    trace.path("spans").forEach(spans::add);
    JsonNode root = spans.stream().filter(s -> s.path("parent_id").isNull()).findFirst().orElseThrow();
    assertThat(root.path("type").asText()).isEqualTo(lib.rootType());
    List<JsonNode> calls = spans.stream().filter(s -> "generation".equals(s.path("type").asText())).toList();
    assertThat(calls).hasSize(3);
    assertThat(spans).hasSize(5);
    for (int i = 0; i < 3; i++) {
      JsonNode c = calls.get(i);
      assertThat(c.path("parent_id").asText()).isEqualTo(root.path("id").asText());
      assertThat(c.path("provider").asText()).isEqualTo("openai");
      assertThat(c.path("model").asText()).startsWith("gpt-4o-mini");
      assertThat(c.path("finish_reason").isTextual() ? c.path("finish_reason").asText() : null)
          .as("finish reason of call %d", i).isEqualTo(lib.finishReasons().get(i));
    }

    JsonNode asks = calls.get(0);
    assertThat(roles(asks.path("input"))).containsExactly("system", "user");
    assertThat(asks.path("input").get(1).path("content").asText()).isEqualTo("What is the weather in Paris?");
    assertThat(asks.path("tool_calls")).hasSize(1);
    assertThat(asks.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_weather_1");
    assertThat(asks.path("tool_calls").get(0).path("name").asText()).isEqualTo("get_weather");
    assertThat(JSON.readTree(asks.path("tool_calls").get(0).path("arguments").asText()))
        .isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
    assertUsage(asks, 30, 8);
    assertThat(asks.path("cost").asDouble()).isPositive();

    JsonNode answers = calls.get(1);
    assertThat(roles(answers.path("input"))).containsExactly("system", "user", "assistant", "tool");
    assertThat(answers.path("input").get(3).path("tool_call_id").asText()).isEqualTo("call_weather_1");
    assertThat(answers.path("output").get(0).path("content").asText()).isEqualTo("It is 18 °C and sunny in Paris.");
    assertUsage(answers, 45, 11);

    JsonNode streamed = calls.get(2);
    assertThat(roles(streamed.path("input"))).containsExactly("user");
    assertThat(streamed.path("output").get(0).path("content").asText()).isEqualTo("Bring sunglasses.");
    assertThat(streamed.path("stream").asBoolean()).isEqualTo(lib.streamFlagged());
    if (lib.streamUsage()) {
      assertUsage(streamed, 45, 11);
    } else {
      assertThat(streamed.path("usage").path("input_tokens").isNull()).isTrue();
    }
    if (lib.timeToFirstToken()) {
      assertThat(streamed.path("time_to_first_token").asDouble()).isGreaterThan(0.02);
    } else {
      assertThat(streamed.has("time_to_first_token")).isFalse();
    }

    JsonNode tool = spans.stream().filter(s -> "tool".equals(s.path("type").asText())).findFirst().orElseThrow();
    assertThat(tool.path("tool_name").asText()).isEqualTo("get_weather");
    assertThat(tool.path("arguments")).isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
    assertThat(tool.path("result")).isEqualTo(JSON.readTree("{\"city\":\"Paris\",\"celsius\":18,\"sky\":\"sunny\"}"));
    assertThat(tool.path("parent_id").asText()).isEqualTo(root.path("id").asText());
  }

  private static List<String> roles(JsonNode messages) {
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.path("role").asText()));
    return out;
  }

  private static void assertUsage(JsonNode call, int in, int out) {
    assertThat(call.path("usage").path("input_tokens").asInt()).isEqualTo(in);
    assertThat(call.path("usage").path("output_tokens").asInt()).isEqualTo(out);
    assertThat(call.path("usage").path("total_tokens").asInt()).isEqualTo(in + out);
  }
}
