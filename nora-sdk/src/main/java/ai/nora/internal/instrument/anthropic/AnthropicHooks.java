package ai.nora.internal.instrument.anthropic;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.Proxies;
import ai.nora.internal.Throwables;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Records Anthropic Messages calls, for the advice woven into anthropic-java (public static,
 * {@code Object}-typed) and for the explicit wrappers alike. Covers messages and beta messages,
 * sync, async and streamed. This class is internal and is hence not for public use.
 */
public final class AnthropicHooks implements ai.nora.internal.instrument.ProviderHooks {
  static final AnthropicHooks INSTANCE = new AnthropicHooks();
  /** Set on the thread making a call that Nora records, while the SDK runs it. */
  private static final ThreadLocal<Boolean> RECORDING = new ThreadLocal<>();

  private AnthropicHooks() {}

  @Override
  public Object enter(Object params, boolean stream) {
    return onEnter(params, stream);
  }

  @Override
  public Object exit(Object recording, Object result, Throwable thrown) {
    return onExit(recording, result, thrown);
  }

  /** Before {@code create}/{@code createStreaming}: starts recording; null when not recording. */
  public static Object onEnter(Object params, boolean stream) {
    if (!AnthropicAdapter.handles(params) || LlmCall.alreadyRecordedHere()) {
      return null;
    }
    LlmCall call = LlmCall.start(AnthropicAdapter.OPERATION,
        () -> AnthropicAdapter.request(params, stream));
    if (!call.isRecording()) {
      return null;
    }
    RECORDING.set(Boolean.TRUE);
    return call;
  }

  /**
   * What anthropic-java's own OpenTelemetry tracing gets as the span of a call: for a call that
   * Nora records, a span that records nothing, so that the call is not recorded twice (once by
   * Nora, once by the SDK's span exported over OTLP); for any other call, its own span.
   */
  public static Object ownTelemetrySpan(Object span) {
    return RECORDING.get() != null ? io.opentelemetry.api.trace.Span.getInvalid() : span;
  }

  /** After it: ends the call, or returns a result that will; returns what the caller gets. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Object onExit(Object recording, Object result, Throwable thrown) {
    if (!(recording instanceof LlmCall)) {
      return result;
    }
    RECORDING.remove();
    LlmCall call = (LlmCall) recording;
    if (thrown != null) {
      call.fail(thrown, AnthropicAdapter.status(thrown));
      return result;
    }
    if (result instanceof CompletableFuture) {
      return call.whenDone((CompletableFuture<Object>) result, AnthropicAdapter::response,
          AnthropicAdapter::status);
    }
    if (result instanceof StreamResponse) {
      return new TracedAnthropicStream<>((StreamResponse) result, call);
    }
    if (result instanceof AsyncStreamResponse) {
      return asyncStream((AsyncStreamResponse<Object>) result, call);
    }
    call.succeed(result, AnthropicAdapter::response);
    return result;
  }

  /** An async event stream whose handlers are observed, and whose completion ends the call. */
  static AsyncStreamResponse<Object> asyncStream(AsyncStreamResponse<Object> stream, LlmCall call) {
    AnthropicStream assembled = new AnthropicStream(call);
    stream.onCompleteFuture().whenComplete((v, e) -> {
      if (e != null) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        call.fail(cause, AnthropicAdapter.status(cause));
      } else {
        call.endWith(assembled::fill);
      }
    });
    Object[] self = new Object[1];
    @SuppressWarnings("unchecked")
    AsyncStreamResponse<Object> proxy = Proxies.wrap(AsyncStreamResponse.class, stream,
        (m, args, proceed) -> {
          if (m.getName().equals("subscribe")) {
            @SuppressWarnings("unchecked")
            AsyncStreamResponse.Handler<Object> user = (AsyncStreamResponse.Handler<Object>) args[0];
            args[0] = new AsyncStreamResponse.Handler<Object>() {
              @Override
              public void onNext(Object event) {
                try {
                  assembled.onItem(event);
                } catch (Throwable t) {
                  Throwables.propagateIfFatal(t);
                }
                user.onNext(event);
              }

              @Override
              public void onComplete(Optional<Throwable> error) {
                user.onComplete(error);
              }
            };
            Object r = proceed.call();
            return r == stream ? self[0] : r;
          }
          return proceed.call();
        });
    self[0] = proxy;
    return proxy;
  }
}
