package ai.nora.internal.instrument.openai;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.StreamAssembler;
import ai.nora.internal.instrument.Streams;
import com.openai.core.http.StreamResponse;
import java.util.stream.Stream;

/**
 * An openai-java stream (chat chunks or Responses events) that records its call: items pass to
 * the user unchanged, and the span ends with the assembled output when the stream is exhausted
 * or closed (or dropped). This class is internal and is hence not for public use.
 *
 * @param <T> the stream's item type
 */
public final class TracedStreamResponse<T> implements StreamResponse<T> {
  private final StreamResponse<T> delegate;
  private final LlmCall call;
  private final StreamAssembler<T> assembled;

  public TracedStreamResponse(StreamResponse<T> delegate, LlmCall call, StreamAssembler<T> assembled) {
    this.delegate = delegate;
    this.call = call;
    this.assembled = assembled;
    Streams.endWhenDropped(this, () -> call.endWith(assembled::fill));
  }

  @Override
  public Stream<T> stream() {
    return Streams.observe(this, delegate.stream(), assembled::onItem,
        () -> call.endWith(assembled::fill), e -> call.fail(e, OpenAiEndpoint.status(e)));
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
