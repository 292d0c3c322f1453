package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** @Traced and tracedFunctions, woven by Nora.init into an application in its own JVM. */
class TracedMethodsTest {
  @Test
  void tracedMethods_becomeTraceGroupsNamedAfterThem(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("traces.jsonl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "example.TracedApp", out.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(printed).isZero();
    assertThat(printed).contains("notes on quantum!", "processed", "later", "abc", "xy", "caught boom");

    Map<String, JsonNode> spans = new HashMap<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String line : Files.readAllLines(out)) {
      JsonNode n = mapper.readTree(line);
      if (n.get("kind").asText().equals("span")) {
        spans.put(n.get("name").asText(), n);
      }
    }
    JsonNode summarize = spans.get("summarize");
    JsonNode research = spans.get("research_step");
    assertThat(summarize.get("type").asText()).isEqualTo("group");
    assertThat(summarize.get("parent_id").isNull()).isTrue();
    assertThat(summarize.get("output").asText()).isEqualTo("notes on quantum!");
    assertThat(research.get("parent_id").asText()).isEqualTo(summarize.get("id").asText());
    assertThat(research.get("calls").asInt()).isEqualTo(1);
    assertThat(spans.get("process").get("calls").asInt()).isEqualTo(1);
    assertThat(spans.get("later").get("output").asText()).isEqualTo("later");
    assertThat(duration(spans.get("later"))).isGreaterThanOrEqualTo(0.09);
    assertThat(spans.get("tokens").get("status").asText()).isEqualTo("success");
    assertThat(spans.get("lines").get("status").asText()).isEqualTo("success");
    assertThat(spans.get("fails").get("status").asText()).isEqualTo("error");
    assertThat(spans.get("fails").at("/error/message").asText()).isEqualTo("boom");
    assertThat(List.of("main")).doesNotContainAnyElementsOf(spans.keySet());
  }

  private static double duration(JsonNode span) {
    return (java.time.Instant.parse(span.get("end_time").asText()).toEpochMilli()
        - java.time.Instant.parse(span.get("start_time").asText()).toEpochMilli()) / 1000.0;
  }
}
