package ai.nora.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.TestServer;
import ai.nora.server.TestServer.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP from the real OpenTelemetry Java SDK, and OTLP/JSON, mapped onto Nora's spans. */
class OtlpTest {
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
  void theOpenTelemetrySdk_sendsGenAiSpansThatBecomeNoraSpans() {
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(server.base() + "/otlp/v1/traces")
        .addHeader("Authorization", "Bearer " + TestServer.KEY)
        .setCompression("gzip")
        .build();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "support-bot",
            AttributeKey.stringKey("deployment.environment.name"), "production")))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
    Tracer tracer = provider.get("otlp-test");

    String traceId;
    Span root = tracer.spanBuilder("invoke_agent support").setSpanKind(SpanKind.INTERNAL)
        .setAttribute("gen_ai.operation.name", "invoke_agent")
        .setAttribute("gen_ai.agent.name", "support")
        .setAttribute("gen_ai.conversation.id", "conv-42")
        .startSpan();
    try (Scope ignored = root.makeCurrent()) {
      traceId = root.getSpanContext().getTraceId();
      Span chat = tracer.spanBuilder("chat gpt-4o-mini").setSpanKind(SpanKind.CLIENT)
          .setAttribute("gen_ai.operation.name", "chat")
          .setAttribute("gen_ai.system", "openai")
          .setAttribute("gen_ai.request.model", "gpt-4o-mini")
          .setAttribute("gen_ai.response.model", "gpt-4o-mini-2024-07-18")
          .setAttribute("gen_ai.request.temperature", 0.2)
          .setAttribute("gen_ai.usage.input_tokens", 80L)
          .setAttribute("gen_ai.usage.output_tokens", 50L)
          .setAttribute("gen_ai.usage.cache_read.input_tokens", 16L)
          .setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("tool_calls"))
          .setAttribute("gen_ai.response.id", "chatcmpl-1")
          .setAttribute("gen_ai.input.messages",
              "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Seoul?\"}]}]")
          .setAttribute("gen_ai.output.messages",
              "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
                  + "\"name\":\"get_weather\",\"arguments\":{\"city\":\"Seoul\"}}],"
                  + "\"finish_reason\":\"tool_call\"}]")
          .startSpan();
      chat.end();
      Span tool = tracer.spanBuilder("execute_tool get_weather")
          .setAttribute("gen_ai.operation.name", "execute_tool")
          .setAttribute("gen_ai.tool.name", "get_weather")
          .setAttribute("gen_ai.tool.call.id", "call_1")
          .setAttribute("gen_ai.tool.call.arguments", "{\"city\":\"Seoul\"}")
          .setAttribute("gen_ai.tool.call.result", "Sunny, 22°C")
          .startSpan();
      tool.end();
      Span db = tracer.spanBuilder("SELECT orders").setAttribute("db.system", "postgresql").startSpan();
      db.setStatus(StatusCode.ERROR, "timeout");
      db.end();
    }
    root.end();
    assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);

    JsonNode trace = server.get("/v1/traces/" + traceId).body();
    assertThat(trace.get("trace_name").asText()).isEqualTo("invoke_agent support");
    assertThat(trace.get("environment").asText()).isEqualTo("production");
    assertThat(trace.get("session_id").asText()).isEqualTo("conv-42");
    assertThat(trace.get("status").asText()).isEqualTo("success");
    assertThat(trace.get("calls").asInt()).isEqualTo(1);
    assertThat(trace.get("error_count").asInt()).isEqualTo(1);
    JsonNode spans = trace.get("spans");
    JsonNode agent = IngestAndQueryTest.find(spans, "invoke_agent support");
    assertThat(agent.get("type").asText()).isEqualTo("agent");
    JsonNode chat = IngestAndQueryTest.find(spans, "chat gpt-4o-mini");
    assertThat(chat.get("type").asText()).isEqualTo("generation");
    assertThat(chat.get("parent_id").asText()).isEqualTo(agent.get("id").asText());
    assertThat(chat.get("provider").asText()).isEqualTo("openai");
    assertThat(chat.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(chat.at("/usage/input_tokens").asInt()).isEqualTo(80);
    assertThat(chat.at("/usage/cached_tokens").asInt()).isEqualTo(16);
    assertThat(chat.get("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(chat.at("/parameters/temperature").asDouble()).isEqualTo(0.2);
    assertThat(chat.at("/input/0/content").asText()).isEqualTo("Weather in Seoul?");
    assertThat(chat.at("/tool_calls/0/name").asText()).isEqualTo("get_weather");
    assertThat(chat.get("cost").asDouble()).isGreaterThan(0);
    JsonNode tool = IngestAndQueryTest.find(spans, "execute_tool get_weather");
    assertThat(tool.get("type").asText()).isEqualTo("tool");
    assertThat(tool.get("tool_name").asText()).isEqualTo("get_weather");
    assertThat(tool.at("/arguments/city").asText()).isEqualTo("Seoul");
    assertThat(tool.get("result").asText()).isEqualTo("Sunny, 22°C");
    JsonNode db = IngestAndQueryTest.find(spans, "SELECT orders");
    assertThat(db.get("type").asText()).isEqualTo("custom");
    assertThat(db.get("status").asText()).isEqualTo("error");
    assertThat(db.at("/error/message").asText()).isEqualTo("timeout");
    assertThat(db.at("/attributes/db.system").asText()).isEqualTo("postgresql");
  }

  @Test
  void otlpJson_withTheOlderGenAiSystemAttribute() {
    long now = System.currentTimeMillis() * 1_000_000L;
    Map<String, Object> span = Map.of(
        "traceId", "5b8efff798038103d269b633813fc60c",
        "spanId", "eee19b7ec3c1b174",
        "name", "chat claude",
        "kind", 3,
        "startTimeUnixNano", String.valueOf(now),
        "endTimeUnixNano", String.valueOf(now + 1_500_000_000L),
        "attributes", List.of(
            Map.of("key", "gen_ai.system", "value", Map.of("stringValue", "anthropic")),
            Map.of("key", "gen_ai.request.model", "value", Map.of("stringValue", "claude-3-5-haiku-20241022")),
            Map.of("key", "gen_ai.usage.prompt_tokens", "value", Map.of("intValue", "1000")),
            Map.of("key", "gen_ai.usage.completion_tokens", "value", Map.of("intValue", 200)),
            Map.of("key", "gen_ai.prompt.0.role", "value", Map.of("stringValue", "user")),
            Map.of("key", "gen_ai.prompt.0.content", "value", Map.of("stringValue", "Hi"))));
    Map<String, Object> body = Map.of("resourceSpans", List.of(Map.of(
        "resource", Map.of("attributes", List.of(
            Map.of("key", "deployment.environment", "value", Map.of("stringValue", "staging")))),
        "scopeSpans", List.of(Map.of("scope", Map.of("name", "py"), "spans", List.of(span,
            Map.of("traceId", "00000000000000000000000000000000", "spanId", "eee19b7ec3c1b175",
                "name", "bad", "startTimeUnixNano", String.valueOf(now))))))));

    Answer a = server.post("/otlp/v1/traces", body);

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().at("/partialSuccess/rejectedSpans").asInt()).isEqualTo(1);
    assertThat(a.body().at("/partialSuccess/errorMessage").asText()).contains("traceId");
    JsonNode trace = server.get("/v1/traces/5b8efff798038103d269b633813fc60c").body();
    assertThat(trace.get("environment").asText()).isEqualTo("staging");
    assertThat(trace.get("latency").asDouble()).isEqualTo(1.5);
    JsonNode chat = trace.at("/spans/0");
    assertThat(chat.get("type").asText()).isEqualTo("generation");
    assertThat(chat.get("provider").asText()).isEqualTo("anthropic");
    assertThat(chat.at("/usage/output_tokens").asInt()).isEqualTo(200);
    assertThat(chat.at("/input/0/content").asText()).isEqualTo("Hi");
    // claude-3-5-haiku: $0.80 in, $4.00 out per million
    assertThat(chat.get("cost").asDouble()).isCloseTo((1000 * 0.8 + 200 * 4.0) / 1e6,
        org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void otlp_refusesWhatItCannotRead() {
    Answer garbage = server.send("POST", "/otlp/v1/traces", TestServer.KEY, new byte[] {1, 2, 3, 4},
        Map.of("Content-Type", "application/x-protobuf"));
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.body().get("detail").asText()).startsWith("body: not an OTLP");
    Answer wrongType = server.send("POST", "/otlp/v1/traces", TestServer.KEY, "x".getBytes(),
        Map.of("Content-Type", "text/plain"));
    assertThat(wrongType.status()).isEqualTo(415);
    assertThat(server.send("POST", "/otlp/v1/traces", null, "{}", null).status()).isEqualTo(401);
  }
}
