package ai.nora.export;

import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import ai.nora.trace.Span;
import ai.nora.trace.Trace;
import ai.nora.trace.TraceProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Exports every span the moment it ends, on the thread that ended it. Meant for tests and
 * debugging, where seeing a span at once beats batching; in production use {@link
 * BatchTraceProcessor}, which never makes the application wait on the exporter.
 */
public final class SimpleTraceProcessor implements TraceProcessor {
  private final SpanExporter exporter;

  private SimpleTraceProcessor(SpanExporter exporter) {
    this.exporter = exporter;
  }

  /** A processor exporting to {@code exporter}. */
  public static SimpleTraceProcessor create(SpanExporter exporter) {
    return new SimpleTraceProcessor(Objects.requireNonNull(exporter, "exporter"));
  }

  @Override
  public void onSpanEnd(Span span) {
    List<Trace> traces = span.parent() == null || !span.trace().isEnded()
        ? List.of(span.trace())
        : List.of();
    try {
      synchronized (this) {
        exporter.export(new ExportBatch(traces, List.of(span)));
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("simple:export", "exporter threw; span dropped", t);
    }
  }

  @Override
  public boolean forceFlush(Duration timeout) {
    return exporter.flush();
  }

  @Override
  public void shutdown(Duration timeout) {
    exporter.shutdown();
  }
}
