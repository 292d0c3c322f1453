package ai.nora.benchmarks;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.TraceGroup;
import ai.nora.export.BatchTraceProcessor;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.Tracer;
import ai.nora.trace.Usage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of recording one trace group holding one LLM call (started, ended, queued for export
 * to an exporter that discards), against OpenTelemetry's SDK doing the same with a {@code
 * BatchSpanProcessor} and a no-op exporter: one span, and a parent with one child (the same
 * shape as Nora's group and call), each carrying the GenAI attributes a call would.
 *
 * <p>Both pipelines get the same queue (8192) and batch size (512). Drops, if any, are printed
 * at tear-down, since a pipeline that drops does less work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class TraceGroupBenchmark {
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.provider.name");
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  private static final AttributeKey<Long> INPUT = AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT = AttributeKey.longKey("gen_ai.usage.output_tokens");
  private static final AttributeKey<String> FINISH =
      AttributeKey.stringKey("gen_ai.response.finish_reasons");
  private static final List<Message> INPUT_MESSAGES = List.of(Message.of("user", "Hello!"));
  private static final List<Message> OUTPUT_MESSAGES =
      List.of(Message.of("assistant", "Hi! How can I help?"));

  private Tracer noraTracer;
  private BatchTraceProcessor noraProcessor;
  private SdkTracerProvider otelProvider;
  private io.opentelemetry.api.trace.Tracer otelTracer;

  /** An OpenTelemetry exporter that discards. */
  static final class DiscardingOtelExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** A Nora exporter that discards. */
  static final class DiscardingNoraExporter implements ai.nora.export.SpanExporter {
    @Override
    public boolean export(ai.nora.export.ExportBatch batch) {
      return true;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    noraProcessor =
        BatchTraceProcessor.builder(new DiscardingNoraExporter())
            .maxQueueSize(8192)
            .maxBatchSize(512)
            .build();
    Nora.init(
        NoraConfig.builder().apiKey("bench").exporters(List.of("none"))
            .addProcessor(noraProcessor).build());
    noraTracer = Nora.tracer();

    otelProvider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                BatchSpanProcessor.builder(new DiscardingOtelExporter())
                    .setMaxQueueSize(8192)
                    .setMaxExportBatchSize(512)
                    .build())
            .build();
    otelTracer = otelProvider.get("bench");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println("\nnora dropped=" + noraProcessor.droppedCount()
        + " exported=" + noraProcessor.exportedCount());
    Nora.shutdown();
    otelProvider.shutdown().join(10, TimeUnit.SECONDS);
  }

  /** Nora: a trace group with one generation span, as instrumentation records it. */
  @Benchmark
  public Object nora_groupWithGeneration() {
    try (TraceGroup g = Nora.traceGroup("workflow")) {
      noraCall();
      return g;
    }
  }

  /** Nora: one generation span outside any group (a trace of its own). */
  @Benchmark
  public Object nora_generationOnly() {
    return noraCall();
  }

  /** OpenTelemetry: one span with the GenAI attributes of a call. */
  @Benchmark
  public Object otel_span() {
    return otelCall();
  }

  /** OpenTelemetry: a parent span holding one call span, the shape of Nora's group. */
  @Benchmark
  public Object otel_parentWithChild() {
    io.opentelemetry.api.trace.Span parent = otelTracer.spanBuilder("workflow").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      otelCall();
    } finally {
      parent.end();
    }
    return parent;
  }

  /** An LLM call as Nora's instrumentation records it. */
  private Span noraCall() {
    Span call =
        noraTracer.startSpan(
            "openai.chat gpt-4o-mini",
            new GenerationSpanData("openai", "gpt-4o-mini").input(INPUT_MESSAGES));
    ((GenerationSpanData) call.data())
        .responseModel("gpt-4o-mini-2024-07-18")
        .output(OUTPUT_MESSAGES)
        .usage(Usage.of(9, 12))
        .finishReason("stop");
    call.end();
    return call;
  }

  /** The same call as OpenTelemetry's GenAI instrumentation records it. */
  private io.opentelemetry.api.trace.Span otelCall() {
    io.opentelemetry.api.trace.Span span =
        otelTracer.spanBuilder("chat gpt-4o-mini").setSpanKind(SpanKind.CLIENT)
            .setAttribute(SYSTEM, "openai").setAttribute(MODEL, "gpt-4o-mini").startSpan();
    span.setAttribute(RESPONSE_MODEL, "gpt-4o-mini-2024-07-18");
    span.setAttribute(INPUT, 9L);
    span.setAttribute(OUTPUT, 12L);
    span.setAttribute(FINISH, "stop");
    span.end();
    return span;
  }
}
