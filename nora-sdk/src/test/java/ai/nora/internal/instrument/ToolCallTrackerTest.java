package ai.nora.internal.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Tracer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tool calls remembered between an LLM call that asks and the one that answers. */
class ToolCallTrackerTest {
  private final Tracer tracer = Tracer.builder().processors(List.of()).build();

  @AfterEach
  void forget() {
    ToolCallTracker.clear();
  }

  private Span askingCall(Span group) {
    try (Scope ignored = tracer.makeCurrent(group)) {
      Span call = tracer.startSpan("chat", new GenerationSpanData("openai", "gpt-4o-mini"));
      ((GenerationSpanData) call.data()).output(List.of(
          Message.toolCalls(null, List.of(new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}")))));
      call.end();
      ToolCallTracker.remember(call, (GenerationSpanData) call.data());
      return call;
    }
  }

  @Test
  void theAnswer_recordsTheToolUnderTheGroup_fromTheAskingCallsEnd() {
    Span group = tracer.startSpan("g", new GroupSpanData(Map.of()));
    Span call = askingCall(group);

    Span above = ToolCallTracker.closeToolsAnsweredBy(List.of(Message.toolResult("call_1", "weather", "sunny")), tracer);

    assertThat(above).isSameAs(group);
    assertThat(ToolCallTracker.claimById("call_1")).as("answered once").isNull();
    assertThat(call.isEnded()).isTrue();
  }

  @Test
  void anExplicitToolSpan_claimsTheCall_byNameUnderTheSameParentOrTheCall() {
    Span group = tracer.startSpan("g", new GroupSpanData(Map.of()));
    Span call = askingCall(group);
    Span other = tracer.startSpan("other", new GroupSpanData(Map.of()));

    assertThat(ToolCallTracker.claim("weather", other)).isNull();
    assertThat(ToolCallTracker.claim("weather", null)).isNull();
    assertThat(ToolCallTracker.claim("weather", call)).isEqualTo("call_1");
    assertThat(ToolCallTracker.claim("weather", group)).as("claimed once").isNull();
  }

  @Test
  void clearing_forgetsWhatWaits() {
    Span group = tracer.startSpan("g", new GroupSpanData(Map.of()));
    askingCall(group);

    ToolCallTracker.clear();

    assertThat(ToolCallTracker.closeToolsAnsweredBy(List.of(Message.toolResult("call_1", "weather", "sunny")), tracer))
        .isNull();
  }
}
