package ai.nora;

import ai.nora.trace.Span;
import ai.nora.trace.Trace;
import ai.nora.trace.TraceProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event it receives, for assertions. */
public final class RecordingProcessor implements TraceProcessor {
  public final List<Trace> startedTraces = new CopyOnWriteArrayList<>();
  public final List<Trace> endedTraces = new CopyOnWriteArrayList<>();
  public final List<Span> startedSpans = new CopyOnWriteArrayList<>();
  public final List<Span> endedSpans = new CopyOnWriteArrayList<>();

  @Override
  public void onTraceStart(Trace trace) {
    startedTraces.add(trace);
  }

  @Override
  public void onTraceEnd(Trace trace) {
    endedTraces.add(trace);
  }

  @Override
  public void onSpanStart(Span span) {
    startedSpans.add(span);
  }

  @Override
  public void onSpanEnd(Span span) {
    endedSpans.add(span);
  }

  public Span span(String name) {
    return endedSpans.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ended span named " + name + " in " + endedSpans));
  }

  public List<Span> spansOf(Trace trace) {
    List<Span> out = new ArrayList<>();
    for (Span s : endedSpans) {
      if (s.trace() == trace) {
        out.add(s);
      }
    }
    return out;
  }
}
