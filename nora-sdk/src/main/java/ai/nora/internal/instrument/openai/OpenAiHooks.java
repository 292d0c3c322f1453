package ai.nora.internal.instrument.openai;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.ProviderHooks;
import ai.nora.internal.instrument.StreamAssembler;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Records openai-java calls (chat completions, Responses, embeddings; sync, async, streamed) for
 * the advice woven into the SDK's services and for the explicit wrappers alike. The static
 * methods take and return {@code Object}, so that woven code links to nothing of the SDK's and
 * nothing private of Nora's. This class is internal and is hence not for public use.
 */
public final class OpenAiHooks implements ProviderHooks {
  static final OpenAiHooks INSTANCE = new OpenAiHooks();

  /** A call being recorded and the endpoint that reads its response. */
  private static final class Recording {
    final LlmCall call;
    final OpenAiEndpoint endpoint;

    Recording(LlmCall call, OpenAiEndpoint endpoint) {
      this.call = call;
      this.endpoint = endpoint;
    }
  }

  private OpenAiHooks() {}

  /** Before {@code create}/{@code createStreaming}: starts recording; null when not recording. */
  public static Object onEnter(Object params, boolean stream) {
    OpenAiEndpoint endpoint = OpenAiEndpoint.of(params);
    if (endpoint == null || LlmCall.alreadyRecordedHere()) {
      return null;
    }
    LlmCall call = LlmCall.start(endpoint.operation, () -> endpoint.request(params, stream));
    return call.isRecording() ? new Recording(call, endpoint) : null;
  }

  /** After it: ends the call or hands back a result that will; returns what the caller gets. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Object onExit(Object recording, Object result, Throwable thrown) {
    if (!(recording instanceof Recording)) {
      return result;
    }
    LlmCall call = ((Recording) recording).call;
    OpenAiEndpoint endpoint = ((Recording) recording).endpoint;
    if (thrown != null) {
      call.fail(thrown, OpenAiEndpoint.status(thrown));
      return result;
    }
    // What came back says what kind of call it was: sync, async, streamed or both.
    if (result instanceof AsyncStreamResponse) {
      return OpenAiAsyncStreams.observe((AsyncStreamResponse) result, call, endpoint.assembler(call));
    }
    if (result instanceof CompletableFuture) {
      return call.whenDone((CompletableFuture<Object>) result, endpoint::response, OpenAiEndpoint::status);
    }
    if (result instanceof StreamResponse) {
      return new TracedStreamResponse<>((StreamResponse) result, call, (StreamAssembler) endpoint.assembler(call));
    }
    call.succeed(result, endpoint::response);
    return result;
  }

  @Override
  public Object enter(Object params, boolean stream) {
    return onEnter(params, stream);
  }

  @Override
  public Object exit(Object recording, Object result, Throwable thrown) {
    return onExit(recording, result, thrown);
  }
}
