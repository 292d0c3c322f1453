package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.trace.GenerationSpanData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An async call's future: recorded before the caller has the result, unchanged otherwise. */
class AsyncCallTest {
  RecordingProcessor rec = TestNora.init();

  @AfterEach
  void stop() {
    Nora.shutdown();
  }

  private static LlmCall call() {
    return LlmCall.start("chat", () -> new GenerationSpanData("acme", "m1"));
  }

  @Test
  void theCallerHasTheResult_onlyOnceTheCallIsRecorded() throws Exception {
    CompletableFuture<String> sdk = new CompletableFuture<>();
    CountDownLatch recording = new CountDownLatch(1);
    CompletableFuture<String> callers = call().whenDone(sdk, (GenerationSpanData d, String r) -> {
      try {
        recording.await(5, TimeUnit.SECONDS); // Nora still reading the response
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, t -> null);
    Thread completer = new Thread(() -> sdk.complete("answer"));
    completer.start();
    Thread.sleep(50);
    assertThat(callers).as("not before Nora recorded the call").isNotDone();
    recording.countDown();
    assertThat(callers.get(5, TimeUnit.SECONDS)).isEqualTo("answer");
    assertThat(rec.endedSpans).singleElement().satisfies(s -> assertThat(s.isEnded()).isTrue());
  }

  @Test
  void anError_reachesTheCallerAsTheSdkRaisedIt() {
    CompletableFuture<String> sdk = new CompletableFuture<>();
    CompletableFuture<String> callers = call().whenDone(sdk, (GenerationSpanData d, String r) -> {}, t -> 429);
    IllegalStateException boom = new IllegalStateException("rate limited");
    sdk.completeExceptionally(boom);
    assertThat(callers.exceptionally(e -> e == boom ? "same" : "wrapped: " + e).join()).isEqualTo("same");
    assertThat(rec.endedSpans.get(0).error().httpStatus()).isEqualTo(429);
  }

  @Test
  void cancellingWhatTheCallerHolds_cancelsTheCall() {
    CompletableFuture<String> sdk = new CompletableFuture<>();
    CompletableFuture<String> callers = call().whenDone(sdk, (GenerationSpanData d, String r) -> {}, t -> null);
    callers.cancel(true);
    assertThat(sdk.isCancelled()).isTrue();
    assertThat(rec.endedSpans).hasSize(1);
    assertThat(List.of(rec.endedSpans.get(0).status().name())).containsExactly("ERROR");
  }
}
