package ai.nora.internal.instrument.openai;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.Proxies;
import ai.nora.internal.instrument.StreamAssembler;
import ai.nora.internal.Throwables;
import com.openai.core.http.AsyncStreamResponse;
import java.util.Optional;

/**
 * openai-java's async streams, observed: each subscriber's handler sees items after Nora's
 * assembler, and the stream's completion ends the call. This class is internal and is hence not
 * for public use.
 */
final class OpenAiAsyncStreams {
  private OpenAiAsyncStreams() {}

  static <T> AsyncStreamResponse<T> observe(AsyncStreamResponse<T> stream, LlmCall call,
      StreamAssembler<T> assembled) {
    stream.onCompleteFuture().whenComplete((v, e) -> {
      if (e != null) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        call.fail(cause, OpenAiEndpoint.status(cause));
      } else {
        call.endWith(assembled::fill);
      }
    });
    Object[] self = new Object[1];
    @SuppressWarnings("unchecked")
    AsyncStreamResponse<T> proxy = Proxies.wrap(AsyncStreamResponse.class, stream, (m, args, proceed) -> {
      if (m.getName().equals("subscribe")) {
        @SuppressWarnings("unchecked")
        AsyncStreamResponse.Handler<? super T> user = (AsyncStreamResponse.Handler<? super T>) args[0];
        args[0] = observed(user, assembled);
        Object result = proceed.call();
        return result == stream ? self[0] : result; // subscribe returns itself, for chaining
      }
      return proceed.call();
    });
    self[0] = proxy;
    return proxy;
  }

  private static <T> AsyncStreamResponse.Handler<T> observed(AsyncStreamResponse.Handler<? super T> user,
      StreamAssembler<T> assembled) {
    return new AsyncStreamResponse.Handler<>() {
      @Override
      public void onNext(T item) {
        try {
          assembled.onItem(item);
        } catch (Throwable t) {
          Throwables.propagateIfFatal(t);
        }
        user.onNext(item);
      }

      @Override
      public void onComplete(Optional<Throwable> error) {
        user.onComplete(error);
      }
    };
  }
}
