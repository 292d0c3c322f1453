package ai.nora.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.TraceGroup;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Nora SDK's HTTP exporter sending to a real nora-server: what is recorded is what is read. */
class SdkToServerTest {
  private TestServer server;

  @AfterEach
  void tearDown() {
    Nora.shutdown();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void groupsCallsAndTools_arriveNestedWithTheirTotals() {
    server = TestServer.start();
    Nora.init(NoraConfig.builder().apiKey(TestServer.KEY).apiUrl(server.base() + "/v1")
        .environment("e2e").build());

    String traceId;
    try (TraceGroup g = Nora.traceGroup("document_processing", Map.of("user_id", "u-7", "session_id", "s-7"))) {
      traceId = g.traceId();
      try (TraceGroup inner = Nora.traceGroup("analyze_document")) {
        call("Analyze this document...", "analysis", 150, 50);
      }
      Nora.tool("lookup", Map.of("doc", 1), () -> "found");
      g.setOutput("summary");
    }
    assertThat(Nora.flush()).isTrue();

    JsonNode trace = server.get("/v1/traces/" + traceId).body();
    assertThat(trace.get("trace_name").asText()).isEqualTo("document_processing");
    assertThat(trace.get("status").asText()).isEqualTo("success");
    assertThat(trace.get("environment").asText()).isEqualTo("e2e");
    assertThat(trace.get("user_id").asText()).isEqualTo("u-7");
    assertThat(trace.get("output").asText()).isEqualTo("summary");
    assertThat(trace.at("/tokens/total_tokens").asInt()).isEqualTo(200);
    JsonNode spans = trace.get("spans");
    assertThat(spans).hasSize(4);
    String rootId = find(spans, "document_processing").get("id").asText();
    String innerId = find(spans, "analyze_document").get("id").asText();
    assertThat(find(spans, "analyze_document").get("parent_id").asText()).isEqualTo(rootId);
    assertThat(find(spans, "openai.chat gpt-4o-mini").get("parent_id").asText()).isEqualTo(innerId);
    assertThat(find(spans, "lookup").get("type").asText()).isEqualTo("tool");
  }

  @Test
  void aBadKey_losesTracesButNeverTheApp() {
    server = TestServer.start();
    Nora.init(NoraConfig.builder().apiKey("nora_not_a_key").apiUrl(server.base() + "/v1").build());

    String answer = Nora.traceGroup("g", () -> call("q", "a", 1, 1).name());

    assertThat(answer).isEqualTo("openai.chat gpt-4o-mini");
    assertThat(Nora.flush()).isFalse();
    assertThat(server.get("/v1/traces").body().get("data")).isEmpty();
  }

  private static Span call(String prompt, String answer, long in, long out) {
    Span s = Nora.tracer().startSpan("openai.chat gpt-4o-mini",
        new GenerationSpanData("openai", "gpt-4o-mini").input(List.of(Message.of("user", prompt))));
    ((GenerationSpanData) s.data()).output(List.of(Message.of("assistant", answer))).usage(Usage.of(in, out));
    s.end();
    return s;
  }

  private static JsonNode find(JsonNode spans, String name) {
    for (JsonNode s : spans) {
      if (s.get("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no span " + name + " in " + spans);
  }
}
