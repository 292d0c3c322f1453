package ai.nora.internal.instrument.anthropic;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.Streams;
import com.anthropic.core.http.StreamResponse;
import java.util.stream.Stream;

/**
 * A Messages event stream that records its call; events pass to the user unchanged. Its
 * {@code iterator()} (the interface's default) reads through {@link #stream()}, so both ways of
 * reading are seen. This class is internal and is hence not for public use.
 */
final class TracedAnthropicStream<T> implements StreamResponse<T> {
  private final StreamResponse<T> delegate;
  private final LlmCall call;
  private final AnthropicStream assembled;

  TracedAnthropicStream(StreamResponse<T> delegate, LlmCall call) {
    this.delegate = delegate;
    this.call = call;
    this.assembled = new AnthropicStream(call);
    AnthropicStream a = assembled;
    Streams.endWhenDropped(this, () -> call.endWith(a::fill));
  }

  @Override
  public Stream<T> stream() {
    return Streams.observe(this, delegate.stream(), assembled::onItem, () -> call.endWith(assembled::fill),
        e -> call.fail(e, AnthropicAdapter.status(e)));
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
