package ai.nora.trace;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A timed piece of work inside a {@link Trace}: a trace group, an LLM call, a tool, an agent,
 * custom work. Spans nest: {@link #parentId()} names the span this one ran inside.
 *
 * <p>A span is filled in by the code that runs it and frozen by {@link #end()}: the content
 * policy is applied, the cost is computed, the totals of enclosing groups are updated, and
 * processors receive it. Calls that change a span after it ended are ignored; no method throws.
 */
public final class Span {
  private static final AtomicIntegerFieldUpdater<Span> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(Span.class, "ended");

  private final Trace trace;
  private final Span parent;
  private final long spanId;
  private final String name;
  private final SpanData data;
  private final long startEpochNanos;
  private String id;

  private volatile int ended;
  private volatile long endEpochNanos;
  private volatile SpanError error;

  Span(Trace trace, Span parent, long spanId, String name, SpanData data) {
    this(trace, parent, spanId, name, data, trace.now());
  }

  Span(Trace trace, Span parent, long spanId, String name, SpanData data, long startEpochNanos) {
    this.trace = trace;
    this.parent = parent;
    this.spanId = spanId;
    this.name = name;
    this.data = data;
    this.startEpochNanos = startEpochNanos;
  }

  /** The trace this span belongs to. */
  public Trace trace() {
    return trace;
  }

  /** The span id: 16 lowercase hex characters. */
  public String id() {
    String s = id;
    if (s == null) {
      s = Ids.hex(spanId);
      id = s;
    }
    return s;
  }

  /** The trace id. */
  public String traceId() {
    return trace.id();
  }

  /**
   * The id of the span this one ran inside; for a trace's root span, the OpenTelemetry span the
   * trace started in ({@link Trace#joinedParent()}), else null.
   */
  public String parentId() {
    return parent == null ? trace.joinedParent() : parent.id();
  }

  /** The enclosing span, or null. */
  public Span parent() {
    return parent;
  }

  /** The span's name. */
  public String name() {
    return name;
  }

  /** What the span did. */
  public SpanData data() {
    return data;
  }

  /** The span's type: {@code data().type()}. */
  public String type() {
    return data.type();
  }

  /** Start time in nanoseconds since the epoch. */
  public long startEpochNanos() {
    return startEpochNanos;
  }

  /** End time in nanoseconds since the epoch; 0 while running. */
  public long endEpochNanos() {
    return endEpochNanos;
  }

  /** The duration in nanoseconds; 0 while running. */
  public long durationNanos() {
    return ended == 0 ? 0 : endEpochNanos - startEpochNanos;
  }

  /**
   * Whether this span records anything. Spans started while Nora is disabled or not initialised
   * do not: they carry their data like any other and are dropped when they end.
   */
  public boolean isRecording() {
    return Tracer.isRecording(trace);
  }

  /** Whether {@link #end()} was called. */
  public boolean isEnded() {
    return ended != 0;
  }

  /** {@code PENDING} while running, then {@code SUCCESS} or {@code ERROR}. */
  public Status status() {
    if (ended == 0) {
      return Status.PENDING;
    }
    return error == null ? Status.SUCCESS : Status.ERROR;
  }

  /** The error, or null. */
  public SpanError error() {
    return error;
  }

  /** Marks the span as failed by {@code t}. */
  public void recordError(Throwable t) {
    if (t != null) {
      setError(SpanError.of(t));
    }
  }

  /** Marks the span as failed with {@code spanError}. */
  public void setError(SpanError spanError) {
    if (ended == 0 && spanError != null) {
      this.error = spanError;
    }
  }

  /** Ends the span now. Only the first call counts. */
  public void end() {
    end(trace.now());
  }

  /**
   * Ends the span at a time already past, for work learnt of after it happened (a tool run
   * between two LLM calls). Only the first call to an {@code end} method counts.
   */
  public void end(long endEpochNanos) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return;
    }
    this.endEpochNanos = Math.max(endEpochNanos, startEpochNanos);
    trace.tracer().onEnd(this);
  }

  /** Now, on this span's trace clock, in nanoseconds since the epoch. */
  public long now() {
    return trace.now();
  }

  @Override
  public String toString() {
    return "Span{" + data.type() + " '" + name + "' " + id() + " in " + trace.id() + "}";
  }
}
