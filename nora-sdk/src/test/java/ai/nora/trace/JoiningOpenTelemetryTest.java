package ai.nora.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trace started where an integration names the OpenTelemetry span it belongs to. */
class JoiningOpenTelemetryTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @Test
  void aTraceStartedInTheScope_takesTheTraceId_andTheSpanAsItsRootsParent() {
    Tracer tracer = Tracer.builder().processors(List.of()).build();
    Span root;
    Span child;
    try (Scope ignored = TraceContext.joiningOpenTelemetry(TRACE, SPAN)) {
      root = tracer.startSpan("job", new GroupSpanData(Map.of()));
      try (Scope inner = tracer.makeCurrent(root)) {
        child = tracer.startSpan("step", new CustomSpanData(Map.of()));
      }
    }
    Span after = tracer.startSpan("later", new GroupSpanData(Map.of()));

    assertThat(root.traceId()).isEqualTo(TRACE);
    assertThat(root.parentId()).isEqualTo(SPAN);
    assertThat(root.parent()).isNull(); // still the root of Nora's trace
    assertThat(root.trace().joinedParent()).isEqualTo(SPAN);
    assertThat(child.parentId()).isEqualTo(root.id());
    assertThat(after.traceId()).isNotEqualTo(TRACE);
    assertThat(after.parentId()).isNull();
  }

  @Test
  void aTracerThatDoesNotJoin_ignoresIt_and64BitTraceIdsArePadded() {
    Tracer apart = Tracer.builder().processors(List.of()).joinOpenTelemetry(false).build();
    Tracer joining = Tracer.builder().processors(List.of()).build();
    try (Scope ignored = TraceContext.joiningOpenTelemetry("a3ce929d0e0e4736", SPAN)) {
      assertThat(apart.startSpan("x", new GroupSpanData(Map.of())).parentId()).isNull();
      assertThat(joining.startSpan("y", new GroupSpanData(Map.of())).traceId())
          .isEqualTo("0000000000000000a3ce929d0e0e4736");
    }
    assertThatThrownBy(() -> TraceContext.joiningOpenTelemetry("abc", SPAN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
