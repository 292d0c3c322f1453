package ai.nora.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.RecordingProcessor;
import ai.nora.TestNora;
import ai.nora.openai.FakeProvider;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.Status;
import ai.nora.trace.ToolSpanData;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** What every provider's matrix shares: the fake provider, a recording Nora, span lookups. */
abstract class MatrixSupport {
  /** How the application calls the provider. */
  enum Mode { SYNC, ASYNC, STREAM }

  FakeProvider provider;
  RecordingProcessor rec;

  @BeforeAll
  static void instrument() {
    Ways.prepare();
  }

  @BeforeEach
  void startNora() {
    provider = new FakeProvider();
    rec = TestNora.init();
  }

  @AfterEach
  void stopNora() {
    Nora.shutdown();
    provider.close();
  }

  /** The generation spans, once {@code n} have ended (async and streamed calls end a little later). */
  List<Span> generations(int n) {
    Awaitility.await().until(() -> rec.endedSpans.stream().filter(s -> s.type().equals("generation")).count() >= n);
    List<Span> gens = rec.endedSpans.stream().filter(s -> s.type().equals("generation")).toList();
    assertThat(gens).as("generation spans").hasSize(n);
    return gens;
  }

  GenerationSpanData data(Span s) {
    return (GenerationSpanData) s.data();
  }

  List<Span> tools() {
    return rec.endedSpans.stream().filter(s -> s.type().equals("tool")).toList();
  }

  /** One generation, in group {@code group}, recorded as streamed or not as the mode was. */
  GenerationSpanData onlyGenerationIn(String group, Mode mode) {
    Span gen = generations(1).get(0);
    assertThat(gen.parentId()).isEqualTo(rec.span(group).id());
    assertThat(data(gen).stream()).isEqualTo(mode == Mode.STREAM);
    if (mode == Mode.STREAM) {
      assertThat(data(gen).timeToFirstTokenNanos()).isPositive();
    }
    return data(gen);
  }

  /** The tool span of a call an earlier response asked for, placed between the two calls. */
  void assertToolSpanBetween(String group, String toolName, String callId, String resultPart) {
    List<Span> gens = generations(2);
    assertThat(tools()).singleElement().satisfies(t -> {
      ToolSpanData d = (ToolSpanData) t.data();
      assertThat(t.name()).isEqualTo(toolName);
      assertThat(d.toolCallId()).isEqualTo(callId);
      assertThat(String.valueOf(d.result())).contains(resultPart);
      assertThat(t.parentId()).isEqualTo(rec.span(group).id());
      assertThat(t.startEpochNanos()).isGreaterThanOrEqualTo(gens.get(0).endEpochNanos());
      assertThat(t.endEpochNanos()).isLessThanOrEqualTo(gens.get(1).startEpochNanos());
    });
  }

  void assertFailedWith(int httpStatus) {
    Span gen = generations(1).get(0);
    assertThat(gen.status()).isEqualTo(Status.ERROR);
    assertThat(gen.error().httpStatus()).isEqualTo(httpStatus);
    assertThat(gen.error().message()).isNotBlank();
  }
}
