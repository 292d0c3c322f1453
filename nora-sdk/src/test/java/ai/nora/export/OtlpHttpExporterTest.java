package ai.nora.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nora.internal.Json;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Tracer;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nora's spans as OTLP/HTTP JSON in the GenAI conventions, received by a local endpoint. */
class OtlpHttpExporterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeNoraServer server;
  private final Tracer tracer = Tracer.builder().processors(List.of()).build();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private OtlpHttpExporter exporter() throws Exception {
    server = new FakeNoraServer();
    return OtlpHttpExporter.builder().endpoint(server.apiUrl() + "/ingest")
        .header("x-honeycomb-team", "secret").serviceName("checkout").build();
  }

  private Span call(Span parent) {
    try (Scope ignored = tracer.makeCurrent(parent)) {
      Span call = tracer.startSpan("openai.chat", new GenerationSpanData("openai", "gpt-4o-mini")
          .parameter("temperature", 0.5).input(List.of(Message.of("system", "Be brief."), Message.of("user", "Weather?"))));
      ((GenerationSpanData) call.data())
          .output(List.of(Message.toolCalls("", List.of(new ToolCall("c1", "weather", "{\"city\":\"Oslo\"}")))))
          .finishReason("tool_calls").usage(new Usage(20L, 5L, null, 8L, null, 2L));
      call.end();
      return call;
    }
  }

  @Test
  void aCall_carriesTheGenAiConventions_andNorasOwnFieldsApart() throws Exception {
    OtlpHttpExporter exporter = exporter();
    Span group = tracer.startSpan("checkout_flow", new GroupSpanData(Map.of("session_id", "s1")));
    Span call = call(group);
    group.end();

    assertThat(exporter.export(new ExportBatch(List.of(group.trace()), List.of(call, group)))).isTrue();

    FakeNoraServer.Received r = server.received.get(0);
    assertThat(r.header("x-honeycomb-team")).isEqualTo("secret");
    assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
    JsonNode resource = r.body().at("/resourceSpans/0/resource/attributes");
    assertThat(attributes(resource)).containsEntry("service.name", "checkout")
        .containsEntry("deployment.environment.name", "default");
    JsonNode spans = r.body().at("/resourceSpans/0/scopeSpans/0/spans");
    assertThat(r.body().at("/resourceSpans/0/scopeSpans/0/scope/name").asText()).isEqualTo("ai.nora");
    JsonNode sent = spans.get(0);
    assertThat(sent.path("traceId").asText()).isEqualTo(call.traceId());
    assertThat(sent.path("parentSpanId").asText()).isEqualTo(group.id());
    assertThat(sent.path("name").asText()).isEqualTo("chat gpt-4o-mini");
    assertThat(sent.path("kind").asInt()).isEqualTo(3);
    Map<String, String> a = attributes(sent.path("attributes"));
    assertThat(a).containsEntry("gen_ai.operation.name", "chat").containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.request.model", "gpt-4o-mini").containsEntry("gen_ai.request.temperature", "0.5")
        .containsEntry("gen_ai.usage.input_tokens", "20").containsEntry("gen_ai.usage.output_tokens", "5")
        .containsEntry("gen_ai.usage.cache_read.input_tokens", "8")
        .containsEntry("gen_ai.usage.reasoning.output_tokens", "2")
        .containsEntry("gen_ai.response.finish_reasons", "[\"tool_calls\"]");
    assertThat(JSON.readTree(a.get("gen_ai.input.messages"))).isEqualTo(JSON.readTree(
        "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
            + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather?\"}]}]"));
    assertThat(JSON.readTree(a.get("gen_ai.output.messages"))).isEqualTo(JSON.readTree(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"\"},"
            + "{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}],"
            + "\"finish_reason\":\"tool_calls\"}]"));
    JsonNode item = JSON.readTree(a.get("nora.span.item"));
    assertThat(item.has("input")).isFalse(); // sent once, as gen_ai.input.messages
    assertThat(item.path("usage").path("input_tokens").asInt()).isEqualTo(20);
    assertThat(a).doesNotContainKey("nora.trace.item"); // not a root

    Map<String, String> root = attributes(spans.get(1).path("attributes"));
    assertThat(JSON.readTree(root.get("nora.trace.item")).path("name").asText()).isEqualTo("checkout_flow");
    assertThat(root).containsEntry("session.id", "s1");
  }

  @Test
  void aRootSpanSentBeforeItsTraceEnded_isSentAgainWithIt() throws Exception {
    OtlpHttpExporter exporter = exporter();
    Span group = tracer.startSpan("long_flow", new GroupSpanData(Map.of()));
    Span call = call(group);
    group.end();

    assertThat(exporter.export(new ExportBatch(List.of(), List.of(call, group)))).isTrue();
    assertThat(exporter.export(new ExportBatch(List.of(group.trace()), List.of()))).isTrue();

    JsonNode again = server.received.get(1).body().at("/resourceSpans/0/scopeSpans/0/spans");
    assertThat(again).hasSize(1);
    assertThat(again.get(0).path("spanId").asText()).isEqualTo(group.id());
    assertThat(attributes(again.get(0).path("attributes"))).containsKey("nora.trace.item");
  }

  @Test
  void omittedMembers_areLeftOutOfTheOutermostObjectOnly() {
    StringBuilder sb = new StringBuilder();
    Json.to(sb).omittingTopLevel(Set.of("input", "output"))
        .beginObject().field("a", 1).field("input", "x").fieldIfPresent("output", "y")
        .name("b").beginObject().field("output", 2).endObject()
        .name("c").beginArray().beginObject().field("input", 3).endObject().endArray()
        .endObject();
    assertThat(sb.toString()).isEqualTo("{\"a\":1,\"b\":{\"output\":2},\"c\":[{\"input\":3}]}");
  }


  @Test
  void headersInTheStandardForm() {
    assertThat(OtlpHttpExporter.parseHeaders("api-key=a%20b, x=1")).containsEntry("api-key", "a b").containsEntry("x", "1");
    assertThatThrownBy(() -> OtlpHttpExporter.parseHeaders("novalue"))
        .hasMessage("OTLP headers: 'novalue' is not key=value");
  }

  /** OTLP attributes as key to text (arrays as JSON). */
  private static Map<String, String> attributes(JsonNode list) {
    Map<String, String> out = new HashMap<>();
    for (JsonNode kv : list) {
      JsonNode v = kv.path("value");
      String text = v.has("arrayValue") ? arrayText(v.get("arrayValue")) : v.elements().next().asText();
      out.put(kv.path("key").asText(), text);
    }
    return out;
  }

  private static String arrayText(JsonNode array) {
    StringBuilder sb = new StringBuilder("[");
    for (JsonNode item : array.path("values")) {
      sb.append(sb.length() > 1 ? "," : "").append('"').append(item.path("stringValue").asText()).append('"');
    }
    return sb.append(']').toString();
  }
}
