package ai.nora.spring;

import ai.nora.Nora;
import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.TraceContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Spring AI's observations as Nora spans. Each kind of observation has a recorder, found by the
 * context's class name, so that a Spring AI module the application lacks is never loaded. A span
 * is started with its observation, made current while the observation's scope is open (so what
 * runs inside nests under it) and ended, with what the observation learnt, when it stops.
 */
final class NoraObservationHandler implements ObservationHandler<Observation.Context> {
  /** What a kind of observation records. */
  interface Recorder {
    /** A span for the observation just started; null to record nothing. */
    Span start(Observation.Context context);

    /** Fills the span from the stopped observation. */
    void stop(Observation.Context context, Span span);

    /** While the observation's scope is open on a thread: what to undo when it closes. */
    default Object scopeOpened(Span span) {
      return null;
    }

    default void scopeClosed(Object opened) {}
  }

  private static final String SPAN = "nora.span";
  /**
   * Observations still open under a span, by that span: a streamed model call's observation
   * stops after the chat client's (Reactor runs its last step after the subscriber has its
   * answer), and an application that exits then would lose it; so a span ending ends what it
   * holds first, with what those observations learnt by then.
   */
  private static final java.util.Map<Span, java.util.List<Observation.Context>> OPEN =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final String SCOPES = "nora.scopes";
  /** Observations recorded and not yet stopped. */
  private static final java.util.concurrent.atomic.AtomicInteger IN_FLIGHT =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Waits, at most {@code timeout}, for the observations being recorded to stop: a streamed
   * call's last steps run after its subscriber has the answer, often just as the application
   * closes. Returns whether none is left.
   */
  static boolean awaitStopped(java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (IN_FLIGHT.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return IN_FLIGHT.get() <= 0;
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context != null && recorder(context) != null;
  }

  static Recorder recorder(Observation.Context context) {
    switch (context.getClass().getName()) {
      case "org.springframework.ai.chat.observation.ChatModelObservationContext":
        return SpringAiChatModel.INSTANCE;
      case "org.springframework.ai.chat.client.observation.ChatClientObservationContext":
        return SpringAiSpans.ChatClient.INSTANCE;
      case "org.springframework.ai.tool.observation.ToolCallingObservationContext":
        return SpringAiSpans.ToolCall.INSTANCE;
      case "org.springframework.ai.vectorstore.observation.VectorStoreObservationContext":
        return SpringAiSpans.VectorStoreQuery.INSTANCE;
      case "org.springframework.ai.embedding.observation.EmbeddingModelObservationContext":
        return SpringAiSpans.Embedding.INSTANCE;
      default:
        return null;
    }
  }

  @Override
  public void onStart(Observation.Context context) {
    if (!Nora.isEnabled()) {
      return;
    }
    try {
      // Reactive calls run where no trace is current: the parent observation says where they
      // belong (Spring AI hands it down in Reactor's context).
      Span parent = parentSpan(context);
      Span span;
      if (parent != null && parent != ai.nora.trace.Tracer.currentSpan()) {
        try (Scope ignored = TraceContext.of(parent).makeCurrent()) {
          span = recorder(context).start(context);
        }
      } else if (ai.nora.trace.Tracer.currentSpan() == null) {
        // A new trace: it joins the application's tracing span, where there is one.
        try (Scope ignored = TracingParent.join(context)) {
          span = recorder(context).start(context);
        }
      } else {
        span = recorder(context).start(context);
      }
      if (span != null) {
        IN_FLIGHT.incrementAndGet();
        context.put(SPAN, span);
        if (parent != null) {
          OPEN.computeIfAbsent(parent, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(context);
        }
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("spring-ai:" + context.getName(), "could not record a Spring AI "
          + context.getName() + " observation; it runs untraced", t);
    }
  }

  /** The model call whose observation encloses {@code context} directly, if any (a streamed call's tools). */
  static Span enclosingCall(Observation.Context context) {
    io.micrometer.observation.ObservationView parent = context.getParentObservation();
    for (int depth = 0; parent != null && depth < 64; depth++) {
      Object span = parent.getContextView().get(SPAN);
      if (span instanceof Span) {
        return ((Span) span).type().equals("generation") ? (Span) span : null;
      }
      parent = parent.getContextView().getParentObservation();
    }
    return null;
  }

  /**
   * The span of the nearest enclosing observation Nora records, if any: Spring AI hands the
   * parent observation down in Reactor's context, which reaches threads Nora's context does not.
   */
  private static Span parentSpan(Observation.Context context) {
    io.micrometer.observation.ObservationView parent = context.getParentObservation();
    for (int depth = 0; parent != null && depth < 64; depth++) {
      Observation.ContextView view = parent.getContextView();
      Object span = view.get(SPAN);
      if (span instanceof Span && !((Span) span).isEnded()) {
        // A model call holds nothing: what a streamed call causes (its tools, the call after
        // them) runs inside its observation, but belongs beside it.
        Span s = (Span) span;
        boolean call = s.type().equals("generation") || s.type().equals("embedding");
        return call ? s.parent() : s;
      }
      parent = view.getParentObservation();
    }
    return null;
  }

  @Override
  public void onScopeOpened(Observation.Context context) {
    Span span = context.get(SPAN);
    if (span == null) {
      return;
    }
    try {
      Deque<Object[]> scopes = context.computeIfAbsent(SCOPES, k -> new ArrayDeque<>());
      Scope scope = TraceContext.of(span).makeCurrent();
      scopes.push(new Object[] {scope, recorder(context).scopeOpened(span)});
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
  }

  @Override
  public void onScopeClosed(Observation.Context context) {
    Deque<Object[]> scopes = context.get(SCOPES);
    if (scopes == null || scopes.isEmpty()) {
      return;
    }
    try {
      Object[] opened = scopes.pop();
      recorder(context).scopeClosed(opened[1]);
      ((Scope) opened[0]).close();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
  }

  @Override
  public void onError(Observation.Context context) {
    Span span = context.get(SPAN);
    if (span != null && context.getError() != null) {
      span.recordError(context.getError());
    }
  }

  @Override
  public void onStop(Observation.Context context) {
    Span span = (Span) context.remove(SPAN);
    if (span != null) {
      IN_FLIGHT.decrementAndGet();
      stop(context, span);
    }
  }

  private static void stop(Observation.Context context, Span span) {
    java.util.List<Observation.Context> open = OPEN.remove(span);
    if (open != null) {
      for (Observation.Context child : open) {
        Span childSpan = (Span) child.remove(SPAN);
        if (childSpan != null) {
          IN_FLIGHT.decrementAndGet();
          stop(child, childSpan);
        }
      }
    }
    try {
      recorder(context).stop(context, span);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("spring-ai:stop:" + context.getName(), "could not read a Spring AI "
          + context.getName() + " observation's result; recorded without it", t);
    } finally {
      span.end();
    }
  }
}
