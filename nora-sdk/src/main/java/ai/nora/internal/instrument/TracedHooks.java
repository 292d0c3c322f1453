package ai.nora.internal.instrument;

import ai.nora.Traced;
import ai.nora.internal.Throwables;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.Tracer;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * What the advice woven into {@code @Traced} methods (and {@code tracedFunctions}) calls: opens a
 * trace group on entry, and on exit ends it, or hands back a result that ends it later (a future,
 * a stream, an iterator). This class is internal and is hence not for public use.
 */
public final class TracedHooks {
  private TracedHooks() {}

  /** A group being run by a traced method. */
  private record Running(Span span, Scope scope) {}

  /** On entry: opens the group; null when Nora does not record. */
  public static Object enter(Method method) {
    try {
      Tracer tracer = CurrentTracer.get();
      if (!tracer.isEnabled()) {
        return null;
      }
      Span span = tracer.startSpan(name(method), new GroupSpanData(null));
      if (!span.isRecording()) {
        return null;
      }
      return new Running(span, tracer.makeCurrent(span));
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      return null;
    }
  }

  /** On exit: ends the group, now or when the result finishes; returns what the caller gets. */
  public static Object exit(Object running, Object result, Throwable thrown) {
    if (!(running instanceof Running)) {
      return result;
    }
    Running r = (Running) running;
    try {
      r.scope().close();
      GroupSpanData data = (GroupSpanData) r.span().data();
      if (thrown != null) {
        r.span().recordError(thrown);
        r.span().end();
        return result;
      }
      if (result instanceof CompletionStage) {
        ((CompletionStage<?>) result).whenComplete((value, error) -> {
          if (error != null) {
            r.span().recordError(error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error);
          } else if (data.output() == null) {
            data.output(value);
          }
          r.span().end();
        });
        return result;
      }
      if (result instanceof Stream) {
        return Streams.observe(null, (Stream<?>) result, item -> { }, r.span()::end,
            e -> { r.span().recordError(e); r.span().end(); });
      }
      if (result instanceof Iterator) {
        return new EndingIterator<>((Iterator<?>) result, r.span());
      }
      if (data.output() == null) {
        data.output(result);
      }
      r.span().end();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
    return result;
  }

  static String name(Method method) {
    Traced traced = method.getAnnotation(Traced.class);
    return traced != null && !traced.name().isBlank() ? traced.name() : method.getName();
  }

  /** An iterator that ends its group when it runs out. */
  private static final class EndingIterator<T> implements Iterator<T> {
    private final Iterator<T> delegate;
    private final Span span;

    EndingIterator(Iterator<T> delegate, Span span) {
      this.delegate = delegate;
      this.span = span;
      Streams.endWhenDropped(this, span::end);
    }

    @Override
    public boolean hasNext() {
      boolean more;
      try {
        more = delegate.hasNext();
      } catch (RuntimeException | Error e) {
        span.recordError(e);
        span.end();
        throw e;
      }
      if (!more) {
        span.end();
      }
      return more;
    }

    @Override
    public T next() {
      return delegate.next();
    }

    @Override
    public void remove() {
      delegate.remove();
    }
  }
}
