package ai.nora.instrument.openai;

import ai.nora.instrument.LlmCall;
import ai.nora.instrument.Streams;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import java.util.stream.Stream;

/**
 * A chat completion stream that records its call: chunks pass to the user unchanged, and the
 * span ends with the assembled output when the stream is exhausted or closed (or dropped). This
 * class is internal and is hence not for public use.
 */
public final class TracedStreamResponse implements StreamResponse<ChatCompletionChunk> {
  private final StreamResponse<ChatCompletionChunk> delegate;
  private final LlmCall call;
  private final OpenAiChatStream assembled;

  public TracedStreamResponse(StreamResponse<ChatCompletionChunk> delegate, LlmCall call) {
    this.delegate = delegate;
    this.call = call;
    this.assembled = new OpenAiChatStream(call);
    LlmCall c = call;
    OpenAiChatStream a = assembled;
    Streams.endWhenDropped(this, () -> c.endWith(a::fill));
  }

  @Override
  public Stream<ChatCompletionChunk> stream() {
    return Streams.observe(delegate.stream(), assembled::onChunk, () -> call.endWith(assembled::fill),
        e -> call.fail(e, OpenAiChatAdapter.status(e)));
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      call.endWith(assembled::fill);
    }
  }
}
