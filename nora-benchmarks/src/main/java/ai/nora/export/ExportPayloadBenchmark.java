package ai.nora.export;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.ToolCall;
import ai.nora.trace.ToolSpanData;
import ai.nora.trace.Tracer;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing one export batch (a finished trace: a group, 6 LLM calls with messages, usage and tool
 * calls, 3 tool spans) as the bodies the exporters send: Nora's ingest protocol and OTLP/JSON.
 * The baseline, in the same run, is Jackson writing the same items as maps (what a JSON library
 * in the host would cost); the maps are built once, outside the measurement.
 *
 * <p>In package {@code ai.nora.export} because the payload writers are package-private. Run
 * against another SDK build by putting its jar first on the class path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class ExportPayloadBenchmark {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  private ExportBatch batch;
  private Map<String, Object> asMaps;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    List<ExportBatch> batches = new CopyOnWriteArrayList<>();
    Tracer tracer = Tracer.builder()
        .processors(List.of(SimpleTraceProcessor.create(b -> batches.add(b))))
        .build();
    Span group = tracer.startSpan("support-agent", new GroupSpanData(Map.of("tier", "gold")).input("Where is my order 1234?"));
    try (var scope = tracer.makeCurrent(group)) {
      for (int i = 0; i < 6; i++) {
        List<Message> input = List.of(Message.of("system", "You answer customers of a shop, briefly."),
            Message.of("user", "Where is my order 1234? It was due on Monday " + i));
        Span call = tracer.startSpan("openai.chat gpt-4o-mini",
            new GenerationSpanData("openai", "gpt-4o-mini").input(input));
        GenerationSpanData d = (GenerationSpanData) call.data();
        d.responseModel("gpt-4o-mini-2024-07-18").usage(Usage.of(180 + i, 40))
            .finishReason(i % 2 == 0 ? "tool_calls" : "stop");
        if (i % 2 == 0) {
          ToolCall tc = new ToolCall("call_" + i, "order_status", "{\"order_id\":\"1234\"}");
          d.output(List.of(Message.toolCalls(null, List.of(tc))));
          call.end();
          Span tool = tracer.startSpan("order_status", new ToolSpanData("order_status", Map.of("order_id", "1234")));
          ((ToolSpanData) tool.data()).result("shipped on Tuesday, arriving Thursday");
          tool.end();
        } else {
          d.output(List.of(Message.of("assistant", "Your order 1234 shipped on Tuesday and arrives on Thursday.")));
          call.end();
        }
      }
    }
    group.end();
    List<Span> spans = new ArrayList<>();
    List<ai.nora.trace.Trace> traces = new ArrayList<>();
    for (ExportBatch b : batches) {
      spans.addAll(b.spans());
      b.traces().stream().filter(t -> !traces.contains(t)).forEach(traces::add);
    }
    batch = new ExportBatch(traces, spans);
    asMaps = JACKSON.readValue(IngestPayload.toJson(batch, null), LinkedHashMap.class);
    System.out.printf("%nbatch: %d trace(s), %d spans; ingest payload %d chars, OTLP %d chars%n",
        batch.traces().size(), batch.spans().size(), IngestPayload.toJson(batch, null).length(),
        OtlpJson.request(batch, "bench").length());
  }

  /** Nora's ingest protocol: what {@code NoraHttpExporter} sends. */
  @Benchmark
  public String nora_ingestPayload() {
    return IngestPayload.toJson(batch, null);
  }

  /** OTLP/JSON with the GenAI conventions: what {@code OtlpHttpExporter} sends. */
  @Benchmark
  public String nora_otlpPayload() {
    return OtlpJson.request(batch, "bench");
  }

  /** Baseline: Jackson writing the same items, as maps. */
  @Benchmark
  public String baseline_jacksonMaps() throws Exception {
    return JACKSON.writeValueAsString(asMaps);
  }
}
