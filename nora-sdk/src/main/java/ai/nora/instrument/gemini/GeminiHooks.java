package ai.nora.instrument.gemini;

import ai.nora.instrument.LlmCall;
import java.util.concurrent.CompletableFuture;

/**
 * What the advice woven into google-genai's {@code Models} and {@code AsyncModels} calls, once
 * per HTTP round trip. This class is internal and is hence not for public use.
 */
public final class GeminiHooks {
  private GeminiHooks() {}

  /** Before a round trip: starts recording; null when not recording. */
  public static Object enter(Object model, Object contents, Object config) {
    if (LlmCall.alreadyRecordedHere()) {
      return null;
    }
    LlmCall call = LlmCall.start(GeminiAdapter.spanName(model),
        () -> GeminiAdapter.request(model, contents, config));
    return call.isRecording() ? call : null;
  }

  /** After it: ends the call (or when the future completes); returns what the caller gets. */
  @SuppressWarnings("unchecked")
  public static Object exit(Object recording, Object result, Throwable thrown) {
    if (!(recording instanceof LlmCall)) {
      return result;
    }
    LlmCall call = (LlmCall) recording;
    if (thrown != null) {
      call.fail(thrown, GeminiAdapter.status(thrown));
    } else if (result instanceof CompletableFuture) {
      return call.whenDone((CompletableFuture<Object>) result, GeminiAdapter::response, GeminiAdapter::status);
    } else {
      call.succeed(result, GeminiAdapter::response);
    }
    return result;
  }
}
