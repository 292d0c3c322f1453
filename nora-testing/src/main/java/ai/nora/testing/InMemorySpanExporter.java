package ai.nora.testing;

import ai.nora.export.ExportBatch;
import ai.nora.export.SpanExporter;
import ai.nora.trace.Span;
import ai.nora.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps every exported span and trace in memory, for assertions in tests.
 *
 * <pre>{@code
 * InMemorySpanExporter exporter = InMemorySpanExporter.create();
 * Nora.init(NoraConfig.builder().exporters(List.of("none"))
 *     .addProcessor(SimpleTraceProcessor.create(exporter)).build());
 * service.answer("What is Nora?");
 * assertThat(exporter.spans("generation")).hasSize(1);
 * }</pre>
 *
 * <p>Thread-safe. After {@link #shutdown()}, exports fail and keep nothing.
 */
public final class InMemorySpanExporter implements SpanExporter {
  private final ConcurrentLinkedQueue<Span> spans = new ConcurrentLinkedQueue<>();
  private final Map<String, Trace> traces = new LinkedHashMap<>();
  private volatile boolean shutdown;

  private InMemorySpanExporter() {}

  /** A new, empty exporter. */
  public static InMemorySpanExporter create() {
    return new InMemorySpanExporter();
  }

  @Override
  public boolean export(ExportBatch batch) {
    if (shutdown) {
      return false;
    }
    spans.addAll(batch.spans());
    synchronized (traces) {
      for (Trace t : batch.traces()) {
        traces.put(t.id(), t);
      }
    }
    return true;
  }

  /** Every span exported, in the order they ended. */
  public List<Span> spans() {
    return new ArrayList<>(spans);
  }

  /** The spans of one type ({@code group}, {@code generation}, {@code tool}...). */
  public List<Span> spans(String type) {
    return spans.stream().filter(s -> s.type().equals(type)).toList();
  }

  /** The first span named {@code name}, if any. */
  public Optional<Span> span(String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The spans of the trace {@code traceId}, in the order they ended. */
  public List<Span> spansOfTrace(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  /** The children of {@code parent}, in the order they ended. */
  public List<Span> childrenOf(Span parent) {
    return spans.stream().filter(s -> parent.id().equals(s.parentId())).toList();
  }

  /** Every trace exported, once each, in the order first seen. */
  public List<Trace> traces() {
    synchronized (traces) {
      return new ArrayList<>(traces.values());
    }
  }

  /** Forgets everything exported so far. */
  public void reset() {
    spans.clear();
    synchronized (traces) {
      traces.clear();
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }
}
