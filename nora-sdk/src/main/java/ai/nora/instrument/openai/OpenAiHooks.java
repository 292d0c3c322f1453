package ai.nora.instrument.openai;

import ai.nora.instrument.LlmCall;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.concurrent.CompletableFuture;

/**
 * What the advice woven into openai-java's chat completion services calls: public static
 * methods only, taking and returning {@code Object}, so that the woven code links to nothing of
 * the SDK's and nothing private of Nora's. This class is internal and is hence not for public use.
 */
public final class OpenAiHooks {
  private OpenAiHooks() {}

  /** Before {@code create}/{@code createStreaming}: starts recording; null when not recording. */
  public static Object enter(Object params, boolean stream) {
    if (!(params instanceof ChatCompletionCreateParams) || LlmCall.alreadyRecordedHere()) {
      return null;
    }
    ChatCompletionCreateParams p = (ChatCompletionCreateParams) params;
    LlmCall call = LlmCall.start(OpenAiChatAdapter.spanName(p), () -> OpenAiChatAdapter.request(p, stream));
    return call.isRecording() ? call : null;
  }

  /** After it: ends the call or hands back a result that will; returns what the caller gets. */
  @SuppressWarnings("unchecked")
  public static Object exit(Object recording, Object result, Throwable thrown) {
    if (!(recording instanceof LlmCall)) {
      return result;
    }
    LlmCall call = (LlmCall) recording;
    if (thrown != null) {
      call.fail(thrown, OpenAiChatAdapter.status(thrown));
      return result;
    }
    // What came back says what kind of call it was: sync, async, streamed or both.
    if (result instanceof AsyncStreamResponse) {
      return OpenAiInterceptors.asyncStream((AsyncStreamResponse<ChatCompletionChunk>) result, call);
    }
    if (result instanceof CompletableFuture) {
      return call.whenDone((CompletableFuture<ChatCompletion>) result, OpenAiChatAdapter::response,
          OpenAiChatAdapter::status);
    }
    if (result instanceof StreamResponse) {
      return new TracedStreamResponse((StreamResponse<ChatCompletionChunk>) result, call);
    }
    if (result instanceof ChatCompletion) {
      call.succeed((ChatCompletion) result, OpenAiChatAdapter::response);
    }
    return result;
  }
}
