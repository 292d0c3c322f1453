package ai.nora.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An application that runs OpenTelemetry (its Java SDK, or Micrometer Tracing bridged to it) and
 * Nora: a Nora trace started inside the application's current span shares its trace id and hangs
 * under it, so the request and its LLM calls read as one story; both send to nora-server here.
 */
class JoinedTracesTest {
  private TestServer server;
  private SdkTracerProvider otel;

  @BeforeEach
  void start() {
    server = TestServer.start();
    otel = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
        .setEndpoint(server.base() + "/otlp/v1/traces").addHeader("Authorization", "Bearer " + TestServer.KEY)
        .build())).build();
    Nora.init(NoraConfig.builder().apiKey(TestServer.KEY).apiUrl(server.base() + "/v1").build());
  }

  @AfterEach
  void stop() {
    Nora.shutdown();
    otel.close();
    server.close();
  }

  @Test
  void aNoraTraceInsideAnOpenTelemetrySpan_sharesItsTraceId_andHangsUnderIt() {
    Tracer tracer = otel.get("orders-service");
    io.opentelemetry.api.trace.Span request = tracer.spanBuilder("GET /orders/42").startSpan();
    String noraTrace;
    try (Scope ignored = request.makeCurrent()) {
      noraTrace = Nora.traceGroup("answer_customer", () -> {
        call();
        return ai.nora.trace.Tracer.currentSpan().traceId();
      });
    } finally {
      request.end();
    }
    assertThat(Nora.flush()).isTrue();

    String otelTrace = request.getSpanContext().getTraceId();
    assertThat(noraTrace).isEqualTo(otelTrace);
    Map<String, JsonNode> spans = spansByName(server.get("/v1/traces/" + otelTrace).body());
    assertThat(spans).containsOnlyKeys("GET /orders/42", "answer_customer", "openai.chat gpt-4o-mini");
    assertThat(spans.get("GET /orders/42").path("parent_id").isNull()).isTrue();
    assertThat(spans.get("answer_customer").path("parent_id").asText()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(spans.get("openai.chat gpt-4o-mini").path("parent_id").asText())
        .isEqualTo(spans.get("answer_customer").path("id").asText());
  }

  @Test
  void aNoraTraceInsideAMicrometerTracingSpan_bridgedToOpenTelemetry_joinsItToo() {
    Tracer tracer = otel.get("jobs");
    OtelTracer micrometer = new OtelTracer(tracer, new OtelCurrentTraceContext(), event -> { });
    io.micrometer.tracing.Span job = micrometer.nextSpan().name("nightly-summary").start();
    String noraTrace;
    try (io.micrometer.tracing.Tracer.SpanInScope ignored = micrometer.withSpan(job)) {
      noraTrace = Nora.traceGroup("summarise", () -> {
        call();
        return ai.nora.trace.Tracer.currentSpan().traceId();
      });
    } finally {
      job.end();
    }
    assertThat(Nora.flush()).isTrue();

    assertThat(noraTrace).isEqualTo(job.context().traceId());
    Map<String, JsonNode> spans = spansByName(server.get("/v1/traces/" + noraTrace).body());
    assertThat(spans.get("summarise").path("parent_id").asText()).isEqualTo(job.context().spanId());
    assertThat(spans).containsKey("nightly-summary");
  }

  @Test
  void withoutACurrentSpan_orWhenTurnedOff_aTraceHasItsOwnId() {
    String alone = Nora.traceGroup("alone", () -> ai.nora.trace.Tracer.currentSpan().traceId());
    io.opentelemetry.api.trace.Span request = otel.get("x").spanBuilder("GET /").startSpan();
    Nora.shutdown();
    Nora.init(NoraConfig.builder().apiKey(TestServer.KEY).apiUrl(server.base() + "/v1").joinOpenTelemetry(false).build());
    String apart;
    try (Scope ignored = request.makeCurrent()) {
      apart = Nora.traceGroup("apart", () -> ai.nora.trace.Tracer.currentSpan().traceId());
    } finally {
      request.end();
    }
    assertThat(alone).hasSize(32).isNotEqualTo(request.getSpanContext().getTraceId());
    assertThat(apart).hasSize(32).isNotEqualTo(request.getSpanContext().getTraceId());
  }

  private static void call() {
    Span s = Nora.tracer().startSpan("openai.chat gpt-4o-mini", new GenerationSpanData("openai", "gpt-4o-mini")
        .input(List.of(Message.of("user", "Where is order 42?"))));
    ((GenerationSpanData) s.data()).output(List.of(Message.of("assistant", "Shipped."))).usage(Usage.of(12, 3));
    s.end();
  }

  private static Map<String, JsonNode> spansByName(JsonNode trace) {
    Map<String, JsonNode> out = new HashMap<>();
    trace.path("spans").forEach(s -> out.put(s.path("name").asText(), s));
    return out;
  }
}
