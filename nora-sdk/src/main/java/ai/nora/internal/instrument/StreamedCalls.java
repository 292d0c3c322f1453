package ai.nora.internal.instrument;

import ai.nora.internal.Throwables;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Time to first token for calls a framework streams as a Reactor {@code Flux} (Spring AI): the
 * framework's recorder says which call it just started on this thread, and the advice woven
 * where the framework assembles that call's stream ({@code MessageAggregator.aggregate}) has the
 * stream's first element mark it. Reactor is reached by reflection only, so nothing here links to
 * it. This class is internal and is hence not for public use.
 */
public final class StreamedCalls {
  private static final ThreadLocal<LlmCall> STARTED = new ThreadLocal<>();

  private StreamedCalls() {}

  /** A call just started here; if its stream is assembled next, on this thread, it streams. */
  public static void started(LlmCall call) {
    STARTED.set(call);
  }

  /** The call started here runs without a stream (its scope opened first). */
  public static void notStreamed() {
    STARTED.remove();
  }

  /** Advice, after the stream of the call started here is assembled: watch its first element. */
  public static Object assembled(Object flux) {
    LlmCall call = STARTED.get();
    STARTED.remove();
    if (call == null || flux == null || !call.isRecording()) {
      return flux;
    }
    try {
      Method doOnNext = flux.getClass().getMethod("doOnNext", Consumer.class);
      AtomicBoolean first = new AtomicBoolean();
      Consumer<Object> mark = element -> {
        if (first.compareAndSet(false, true)) {
          call.firstToken();
        }
      };
      Object watched = doOnNext.invoke(flux, mark);
      call.streamed();
      return watched;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      return flux;
    }
  }
}
