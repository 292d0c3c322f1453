package ai.nora.internal.instrument;

import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import ai.nora.trace.EmbeddingSpanData;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.SpanData;
import ai.nora.trace.SpanError;
import ai.nora.trace.TraceContext;
import ai.nora.trace.Tracer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One LLM call being recorded: started from the request, ended by a response, an error, the end
 * of a stream, or the completion of a future. Every step catches Nora's own failures: the
 * provider's result and exceptions always reach the caller unchanged. This class is internal and
 * is hence not for public use.
 */
public final class LlmCall {
  private static final LlmCall NONE = new LlmCall(null, null);
  /** Set while a wrapped client records a call, so that patched SDK code under it does not too. */
  private static final ThreadLocal<Boolean> RECORDING_HERE = new ThreadLocal<>();

  private final Span span;
  private final SpanData data;
  private final AtomicBoolean ended = new AtomicBoolean();

  private LlmCall(Span span, SpanData data) {
    this.span = span;
    this.data = data;
  }

  /**
   * Starts recording a call; the request is mapped only when Nora records. The span is named
   * {@code "<operation> <model>"} from the mapped request, so no adapter reads its request twice.
   * Tool results in the request close the tool executions that earlier calls asked for; where no
   * span is current, the call goes where those calls were asked for.
   */
  public static LlmCall start(String operation, Supplier<? extends SpanData> request) {
    Tracer tracer = CurrentTracer.get();
    if (!tracer.isEnabled()) {
      return NONE;
    }
    try {
      SpanData data = request.get();
      String model = data instanceof GenerationSpanData ? ((GenerationSpanData) data).model()
          : data instanceof EmbeddingSpanData ? ((EmbeddingSpanData) data).model() : null;
      String spanName = operation + " " + (model == null ? "" : model);
      Span answering = null;
      if (data instanceof GenerationSpanData) {
        answering = ToolCallTracker.closeToolsAnsweredBy(((GenerationSpanData) data).input(), tracer);
      }
      // A call answering tool calls belongs where they were asked for, also when it is made on
      // a thread that carries no trace (a framework's callback after a streamed answer).
      Span span = answering != null && Tracer.currentSpan() == null
          ? tracer.startSpan(spanName, data, TraceContext.of(answering))
          : tracer.startSpan(spanName, data);
      return span.isRecording() ? new LlmCall(span, data) : NONE;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("llm:start:" + operation, "could not record an LLM call (" + operation
          + "); it runs untraced", t);
      return NONE;
    }
  }

  /**
   * Runs {@code call} marked as already recorded on this thread: instrumentation reached below
   * (a patched SDK method under a wrapped client) stands aside, so no call is recorded twice.
   */
  public static Object recordedHere(Proxies.Call call) throws Throwable {
    if (RECORDING_HERE.get() != null) {
      return call.call();
    }
    RECORDING_HERE.set(Boolean.TRUE);
    try {
      return call.call();
    } finally {
      RECORDING_HERE.remove();
    }
  }

  /**
   * Marks this thread as recording a call at a framework's level (a Spring AI chat observation's
   * scope), so that a provider SDK's instrumentation reached below stands aside; returns what
   * {@link #endStandAside} restores.
   */
  public static Object standAside() {
    Boolean before = RECORDING_HERE.get();
    RECORDING_HERE.set(Boolean.TRUE);
    return before;
  }

  /**
   * Lifts {@link #standAside()} on this thread (a tool running inside a framework's streamed call:
   * the calls the tool makes are its own); returns what {@link #endStandAside} restores.
   */
  public static Object recordHere() {
    Boolean before = RECORDING_HERE.get();
    RECORDING_HERE.remove();
    return before;
  }

  /** Undoes {@link #standAside()} or {@link #recordHere()} with what it returned. */
  public static void endStandAside(Object before) {
    if (before == null) {
      RECORDING_HERE.remove();
    } else {
      RECORDING_HERE.set((Boolean) before);
    }
  }

  /** Whether a call on this thread is being recorded by a wrapper above. */
  public static boolean alreadyRecordedHere() {
    return RECORDING_HERE.get() != null;
  }

  /** Whether this call is recorded. */
  public boolean isRecording() {
    return span != null;
  }

  /** The span, when recording. */
  public Span span() {
    return span;
  }

  /** Fills in the response and ends the span; {@code D} is the type the call was started with. */
  @SuppressWarnings("unchecked")
  public <D extends SpanData, R> void succeed(R response, BiConsumer<D, R> mapResponse) {
    if (span == null || !ended.compareAndSet(false, true)) {
      return;
    }
    try {
      mapResponse.accept((D) data, response);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("llm:response:" + span.name(),
          "could not read a response of " + span.name() + "; recorded without it", t);
    }
    finish();
  }

  /** Records the provider's error and ends the span. */
  public void fail(Throwable error, Integer httpStatus) {
    if (span == null || !ended.compareAndSet(false, true)) {
      return;
    }
    try {
      span.setError(SpanError.of(error, httpStatus));
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
    finish();
  }

  /** Records an error described by Nora rather than thrown (an HTTP error seen below the SDK). */
  public void failWith(SpanError error) {
    if (span == null || !ended.compareAndSet(false, true)) {
      return;
    }
    try {
      span.setError(error);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
    finish();
  }

  /** Ends the span with what was filled in so far (a stream closed early, a cancel). */
  public void endWith(Consumer<GenerationSpanData> fill) {
    if (span == null || !ended.compareAndSet(false, true)) {
      return;
    }
    try {
      fill.accept((GenerationSpanData) data);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
    finish();
  }

  /**
   * Records the call when {@code future} completes. Returns the future the caller gets: one that
   * completes as {@code future} does, once the call is recorded, so that a caller who acts on
   * the result at once (answers the tool calls it asked for) finds it recorded; cancelling it
   * cancels {@code future}.
   */
  public <D extends SpanData, R> CompletableFuture<R> whenDone(CompletableFuture<R> future,
      BiConsumer<D, R> mapResponse, java.util.function.Function<Throwable, Integer> status) {
    if (span == null || future == null) {
      return future;
    }
    // Completed by hand, not by whenComplete's own stage, so that an error reaches the caller
    // exactly as the SDK raised it (not wrapped in a CompletionException).
    CompletableFuture<R> recorded = new CompletableFuture<>();
    future.whenComplete((r, e) -> {
      try {
        if (e != null) {
          Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
              ? e.getCause() : e;
          fail(cause, status.apply(cause));
        } else {
          succeed(r, mapResponse);
        }
      } finally {
        if (e != null) {
          recorded.completeExceptionally(e);
        } else {
          recorded.complete(r);
        }
      }
    });
    recorded.whenComplete((r, e) -> {
      if (recorded.isCancelled()) {
        future.cancel(true);
      }
    });
    return recorded;
  }

  /** Marks the call as streamed (for recorders that learn it after the start). */
  public void streamed() {
    if (span != null && data instanceof GenerationSpanData) {
      ((GenerationSpanData) data).stream(true);
    }
  }

  /** Marks the first streamed content: time to first token. */
  public void firstToken() {
    if (span != null && data instanceof GenerationSpanData) {
      GenerationSpanData g = (GenerationSpanData) data;
      if (g.timeToFirstTokenNanos() == null) {
        g.timeToFirstTokenNanos(span.now() - span.startEpochNanos());
      }
    }
  }

  private void finish() {
    span.end();
    try {
      if (data instanceof GenerationSpanData) {
        ToolCallTracker.remember(span, (GenerationSpanData) data);
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
  }

  /** The text of the last user message, for span names and tests. */
  static String lastUserText(GenerationSpanData data) {
    for (int i = data.input().size() - 1; i >= 0; i--) {
      Message m = data.input().get(i);
      if ("user".equals(m.role())) {
        return m.content();
      }
    }
    return null;
  }
}
