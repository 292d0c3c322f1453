package ai.nora.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.Tracer;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK's side of the ingest protocol: what it sends is exactly the golden payloads, and every
 * golden payload satisfies the JSON Schema. The server's tests read the same files.
 */
class IngestProtocolTest {
  static final Path PROTOCOL = Path.of("..", "docs", "protocol");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Collects what a SimpleTraceProcessor exports, as one batch. */
  static final class Collect implements SpanExporter {
    final List<ai.nora.trace.Trace> traces = new ArrayList<>();
    final List<Span> spans = new ArrayList<>();

    @Override
    public boolean export(ExportBatch batch) {
      for (ai.nora.trace.Trace t : batch.traces()) {
        traces.remove(t);
        traces.add(t);
      }
      spans.addAll(batch.spans());
      return true;
    }

    ExportBatch batch() {
      return new ExportBatch(traces, spans);
    }
  }

  private static JsonNode encode(ExportBatch batch) throws IOException {
    JsonNode node = JSON.readTree(IngestPayload.toJson(batch, "https://app.example/feedback"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("sdk")).put("version", "0.1.0");
    return node;
  }

  private static JsonNode golden(String name) throws IOException {
    return JSON.readTree(PROTOCOL.resolve("golden").resolve(name).toFile());
  }

  /** Writes the golden file when asked (-Dnora.golden.write=true), so changes are deliberate. */
  private static void maybeWrite(String name, JsonNode actual) throws IOException {
    if (Boolean.getBoolean("nora.golden.write")) {
      Files.writeString(PROTOCOL.resolve("golden").resolve(name), JSON.writeValueAsString(actual) + "\n");
    }
  }

  @Test
  void aFullWorkflow_encodesExactlyAsTheGoldenBatch() throws IOException {
    Collect out = new Collect();
    Tracer tracer = GoldenScenario.tracer(SimpleTraceProcessor.create(out));

    GoldenScenario.weatherQuery(tracer);
    JsonNode actual = encode(out.batch());
    maybeWrite("weather-query-batch.json", actual);

    assertThat(actual).isEqualTo(golden("weather-query-batch.json"));
  }

  @Test
  void aRunningTrace_travelsAsPendingThenComplete() throws IOException {
    Collect out = new Collect();
    Tracer tracer = GoldenScenario.tracer(SimpleTraceProcessor.create(out));
    Span call = GoldenScenario.lonePendingCall(tracer);
    ExportBatch pending = new ExportBatch(List.of(call.trace()), List.of());
    JsonNode pendingJson = encode(pending);

    ((GenerationSpanData) call.data())
        .output(List.of(Message.of("assistant", "Silent circuits hum")))
        .usage(new Usage(6L, 12L, null, null, null, 4L))
        .finishReason("STOP");
    call.end();
    JsonNode doneJson = encode(out.batch());
    maybeWrite("pending-trace-batch.json", pendingJson);
    maybeWrite("single-call-batch.json", doneJson);

    assertThat(pendingJson).isEqualTo(golden("pending-trace-batch.json"));
    assertThat(doneJson).isEqualTo(golden("single-call-batch.json"));
  }

  @Test
  void everyGoldenPayload_satisfiesTheSchema() throws IOException {
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Files.newInputStream(PROTOCOL.resolve("ingest.schema.json")));
    List<Path> files;
    try (Stream<Path> s = Files.list(PROTOCOL.resolve("golden"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }

    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    for (Path file : files) {
      Set<ValidationMessage> errors = schema.validate(JSON.readTree(file.toFile()));
      assertThat(errors).as(file.toString()).isEmpty();
    }
  }

  @Test
  void invalidPayloads_failTheSchemaSoTheServerCanRejectThem() throws IOException {
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Files.newInputStream(PROTOCOL.resolve("ingest.schema.json")));
    List<Path> files;
    try (Stream<Path> s = Files.list(PROTOCOL.resolve("invalid"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }

    assertThat(files).isNotEmpty();
    for (Path file : files) {
      JsonNode doc = JSON.readTree(file.toFile());
      assertThat(schema.validate(doc.get("payload"))).as(file.toString()).isNotEmpty();
    }
  }
}
