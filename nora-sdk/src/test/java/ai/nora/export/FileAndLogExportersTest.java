package ai.nora.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.trace.Tracer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAndLogExportersTest {
  @Test
  void jsonLines_oneProtocolItemPerLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/traces.jsonl");
    JsonLinesFileExporter exporter = JsonLinesFileExporter.create(file);
    Tracer tracer = GoldenScenario.tracer(SimpleTraceProcessor.create(exporter));

    GoldenScenario.weatherQuery(tracer);
    tracer.shutdown(Duration.ofSeconds(5));

    List<JsonNode> lines = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String line : Files.readAllLines(file)) {
      lines.add(mapper.readTree(line));
    }
    assertThat(lines.stream().filter(l -> l.get("kind").asText().equals("span"))).hasSize(8);
    JsonNode lastTrace = lines.stream().filter(l -> l.get("kind").asText().equals("trace"))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(lastTrace.get("status").asText()).isEqualTo("success");
    assertThat(lastTrace.get("user_id").asText()).isEqualTo("user_123");
  }

  @Test
  void jsonLines_unwritableFile_failsQuietly(@TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "x");
    JsonLinesFileExporter exporter = JsonLinesFileExporter.create(blocker.resolve("traces.jsonl"));

    assertThat(exporter.export(new ExportBatch(List.of(), List.of()))).isFalse();
  }

  @Test
  void logLines_sayWhatHappened() {
    List<ai.nora.trace.Span> spans = new ArrayList<>();
    Tracer tracer = GoldenScenario.tracer(SimpleTraceProcessor.create(batch -> spans.addAll(batch.spans())));
    GoldenScenario.weatherQuery(tracer);

    String first = LoggingSpanExporter.line(spans.get(0));
    String failed = LoggingSpanExporter.line(spans.stream()
        .filter(s -> s.status() == ai.nora.trace.Status.ERROR).findFirst().orElseThrow());
    String trace = LoggingSpanExporter.line(spans.get(spans.size() - 1).trace());

    assertThat(first).startsWith("[nora] generation 'openai.chat gpt-4o-mini' gpt-4o-mini-2024-07-18 0.250s tokens=130 cost=$0.000042 success");
    assertThat(failed).contains("error=com.anthropic.errors.RateLimitException: 429: rate_limit_error");
    assertThat(trace).startsWith("[nora] trace 'weather_query' success").contains("calls=4 tokens=268");
  }
}
