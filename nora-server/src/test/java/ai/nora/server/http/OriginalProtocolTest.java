package ai.nora.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.TestServer;
import ai.nora.server.TestServer.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The original Nora protocol, exactly as the original README's "API 응답 형식" shows it. */
class OriginalProtocolTest {
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
  void health_needsNoKey() {
    Answer a = server.get("/v1/health", null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().toString()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void missingOrUnknownKey_is401WithTheOriginalBody() {
    for (String key : new String[] {null, "nora_wrong"}) {
      Answer a = server.get("/v1/traces", key);
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.body().toString()).isEqualTo("{\"detail\":\"Unauthorized\"}");
    }
    Answer viaHeader = server.send("GET", "/v1/traces", null, null, Map.of("X-API-Key", TestServer.KEY));
    assertThat(viaHeader.status()).isEqualTo(200);
  }

  @Test
  void aWholeOriginalClientSession_readsAsTheReadmeShows() {
    Answer created = server.post("/v1/traces/", Map.of(
        "trace_name", "multi_agent_workflow", "input", "사용자 요청 텍스트",
        "environment", "production", "metadata", Map.of("user_id", "user_123")));
    assertThat(created.status()).isEqualTo(201);
    JsonNode trace = created.body();
    assertThat(fieldNames(trace)).contains("id", "trace_name", "input", "output", "latency",
        "tokens", "cost", "status", "environment", "created_at", "updated_at");
    assertThat(trace.get("status").asText()).isEqualTo("pending");
    assertThat(trace.get("input").asText()).isEqualTo("사용자 요청 텍스트");
    assertThat(trace.get("output").isNull()).isTrue();
    assertThat(trace.get("tokens").isNull()).isTrue();
    assertThat(trace.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    String id = trace.get("id").asText();

    Map<String, Object> spanData = Map.of(
        "id", "chatcmpl-CnGgzl3lTNCnFJdhxUUdKcU9k3u1N",
        "provider", "openai",
        "model", "gpt-4o-mini-2024-07-18",
        "prompt", "User: What's the weather in Seoul and Tokyo?",
        "tokens_used", 130,
        "finish_reason", "tool_calls",
        "tool_calls", List.of(Map.of("id", "call_Gu6m4p8lTxey883A6lGaXeWP",
            "function", Map.of("name", "get_weather", "arguments", "{\"location\": \"Seoul, South Korea\"}"))),
        "metadata", Map.of("usage", Map.of("total_tokens", 130, "prompt_tokens", 80, "completion_tokens", 50),
            "trace_group", Map.of("id", "group-uuid-456", "name", "multi_agent_workflow")),
        "duration", 1.234,
        "environment", "production");
    Answer execution = server.post("/v1/executions/",
        Map.of("trace_id", id, "span_name", "openai_gpt-4o-mini", "span_data", spanData));
    assertThat(execution.status()).isEqualTo(201);
    assertThat(fieldNames(execution.body()))
        .containsExactlyInAnyOrder("id", "trace_id", "span_name", "span_data", "created_at");
    assertThat(execution.body().get("trace_id").asText()).isEqualTo(id);
    assertThat(execution.body().get("span_data")).isEqualTo(TestServerJson.tree(spanData));

    Answer patched = server.patch("/v1/traces/" + id, Map.of(
        "output", "최종 AI 응답 결과", "latency", 3.245,
        "tokens", Map.of("total_tokens", 150, "prompt_tokens", 80, "completion_tokens", 70),
        "cost", 0.00045, "status", "success"));
    assertThat(patched.status()).isEqualTo(200);
    JsonNode done = patched.body();
    assertThat(done.get("output").asText()).isEqualTo("최종 AI 응답 결과");
    assertThat(done.get("latency").asDouble()).isEqualTo(3.245);
    assertThat(done.get("tokens").get("total_tokens").asInt()).isEqualTo(150);
    assertThat(done.get("cost").asDouble()).isEqualTo(0.00045);
    assertThat(done.get("status").asText()).isEqualTo("success");
    assertThat(done.get("environment").asText()).isEqualTo("production");
    assertThat(done.get("user_id").asText()).isEqualTo("user_123");

    JsonNode detail = server.get("/v1/traces/" + id).body();
    JsonNode span = detail.get("spans").get(0);
    assertThat(span.get("type").asText()).isEqualTo("generation");
    assertThat(span.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(span.at("/usage/total_tokens").asInt()).isEqualTo(130);
    assertThat(span.at("/tool_calls/0/name").asText()).isEqualTo("get_weather");
    assertThat(span.get("cost").asDouble()).isGreaterThan(0);
  }

  @Test
  void badRequests_sayWhatIsWrong() {
    assertThat(server.post("/v1/traces", Map.of()).body().get("detail").asText())
        .isEqualTo("trace_name: required");
    assertThat(server.post("/v1/traces", Map.of("trace_name", 5)).status()).isEqualTo(400);
    Answer unknown = server.post("/v1/executions",
        Map.of("trace_id", "nope", "span_name", "x", "span_data", Map.of()));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("detail").asText()).contains("trace 'nope' not found");
    String id = server.post("/v1/traces", Map.of("trace_name", "t")).body().get("id").asText();
    assertThat(server.patch("/v1/traces/" + id, Map.of("latency", "slow")).body().get("detail").asText())
        .isEqualTo("latency: expected a number of seconds >= 0");
    assertThat(server.patch("/v1/traces/" + id, Map.of("status", "done")).status()).isEqualTo(400);
    assertThat(server.patch("/v1/traces/missing", Map.of("status", "error")).status()).isEqualTo(404);
    assertThat(server.post("/v1/executions", Map.of("trace_id", id, "span_name", "x")).body()
        .get("detail").asText()).isEqualTo("span_data: required, an object");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
