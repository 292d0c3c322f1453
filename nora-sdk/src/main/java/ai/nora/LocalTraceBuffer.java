package ai.nora;

import ai.nora.trace.EmbeddingSpanData;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.TraceProcessor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Keeps the most recent finished groups and LLM calls of this process, for the original Nora's
 * local queries. Bounded: past {@code capacity} the oldest entries go.
 */
final class LocalTraceBuffer implements TraceProcessor {
  private final int capacity;
  private final Deque<Span> groups = new ArrayDeque<>();
  private final Deque<Span> calls = new ArrayDeque<>();

  LocalTraceBuffer(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public void onSpanEnd(Span span) {
    if (span.data() instanceof GroupSpanData) {
      // The summary is made when asked for: keeping the span is all the hot path pays.
      synchronized (groups) {
        add(groups, span);
      }
    } else if (span.data() instanceof GenerationSpanData
        || span.data() instanceof EmbeddingSpanData) {
      synchronized (calls) {
        add(calls, span);
      }
    }
  }

  private <T> void add(Deque<T> deque, T item) {
    if (deque.size() >= capacity) {
      deque.removeFirst();
    }
    deque.addLast(item);
  }

  /** Finished groups, newest first. */
  List<GroupSummary> groups() {
    List<Span> spans;
    synchronized (groups) {
      spans = new ArrayList<>(groups);
    }
    List<GroupSummary> out = new ArrayList<>(spans.size());
    for (int i = spans.size() - 1; i >= 0; i--) {
      out.add(summary(spans.get(i)));
    }
    return out;
  }

  private static GroupSummary summary(Span span) {
    GroupSpanData g = (GroupSpanData) span.data();
    return new GroupSummary(
        span.id(),
        span.traceId(),
        span.name(),
        g.aggregate().calls(),
        g.aggregate().totalTokens(),
        g.aggregate().cost(),
        span.durationNanos() / 1e9,
        span.status(),
        Map.copyOf(nonNullValues(g.metadata())));
  }

  /** LLM calls made inside a group named {@code name} (at any depth), oldest first. */
  List<Span> callsInGroup(String name) {
    return callsWhere(s -> hasGroupAncestor(s, g -> name.equals(g.name())));
  }

  /** LLM calls inside the group with this id, or in the trace with this id. */
  List<Span> callsInGroupId(String id) {
    return callsWhere(
        s -> id.equals(s.traceId()) || hasGroupAncestor(s, g -> id.equals(g.id())));
  }

  private List<Span> callsWhere(Predicate<Span> filter) {
    List<Span> out = new ArrayList<>();
    synchronized (calls) {
      for (Span s : calls) {
        if (filter.test(s)) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static boolean hasGroupAncestor(Span span, Predicate<Span> test) {
    for (Span p = span.parent(); p != null; p = p.parent()) {
      if (p.data() instanceof GroupSpanData && test.test(p)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Object> nonNullValues(Map<String, Object> m) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    if (m != null) {
      m.forEach((k, v) -> {
        if (k != null && v != null) {
          out.put(k, v);
        }
      });
    }
    return out;
  }
}
