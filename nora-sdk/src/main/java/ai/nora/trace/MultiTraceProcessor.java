package ai.nora.trace;

import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import java.time.Duration;
import java.util.List;

/**
 * Fans every event out to the registered processors, isolating each: one that throws is logged
 * (once per processor and event) and skipped, and the others still run. The processors sit in
 * an array that is replaced whole, never changed, so iteration needs no lock.
 */
final class MultiTraceProcessor implements TraceProcessor {
  private volatile TraceProcessor[] processors = new TraceProcessor[0];

  void set(List<? extends TraceProcessor> list) {
    processors = list.toArray(new TraceProcessor[0]);
  }

  synchronized void add(TraceProcessor processor) {
    TraceProcessor[] old = processors;
    TraceProcessor[] next = java.util.Arrays.copyOf(old, old.length + 1);
    next[old.length] = processor;
    processors = next;
  }

  List<TraceProcessor> list() {
    return List.of(processors);
  }

  boolean isEmpty() {
    return processors.length == 0;
  }

  @Override
  public void onTraceStart(Trace trace) {
    for (TraceProcessor p : processors) {
      try {
        p.onTraceStart(trace);
      } catch (Throwable t) {
        failed(p, "onTraceStart", t);
      }
    }
  }

  @Override
  public void onTraceEnd(Trace trace) {
    for (TraceProcessor p : processors) {
      try {
        p.onTraceEnd(trace);
      } catch (Throwable t) {
        failed(p, "onTraceEnd", t);
      }
    }
  }

  @Override
  public void onSpanStart(Span span) {
    for (TraceProcessor p : processors) {
      try {
        p.onSpanStart(span);
      } catch (Throwable t) {
        failed(p, "onSpanStart", t);
      }
    }
  }

  @Override
  public void onSpanEnd(Span span) {
    for (TraceProcessor p : processors) {
      try {
        p.onSpanEnd(span);
      } catch (Throwable t) {
        failed(p, "onSpanEnd", t);
      }
    }
  }

  @Override
  public boolean forceFlush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean all = true;
    for (TraceProcessor p : processors) {
      try {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        all &= p.forceFlush(left);
      } catch (Throwable t) {
        failed(p, "forceFlush", t);
        all = false;
      }
    }
    return all;
  }

  @Override
  public void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (TraceProcessor p : processors) {
      try {
        p.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      } catch (Throwable t) {
        failed(p, "shutdown", t);
      }
    }
  }

  private static void failed(TraceProcessor p, String method, Throwable t) {
    Throwables.propagateIfFatal(t);
    String name = p.getClass().getName();
    NoraLog.warnOnce(
        "processor:" + name + ":" + method,
        "trace processor " + name + " threw in " + method + "; skipped, others go on",
        t);
  }
}
