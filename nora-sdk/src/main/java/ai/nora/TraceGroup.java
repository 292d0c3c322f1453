package ai.nora;

import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import ai.nora.trace.Aggregate;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.Status;

/**
 * A named block of work whose LLM calls, tools and nested groups belong together: the outermost
 * group is a trace, an inner one a child span of the group around it.
 *
 * <pre>{@code
 * try (TraceGroup g = Nora.traceGroup("document_processing", Map.of("user_id", userId))) {
 *   String analysis = analyse(doc);            // LLM calls inside are children of the group
 *   try (TraceGroup inner = Nora.traceGroup("generate_summary")) {
 *     g.setOutput(summarise(analysis));
 *   }
 * } // closed: duration, calls, tokens and cost are final, and the trace is queued for export
 * }</pre>
 *
 * <p>try-with-resources cannot see an exception leaving the block: call {@link #recordError} in
 * a catch, or use the lambda form {@link Nora#traceGroup(String, java.util.Map,
 * ThrowingSupplier)}, which does. {@link #close()} throws nothing, and closing twice is harmless.
 * When Nora is not initialised or is disabled, a group records nothing and costs almost nothing.
 */
public final class TraceGroup implements AutoCloseable {
  static final TraceGroup NOOP = new TraceGroup(null, null);

  private final Span span;
  private final Scope scope;
  private volatile boolean detached;

  TraceGroup(Span span, Scope scope) {
    this.span = span;
    this.scope = scope;
  }

  /** Whether this group records anything (false before init and when disabled). */
  public boolean isRecording() {
    return span != null;
  }

  /** The group's name, or null when not recording. */
  public String name() {
    return span == null ? null : span.name();
  }

  /** The id of the trace this group belongs to, or null when not recording. */
  public String traceId() {
    return span == null ? null : span.traceId();
  }

  /** The group's own id (its span id), or null when not recording. */
  public String groupId() {
    return span == null ? null : span.id();
  }

  /** Sets the group's input (for the outermost group, the trace's input too). */
  public TraceGroup setInput(Object input) {
    if (span != null && !span.isEnded()) {
      data().input(input);
    }
    return this;
  }

  /** Sets the group's output (for the outermost group, the trace's output too). */
  public TraceGroup setOutput(Object output) {
    if (span != null && !span.isEnded()) {
      data().output(output);
    }
    return this;
  }

  /** Adds one metadata entry. */
  public TraceGroup putMetadata(String key, Object value) {
    if (span != null && !span.isEnded() && key != null) {
      data().putMetadata(key, value);
    }
    return this;
  }

  /** Marks the group as failed by {@code error}. */
  public TraceGroup recordError(Throwable error) {
    if (span != null) {
      span.recordError(error);
    }
    return this;
  }

  /** The number of LLM calls made in this group so far, nested groups included. */
  public int calls() {
    return span == null ? 0 : data().aggregate().calls();
  }

  /** The tokens used in this group so far. */
  public long totalTokens() {
    return span == null ? 0 : data().aggregate().totalTokens();
  }

  /** The cost in USD of this group's calls so far, or null when none had a known cost. */
  public Double cost() {
    return span == null ? null : data().aggregate().cost();
  }

  /** {@code PENDING} while open, then {@code SUCCESS} or {@code ERROR}. */
  public Status status() {
    return span == null ? Status.PENDING : span.status();
  }

  /** The duration in nanoseconds once closed; 0 before. */
  public long durationNanos() {
    return span == null ? 0 : span.durationNanos();
  }

  Object output() {
    return span == null ? null : data().output();
  }

  private GroupSpanData data() {
    return (GroupSpanData) span.data();
  }

  Aggregate aggregate() {
    return data().aggregate();
  }

  /** Stops being the current group on this thread, leaving the group open (async form). */
  void detach() {
    if (scope != null && !detached) {
      detached = true;
      scope.close();
    }
  }

  /** Ends the group without touching any thread's context (async form, other thread). */
  void end() {
    if (span != null) {
      span.end();
    }
  }

  /** Ends the group and restores the group that was current before it. Throws nothing. */
  @Override
  public void close() {
    if (span == null) {
      return;
    }
    try {
      detach();
      span.end();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("group:close", "could not close trace group " + span.name(), t);
    }
  }

  @Override
  public String toString() {
    return span == null ? "TraceGroup{not recording}" : "TraceGroup{" + span.name() + "}";
  }
}
