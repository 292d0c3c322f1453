package ai.nora.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.TraceGroup;
import ai.nora.trace.Span;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NoraExtensionTest {
  @RegisterExtension final NoraExtension nora = NoraExtension.create(b -> b.environment("test"));

  @Test
  void everySpanIsThereTheMomentItEnds() {
    try (TraceGroup g = Nora.traceGroup("support_reply", Map.of("user_id", "u1"))) {
      Nora.tool("lookup_order", Map.of("id", 7), () -> "shipped");
    }

    InMemorySpanExporter exporter = nora.exporter();
    Span group = exporter.span("support_reply").orElseThrow();
    assertThat(exporter.childrenOf(group)).extracting(Span::name).containsExactly("lookup_order");
    assertThat(exporter.spans("tool")).hasSize(1);
    assertThat(exporter.traces()).singleElement().satisfies(t -> {
      assertThat(t.userId()).isEqualTo("u1");
      assertThat(t.environment()).isEqualTo("test");
      assertThat(t.isEnded()).isTrue();
    });
    assertThat(exporter.spansOfTrace(group.traceId())).hasSize(2);
  }

  @Test
  void eachTestStartsEmpty() {
    assertThat(nora.exporter().spans()).isEmpty();
    assertThat(nora.exporter().traces()).isEmpty();
  }

  @Test
  void afterShutdownNothingIsKept() {
    nora.exporter().shutdown();
    Nora.tool("t", null, () -> 1);
    assertThat(nora.exporter().spans()).isEmpty();
  }
}
