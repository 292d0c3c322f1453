package ai.nora.export;

import ai.nora.trace.Span;
import ai.nora.trace.Trace;
import java.util.List;

/**
 * One batch for an exporter: ended spans, and the traces they belong to. A trace appears when its
 * root span ends (complete) or, once, while still running (status {@code PENDING}) with the first
 * of its spans to be exported, so that a backend can show it live. The same trace may appear in
 * several batches; its id makes that harmless.
 *
 * @param traces the traces, each at most once
 * @param spans the ended spans
 */
public record ExportBatch(List<Trace> traces, List<Span> spans) {
  /** Copies both lists. */
  public ExportBatch {
    traces = List.copyOf(traces);
    spans = List.copyOf(spans);
  }

  /** Whether the batch holds nothing. */
  public boolean isEmpty() {
    return traces.isEmpty() && spans.isEmpty();
  }

  /** The number of items (traces and spans). */
  public int size() {
    return traces.size() + spans.size();
  }
}
