package ai.nora.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What processors and exporters are handed at a span's end does not change after it. */
class FrozenSpanDataTest {

  @Test
  void changesAfterTheEnd_areIgnored_andWhatWasHandedOnStaysAsItWas() {
    List<Span> ended = new ArrayList<>();
    Tracer tracer = Tracer.builder().processors(List.of(new TraceProcessor() {
      @Override
      public void onSpanEnd(Span span) {
        ended.add(span);
      }
    })).build();
    Span call = tracer.startSpan("chat", new GenerationSpanData("openai", "gpt-4o-mini")
        .input(List.of(Message.of("user", "Hi"))));
    GenerationSpanData data = (GenerationSpanData) call.data();
    data.output(List.of(Message.of("assistant", "Hello"))).usage(Usage.of(3, 2));
    call.end();

    data.output(List.of(Message.of("assistant", "changed"))).usage(Usage.of(300, 200)).finishReason("length")
        .parameter("temperature", 2.0);
    Span group = tracer.startSpan("g", new GroupSpanData(Map.of("k", "v")));
    group.end();
    ((GroupSpanData) group.data()).putMetadata("late", true).output("late");

    assertThat(ended).hasSize(2);
    GenerationSpanData handed = (GenerationSpanData) ended.get(0).data();
    assertThat(handed.output()).extracting(Message::content).containsExactly("Hello");
    assertThat(handed.usage().inputTokens()).isEqualTo(3);
    assertThat(handed.finishReason()).isNull();
    assertThat(handed.parameters()).isEmpty();
    assertThat(handed.cost()).as("priced before it froze").isNotNull();
    assertThat(((GroupSpanData) ended.get(1).data()).metadata()).containsOnlyKeys("k");
  }
}
