package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.Status;
import ai.nora.trace.ToolSpanData;
import ai.nora.trace.Trace;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceGroupTest {
  @AfterEach
  void tearDown() {
    Nora.shutdown();
  }

  @Test
  void groupWithCalls_isOneTraceWhoseRootIsTheGroup() {
    RecordingProcessor rec = TestNora.init();

    try (TraceGroup g = Nora.traceGroup("multi_agent_research")) {
      TestNora.llmCall("gpt-4o-mini", "Analyze topic", "analysis", 100, 20);
      TestNora.llmCall("gpt-4o-mini", "Research", "research", 400, 50);
      TestNora.llmCall("gpt-4o-mini", "Summarize", "summary", 150, 50);
    }

    assertThat(rec.endedTraces).hasSize(1);
    Trace trace = rec.endedTraces.get(0);
    assertThat(trace.name()).isEqualTo("multi_agent_research");
    assertThat(trace.status()).isEqualTo(Status.SUCCESS);
    Span group = rec.span("multi_agent_research");
    assertThat(group.parentId()).isNull();
    assertThat(group.type()).isEqualTo("group");
    List<Span> calls = rec.endedSpans.stream().filter(s -> s.type().equals("generation")).toList();
    assertThat(calls).hasSize(3).allSatisfy(c -> {
      assertThat(c.parentId()).isEqualTo(group.id());
      assertThat(c.traceId()).isEqualTo(trace.id());
    });
    GroupSpanData data = (GroupSpanData) group.data();
    assertThat(data.aggregate().calls()).isEqualTo(3);
    assertThat(data.aggregate().totalTokens()).isEqualTo(770);
    // gpt-4o-mini: $0.15 in / $0.60 out per million tokens
    assertThat(data.aggregate().cost()).isCloseTo((650 * 0.15 + 120 * 0.60) / 1e6, within());
    assertThat(trace.aggregate().totalTokens()).isEqualTo(770);
    assertThat(trace.id()).matches("[0-9a-f]{32}");
    assertThat(group.id()).matches("[0-9a-f]{16}");
  }

  @Test
  void nestedGroups_innerGroupsAreChildrenOfTheOuter() {
    RecordingProcessor rec = TestNora.init();

    try (TraceGroup outer = Nora.traceGroup("document_processing")) {
      try (TraceGroup a = Nora.traceGroup("analyze_document")) {
        TestNora.llmCall("gpt-4o-mini", "Analyze", "a", 150, 50);
      }
      try (TraceGroup b = Nora.traceGroup("generate_summary")) {
        TestNora.llmCall("gpt-4o-mini", "Summarize", "s", 100, 50);
      }
    }

    Span outer = rec.span("document_processing");
    Span analyze = rec.span("analyze_document");
    Span summary = rec.span("generate_summary");
    assertThat(analyze.parentId()).isEqualTo(outer.id());
    assertThat(summary.parentId()).isEqualTo(outer.id());
    assertThat(rec.endedTraces).hasSize(1);
    assertThat(((GroupSpanData) analyze.data()).aggregate().totalTokens()).isEqualTo(200);
    assertThat(((GroupSpanData) outer.data()).aggregate().totalTokens()).isEqualTo(350);
    assertThat(((GroupSpanData) outer.data()).aggregate().calls()).isEqualTo(2);
  }

  @Test
  void userAndSessionOfTheOutermostGroup_becomeTheTraces() {
    RecordingProcessor rec = TestNora.init();

    try (TraceGroup g =
        Nora.traceGroup(
            "chat_conversation",
            Map.of("user_id", "user_12345", "session_id", "sess_abc", "input", "reset password?"))) {
      try (TraceGroup inner = Nora.traceGroup("inner", Map.of("user_id", "someone_else"))) {
        TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1);
      }
    }

    Trace trace = rec.endedTraces.get(0);
    assertThat(trace.userId()).isEqualTo("user_12345");
    assertThat(trace.sessionId()).isEqualTo("sess_abc");
    assertThat(trace.input()).isEqualTo("reset password?");
    assertThat(trace.metadata()).containsEntry("session_id", "sess_abc");
  }

  @Test
  void llmCallOutsideAnyGroup_isATraceOfItsOwn() {
    RecordingProcessor rec = TestNora.init();

    TestNora.llmCall("gpt-4o-mini", "Hello!", "Hi there", 9, 3);
    TestNora.llmCall("gpt-4o-mini", "Again", "Sure", 9, 3);

    assertThat(rec.endedTraces).hasSize(2);
    Trace first = rec.endedTraces.get(0);
    assertThat(first.input()).isEqualTo("Hello!");
    assertThat(first.output()).isEqualTo("Hi there");
    assertThat(rec.spansOf(first)).singleElement().satisfies(s -> assertThat(s.parentId()).isNull());
    assertThat(rec.endedTraces.get(1).id()).isNotEqualTo(first.id());
  }

  @Test
  void lambdaForm_recordsTheResultAsOutput() {
    RecordingProcessor rec = TestNora.init();

    String answer = Nora.traceGroup("summarize_article", () -> {
      TestNora.llmCall("gpt-4o-mini", "Summarize", "short", 10, 2);
      return "short";
    });

    assertThat(answer).isEqualTo("short");
    assertThat(rec.endedTraces.get(0).output()).isEqualTo("short");
    assertThat(((GroupSpanData) rec.span("summarize_article").data()).output()).isEqualTo("short");
  }

  @Test
  void lambdaForm_explicitOutputWinsOverTheResult() {
    RecordingProcessor rec = TestNora.init();

    Nora.traceGroup("g", Map.of(), () -> {
      Nora.traceGroup("ignored", () -> 1);
      return 42;
    });
    try (TraceGroup g = Nora.traceGroup("explicit")) {
      g.setOutput("chosen");
    }

    assertThat(rec.endedTraces.get(0).output()).isEqualTo(42);
    assertThat(rec.endedTraces.get(1).output()).isEqualTo("chosen");
  }

  @Test
  void lambdaForm_marksTheErrorAndRethrowsTheSameException() {
    RecordingProcessor rec = TestNora.init();
    IllegalStateException boom = new IllegalStateException("Too many requests");

    assertThatThrownBy(() -> Nora.traceGroup("risky_operation", Map.of(), () -> {
      throw boom;
    })).isSameAs(boom);

    Trace trace = rec.endedTraces.get(0);
    assertThat(trace.status()).isEqualTo(Status.ERROR);
    assertThat(trace.error().type()).isEqualTo("java.lang.IllegalStateException");
    assertThat(trace.error().message()).isEqualTo("Too many requests");
  }

  @Test
  void lambdaForm_passesCheckedExceptionsThroughUnwrapped() {
    TestNora.init();
    IOException io = new IOException("disk");

    assertThatThrownBy(() -> Nora.traceGroup("io", Map.of(), () -> {
      if (io != null) {
        throw io;
      }
      return "never";
    })).isSameAs(io);
  }

  @Test
  void voidLambdaForm_runsTheWorkInTheGroup() {
    RecordingProcessor rec = TestNora.init();

    Nora.traceGroup("batch_queries", Map.of("count", 3), () -> {
      for (int i = 0; i < 3; i++) {
        TestNora.llmCall("gpt-4o-mini", "q" + i, "a", 20, 5);
      }
    });

    GroupSpanData g = (GroupSpanData) rec.span("batch_queries").data();
    assertThat(g.aggregate().calls()).isEqualTo(3);
    assertThat(g.metadata()).containsEntry("count", 3);
  }

  @Test
  void asyncForm_groupStaysOpenUntilTheFutureCompletes() {
    RecordingProcessor rec = TestNora.init();
    CompletableFuture<String> work = new CompletableFuture<>();

    CompletableFuture<String> result = Nora.traceGroupAsync("async_translate", Map.of(), () -> {
      TestNora.llmCall("gpt-4o-mini", "Translate", "Bonjour", 5, 2);
      return work;
    });

    assertThat(rec.endedTraces).isEmpty();
    assertThat(rec.startedTraces).hasSize(1);
    // The group is no longer current on this thread: a call now is a trace of its own.
    TestNora.llmCall("gpt-4o-mini", "other", "x", 1, 1);
    assertThat(rec.endedTraces).hasSize(1).first().extracting(Trace::name).isNotEqualTo("async_translate");

    new Thread(() -> work.complete("Bonjour")).start();

    assertThat(result.join()).isEqualTo("Bonjour");
    Trace trace = rec.endedTraces.stream().filter(t -> t.name().equals("async_translate")).findFirst().orElseThrow();
    assertThat(trace.status()).isEqualTo(Status.SUCCESS);
    assertThat(trace.output()).isEqualTo("Bonjour");
    assertThat(trace.aggregate().calls()).isEqualTo(1);
  }

  @Test
  void asyncForm_failedFutureMarksTheGroupFailed() {
    RecordingProcessor rec = TestNora.init();
    RuntimeException boom = new RuntimeException("upstream 503");

    CompletableFuture<String> result =
        Nora.traceGroupAsync("async_fail", Map.of(), () -> CompletableFuture.failedFuture(boom));

    assertThat(result).isCompletedExceptionally();
    assertThat(rec.endedTraces.get(0).status()).isEqualTo(Status.ERROR);
    assertThat(rec.endedTraces.get(0).error().message()).isEqualTo("upstream 503");
  }

  @Test
  void tryWithResources_recordErrorMarksTheGroup() {
    RecordingProcessor rec = TestNora.init();

    try (TraceGroup g = Nora.traceGroup("critical_operation")) {
      try {
        throw new IllegalArgumentException("bad");
      } catch (IllegalArgumentException e) {
        g.recordError(e);
      }
    }

    assertThat(rec.endedTraces.get(0).status()).isEqualTo(Status.ERROR);
  }

  @Test
  void beforeInit_everythingIsANoOpThatStillWorks() {
    Nora.shutdown();

    try (TraceGroup g = Nora.traceGroup("x", Map.of("user_id", "u"))) {
      assertThat(g.isRecording()).isFalse();
      g.setOutput("o").putMetadata("k", "v").recordError(new RuntimeException());
    }
    assertThat(Nora.traceGroup("y", () -> 5)).isEqualTo(5);
    assertThat(Nora.tool("t", Map.of(), () -> "r")).isEqualTo("r");
    assertThat(Nora.flush()).isTrue();
    assertThat(Nora.getTraceGroups()).isEmpty();
    Nora.disable();
    Nora.enable();
  }

  @Test
  void disable_stopsRecordingUntilEnable() {
    RecordingProcessor rec = TestNora.init();

    Nora.disable();
    try (TraceGroup g = Nora.traceGroup("while_disabled")) {
      assertThat(g.isRecording()).isFalse();
      TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1);
    }
    Nora.enable();
    TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1);

    assertThat(rec.endedTraces).hasSize(1);
    assertThat(rec.endedSpans).hasSize(1);
  }

  @Test
  void disabledByConfig_recordsNothingAndCannotBeEnabled() {
    RecordingProcessor rec = TestNora.init(b -> b.disabled(true));

    Nora.enable();
    try (TraceGroup g = Nora.traceGroup("x")) {
      TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1);
    }

    assertThat(Nora.isEnabled()).isFalse();
    assertThat(rec.endedSpans).isEmpty();
  }

  @Test
  void closingTwice_isHarmless() {
    RecordingProcessor rec = TestNora.init();

    TraceGroup g = Nora.traceGroup("twice");
    g.close();
    g.close();

    assertThat(rec.endedSpans).hasSize(1);
    assertThat(rec.endedTraces).hasSize(1);
  }

  @Test
  void toolSpan_recordsNameArgumentsResultAndParent() {
    RecordingProcessor rec = TestNora.init();

    try (TraceGroup g = Nora.traceGroup("weather_query")) {
      TestNora.toolCallingLlmCall("gpt-4o-mini", "get_weather", "{\"location\":\"Seoul\"}");
      String weather =
          Nora.tool("get_weather", Map.of("location", "Seoul"), () -> "Sunny, 22°C");
      assertThat(weather).isEqualTo("Sunny, 22°C");
      TestNora.llmCall("gpt-4o-mini", "final", "It is sunny", 45, 10);
    }

    Span tool = rec.span("get_weather");
    ToolSpanData data = (ToolSpanData) tool.data();
    assertThat(tool.type()).isEqualTo("tool");
    assertThat(tool.parentId()).isEqualTo(rec.span("weather_query").id());
    assertThat(data.arguments()).isEqualTo(Map.of("location", "Seoul"));
    assertThat(data.result()).isEqualTo("Sunny, 22°C");
    GenerationSpanData first = (GenerationSpanData) rec.endedSpans.get(0).data();
    assertThat(first.toolCalls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("get_weather"));
  }

  @Test
  void toolThatThrows_isAFailedToolSpanAndTheExceptionPasses() {
    RecordingProcessor rec = TestNora.init();
    RuntimeException boom = new RuntimeException("weather API down");

    assertThatThrownBy(() -> Nora.tool("get_weather", null, () -> {
      throw boom;
    })).isSameAs(boom);

    assertThat(rec.span("get_weather").status()).isEqualTo(Status.ERROR);
  }

  @Test
  void agentAndCustomSpans_nestUnderTheCurrentGroup() {
    RecordingProcessor rec = TestNora.init();

    try (TraceGroup g = Nora.traceGroup("multi_agent_system")) {
      Nora.agent("planner", () -> {
        Nora.span("retrieve", Map.of("index", "docs", "k", 5), () -> List.of("d1"));
        return TestNora.llmCall("gpt-4o-mini", "plan", "p", 10, 10);
      });
    }

    Span agent = rec.span("planner");
    Span retrieve = rec.span("retrieve");
    assertThat(agent.type()).isEqualTo("agent");
    assertThat(agent.parentId()).isEqualTo(rec.span("multi_agent_system").id());
    assertThat(retrieve.type()).isEqualTo("custom");
    assertThat(retrieve.parentId()).isEqualTo(agent.id());
    assertThat(rec.span("openai.chat gpt-4o-mini").parentId()).isEqualTo(agent.id());
  }

  @Test
  void secondInit_replacesTheFirstCleanly() {
    RecordingProcessor first = TestNora.init();
    TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1);

    RecordingProcessor second = TestNora.init(b -> b.environment("staging"));
    TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1);

    assertThat(first.endedSpans).hasSize(1);
    assertThat(second.endedSpans).hasSize(1);
    assertThat(second.endedTraces.get(0).environment()).isEqualTo("staging");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
