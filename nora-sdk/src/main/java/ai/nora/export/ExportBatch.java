package ai.nora.export;

import ai.nora.trace.Span;
import ai.nora.trace.Trace;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * A batch of ended spans with the traces to send with them: a trace whose root span is here
   * (it has ended, with its final status), and a still-running trace with each batch of its
   * spans (as pending; the server keeps the final state whatever the order).
   */
  static ExportBatch ofSpans(List<Span> spans) {
    Map<Trace, Boolean> traces = new IdentityHashMap<>();
    for (Span s : spans) {
      Trace t = s.trace();
      if (s.parent() == null || !t.isEnded()) {
        traces.put(t, Boolean.TRUE);
      }
    }
    return new ExportBatch(new ArrayList<>(traces.keySet()), spans);
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
