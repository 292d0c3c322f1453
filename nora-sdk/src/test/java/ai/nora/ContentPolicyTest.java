package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.ToolSpanData;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContentPolicyTest {
  @AfterEach
  void tearDown() {
    Nora.shutdown();
  }

  @Test
  void captureOff_dropsContentButKeepsModelUsageAndCost() {
    RecordingProcessor rec = TestNora.init(b -> b.captureContent(false));

    try (TraceGroup g = Nora.traceGroup("g", Map.of("user_id", "u1"))) {
      g.setInput("secret question");
      TestNora.llmCall("gpt-4o-mini", "my password is hunter2", "noted", 10, 5);
      Nora.tool("lookup", Map.of("ssn", "123"), () -> "found");
      g.setOutput("secret answer");
    }

    GenerationSpanData call = (GenerationSpanData) rec.span("openai.chat gpt-4o-mini").data();
    assertThat(call.input()).isNull();
    assertThat(call.output()).isNull();
    assertThat(call.model()).isEqualTo("gpt-4o-mini");
    assertThat(call.usage().total()).isEqualTo(15);
    assertThat(call.cost()).isPositive();
    ToolSpanData tool = (ToolSpanData) rec.span("lookup").data();
    assertThat(tool.arguments()).isNull();
    assertThat(tool.result()).isNull();
    GroupSpanData group = (GroupSpanData) rec.span("g").data();
    assertThat(group.input()).isNull();
    assertThat(group.output()).isNull();
    assertThat(group.metadata()).containsEntry("user_id", "u1");
    assertThat(rec.endedTraces.get(0).output()).isNull();
    assertThat(rec.endedTraces.get(0).userId()).isEqualTo("u1");
  }

  @Test
  void mask_isAppliedToEveryCapturedText() {
    RecordingProcessor rec =
        TestNora.init(b -> b.mask(t -> t.replaceAll("\\b\\d{4}-\\d{4}\\b", "[card]")));

    try (TraceGroup g = Nora.traceGroup("g")) {
      TestNora.llmCall("gpt-4o-mini", "pay with 1234-5678", "paid 1234-5678", 10, 5);
      Nora.tool("charge", Map.of("card", "1234-5678"), () -> "ok 1234-5678");
    }

    GenerationSpanData call = (GenerationSpanData) rec.span("openai.chat gpt-4o-mini").data();
    assertThat(call.input().get(0).content()).isEqualTo("pay with [card]");
    assertThat(call.output().get(0).content()).isEqualTo("paid [card]");
    ToolSpanData tool = (ToolSpanData) rec.span("charge").data();
    assertThat(tool.arguments()).isEqualTo(Map.of("card", "[card]"));
    assertThat(tool.result()).isEqualTo("ok [card]");
  }

  @Test
  void longTexts_areCutAtTheConfiguredSize() {
    RecordingProcessor rec = TestNora.init(b -> b.maxFieldChars(100));

    Span s = TestNora.llmCall("gpt-4o-mini", "x".repeat(5000), "y", 1, 1);

    String kept = ((GenerationSpanData) s.data()).input().get(0).content();
    assertThat(kept).startsWith("x".repeat(100)).endsWith("…[truncated 4900 chars]");
    assertThat(rec.endedSpans).hasSize(1);
  }
}
