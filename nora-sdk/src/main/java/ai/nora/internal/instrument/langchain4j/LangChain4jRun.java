package ai.nora.internal.instrument.langchain4j;

import ai.nora.internal.instrument.CurrentTracer;
import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.SpanData;
import ai.nora.trace.Tracer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A span being recorded by code woven into LangChain4j, made current on the thread that runs it,
 * and how such recordings start and end: a failure of Nora's own costs one log line and leaves
 * the work untraced. This class is internal and is hence not for public use.
 */
final class LangChain4jRun {
    final Span span;
    final SpanData data;
    Scope scope;
    LangChain4jRun previous;
    Span previousToClaim;
    volatile boolean streaming;
    final AtomicInteger handlers = new AtomicInteger();
    final AtomicBoolean ended = new AtomicBoolean();

    LangChain4jRun(Span span, SpanData data) {
      this.span = span;
      this.data = data;
    }

    void end() {
      if (ended.compareAndSet(false, true)) {
        span.end();
      }
    }
  

  /**
   * Starts recording a {@code what} where Nora is on; a failure of Nora's own costs one log line
   * and leaves the work untraced.
   */
  static LangChain4jRun begin(String what, java.util.function.Function<Tracer, LangChain4jRun> start) {
    Tracer tracer = CurrentTracer.get();
    if (!tracer.isEnabled()) {
      return null;
    }
    try {
      return start.apply(tracer);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("lc4j:" + what, "could not record a LangChain4j " + what + "; it runs untraced", t);
      return null;
    }
  }

  /** Ends a recording: the error thrown, or what {@code fill} reads of the result. */
  static void finish(Object run, Throwable thrown, java.util.function.Consumer<LangChain4jRun> fill) {
    if (!(run instanceof LangChain4jRun)) {
      return;
    }
    LangChain4jRun r = (LangChain4jRun) run;
    try {
      closeScope(r);
      if (thrown != null) {
        r.span.recordError(thrown);
      } else {
        fill.accept(r);
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    } finally {
      r.end();
    }
  }

  static LangChain4jRun started(Tracer tracer, Span span, SpanData data) {
    if (!span.isRecording()) {
      return null;
    }
    LangChain4jRun run = new LangChain4jRun(span, data);
    run.scope = tracer.makeCurrent(span);
    return run;
  }

  static void closeScope(LangChain4jRun r) {
    if (r.scope != null) {
      r.scope.close();
      r.scope = null;
    }
  }
}
