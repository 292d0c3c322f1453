package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.trace.Span;
import ai.nora.trace.Trace;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SamplingTest {
  @AfterEach
  void tearDown() {
    Nora.shutdown();
  }

  @Test
  void sampling_keepsOrDropsWholeTraces() {
    RecordingProcessor rec = TestNora.init(b -> b.sampleRate(0.3));

    for (int i = 0; i < 2000; i++) {
      try (TraceGroup g = Nora.traceGroup("g" + i)) {
        TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1);
        try (TraceGroup inner = Nora.traceGroup("inner")) {
          TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1);
        }
      }
    }

    int kept = rec.endedTraces.size();
    assertThat(kept).isBetween(450, 750); // 30% of 2000, give or take
    Set<String> keptIds = rec.endedTraces.stream().map(Trace::id).collect(Collectors.toSet());
    // every kept trace arrives whole (4 spans), and no span of a dropped trace arrives
    assertThat(rec.endedSpans).hasSize(kept * 4);
    assertThat(rec.endedSpans).allSatisfy(s -> assertThat(keptIds).contains(s.traceId()));
  }

  @Test
  void rateZero_keepsNothingAndTheAppStillWorks() {
    RecordingProcessor rec = TestNora.init(b -> b.sampleRate(0.0));

    String out = Nora.traceGroup("g", () -> {
      Span s = TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1);
      return s.traceId();
    });

    assertThat(out).matches("[0-9a-f]{32}");
    assertThat(rec.endedSpans).isEmpty();
    assertThat(rec.endedTraces).isEmpty();
  }
}
