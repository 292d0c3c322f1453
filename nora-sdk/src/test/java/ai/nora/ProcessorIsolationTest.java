package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.trace.Span;
import ai.nora.trace.Trace;
import ai.nora.trace.TraceProcessor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessorIsolationTest {
  @AfterEach
  void tearDown() {
    Nora.shutdown();
  }

  static final class Throwing implements TraceProcessor {
    @Override
    public void onTraceStart(Trace trace) {
      throw new IllegalStateException("processor bug");
    }

    @Override
    public void onSpanEnd(Span span) {
      throw new IllegalStateException("processor bug");
    }

    @Override
    public void onTraceEnd(Trace trace) {
      throw new OutOfMemoryErrorLookalike();
    }

    @Override
    public boolean forceFlush(Duration timeout) {
      throw new IllegalStateException("flush bug");
    }
  }

  /** Not a real VirtualMachineError: an ordinary error that must be contained too. */
  static final class OutOfMemoryErrorLookalike extends Error {}

  @Test
  void throwingProcessor_doesNotStopTheOthersOrTheApp() {
    RecordingProcessor before = new RecordingProcessor();
    RecordingProcessor after = new RecordingProcessor();
    TestNora.init(b -> b.addProcessor(new Throwing()).addProcessor(after));
    Nora.addTraceProcessor(before);

    String result = Nora.traceGroup("g", () -> {
      TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1);
      return "done";
    });

    assertThat(result).isEqualTo("done");
    assertThat(after.endedSpans).hasSize(2);
    assertThat(after.endedTraces).hasSize(1);
    assertThat(before.endedTraces).hasSize(1);
    assertThat(Nora.flush()).isFalse(); // one processor failed to flush, and says so
  }

  @Test
  void setTraceProcessors_replacesTheExportButKeepsLocalQueries() {
    RecordingProcessor first = TestNora.init();
    RecordingProcessor replacement = new RecordingProcessor();

    Nora.setTraceProcessors(List.of(replacement));
    Nora.traceGroup("g", () -> TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1));

    assertThat(first.endedSpans).isEmpty();
    assertThat(replacement.endedSpans).hasSize(2);
    assertThat(Nora.getTraceGroups()).extracting(GroupSummary::name).containsExactly("g");
  }
}
