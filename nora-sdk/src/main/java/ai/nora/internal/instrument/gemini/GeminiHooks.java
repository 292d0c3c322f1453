package ai.nora.internal.instrument.gemini;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.Streams;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * What the advice woven into google-genai calls: once per HTTP round trip of generateContent (sync
 * and async), and for streams on each chunk the SDK's iterator hands out, at its end, and at the
 * stream's close. A stream's recording is looked up by the SDK's stream object, held weakly: an
 * abandoned stream's call is ended when the stream is collected. This class is internal and is
 * hence not for public use.
 */
public final class GeminiHooks {
  private static final Map<Object, Streamed> STREAMS = Collections.synchronizedMap(new WeakHashMap<>());

  /** A streamed call and what it has assembled so far. */
  private static final class Streamed {
    final LlmCall call;
    final GeminiStream assembled;

    Streamed(LlmCall call) {
      this.call = call;
      this.assembled = new GeminiStream(call);
    }

    void end() {
      call.endWith(assembled::fill);
    }
  }

  private GeminiHooks() {}

  /** Before a round trip: starts recording; null when not recording. */
  public static Object enter(Object model, Object contents, Object config, boolean stream) {
    if (LlmCall.alreadyRecordedHere()) {
      return null;
    }
    LlmCall call = LlmCall.start(GeminiAdapter.OPERATION,
        () -> GeminiAdapter.request(model, contents, config, stream));
    return call.isRecording() ? call : null;
  }

  /** After it: ends the call, or tracks the stream or future that will; returns the result. */
  @SuppressWarnings("unchecked")
  public static Object exit(Object recording, Object result, Throwable thrown, boolean stream) {
    if (!(recording instanceof LlmCall)) {
      return result;
    }
    LlmCall call = (LlmCall) recording;
    if (thrown != null) {
      call.fail(thrown, GeminiAdapter.status(thrown));
    } else if (stream && result instanceof CompletableFuture) {
      ((CompletableFuture<Object>) result).whenComplete((s, e) -> {
        if (e != null) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          call.fail(cause, GeminiAdapter.status(cause));
        } else {
          track(s, call);
        }
      });
    } else if (stream) {
      track(result, call);
    } else if (result instanceof CompletableFuture) {
      return call.whenDone((CompletableFuture<Object>) result, GeminiAdapter::response, GeminiAdapter::status);
    } else {
      call.succeed(result, GeminiAdapter::response);
    }
    return result;
  }

  private static void track(Object stream, LlmCall call) {
    if (stream == null) {
      call.endWith(d -> { });
      return;
    }
    Streamed s = new Streamed(call);
    STREAMS.put(stream, s);
    Streams.endWhenDropped(stream, s::end);
  }

  /** A chunk the stream's iterator handed out. */
  public static void chunk(Object stream, Object chunk) {
    Streamed s = STREAMS.get(stream);
    if (s != null && chunk != null) {
      s.assembled.onItem(chunk);
    }
  }

  /** The stream ran out, was closed, or failed ({@code error} non-null). */
  public static void streamEnded(Object stream, Throwable error) {
    Streamed s = STREAMS.remove(stream);
    if (s == null) {
      return;
    }
    if (error != null) {
      s.call.fail(error, GeminiAdapter.status(error));
    } else {
      s.end();
    }
  }
}
