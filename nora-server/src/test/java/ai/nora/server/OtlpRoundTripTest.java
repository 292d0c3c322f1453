package ai.nora.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.TraceGroup;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nora's SDK sending the same traces twice at once, by its batched protocol to one project and
 * by OTLP to another: read back, the two are the same, field for field.
 */
class OtlpRoundTripTest {
  private TestServer server;

  @AfterEach
  void tearDown() {
    Nora.shutdown();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void whatTheBatchedRouteKeeps_theOtlpRouteKeepsToo() {
    server = TestServer.start();
    String otlpKey = server.newProjectKey();
    Nora.init(NoraConfig.builder().apiKey(TestServer.KEY).apiUrl(server.base() + "/v1")
        .exporters(List.of("http", "otlp")).otlpEndpoint(server.base() + "/otlp/v1/traces")
        .otlpHeaders(Map.of("Authorization", "Bearer " + otlpKey)).environment("round-trip").build());

    String traceId;
    try (TraceGroup g = Nora.traceGroup("support_agent", Map.of("user_id", "u-9", "session_id", "s-9",
        "plan", "pro", "input", Map.of("question", "Where is my order?")))) {
      traceId = g.traceId();
      Nora.agent("triage", () -> {
        askedForTool();
        Nora.tool("lookup_order", Map.of("order", 42), () -> Map.of("status", "shipped", "eta", "Friday"));
        answered();
        return "routed";
      });
      try {
        Nora.span("flaky_step", Map.of("warehouse", "north"), () -> {
          throw new IllegalStateException("the warehouse did not answer");
        });
      } catch (IllegalStateException expected) {
        // recorded as a failed span
      }
      g.setOutput("Your order ships Friday.");
    }
    assertThat(Nora.flush()).isTrue();

    JsonNode batched = server.get("/v1/traces/" + traceId).body();
    JsonNode otlp = server.get("/v1/traces/" + traceId, otlpKey).body();
    assertThat(batched.path("spans")).hasSize(6);
    assertThat(comparable(otlp.path("spans"))).isEqualTo(comparable(batched.path("spans")));
    for (String field : List.of("trace_name", "status", "environment", "session_id", "user_id", "metadata",
        "input", "output", "calls", "tokens", "cost", "error_count", "start_time", "end_time")) {
      assertThat(otlp.path(field)).as(field).isEqualTo(batched.path(field));
    }
    assertThat(batched.path("metadata").path("plan").asText()).isEqualTo("pro");
    JsonNode call = batched.path("spans").findParent("tool_calls");
    assertThat(call.path("input")).hasSize(2);
  }

  private static void askedForTool() {
    Span s = Nora.tracer().startSpan("openai.chat gpt-4o-mini", new GenerationSpanData("openai", "gpt-4o-mini")
        .parameter("temperature", 0.2).parameter("max_tokens", 300)
        .input(List.of(Message.of("system", "You are a support agent."), Message.of("user", "Where is my order?"))));
    ((GenerationSpanData) s.data())
        .output(List.of(Message.toolCalls(null, List.of(new ToolCall("call_1", "lookup_order", "{\"order\":42}")))))
        .finishReason("tool_calls").responseModel("gpt-4o-mini-2024-07-18").responseId("chatcmpl-1")
        .usage(new Usage(120L, 15L, null, 64L, null, null));
    s.end();
  }

  private static void answered() {
    Span s = Nora.tracer().startSpan("openai.chat gpt-4o-mini", new GenerationSpanData("openai", "gpt-4o-mini")
        .input(List.of(Message.of("user", "Where is my order?"),
            Message.toolCalls(null, List.of(new ToolCall("call_1", "lookup_order", "{\"order\":42}"))),
            Message.toolResult("call_1", "lookup_order", "{\"status\":\"shipped\"}"))));
    ((GenerationSpanData) s.data()).output(List.of(Message.of("assistant", "Your order ships Friday.")))
        .finishReason("stop").stream(true).timeToFirstTokenNanos(180_000_000L).usage(Usage.of(160, 12));
    s.end();
  }

  /** The spans without what OTLP itself adds (the attributes as received, scope and kind). */
  private static JsonNode comparable(JsonNode spans) {
    JsonNode copy = spans.deepCopy();
    copy.forEach(s -> ((ObjectNode) s).remove(List.of("attributes", "otel_scope", "otel_kind")));
    return copy;
  }
}
