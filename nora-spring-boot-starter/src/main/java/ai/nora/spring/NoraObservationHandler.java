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
  private static final String SCOPES = "nora.scopes";

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
      Span span = recorder(context).start(context);
      if (span != null) {
        context.put(SPAN, span);
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("spring-ai:" + context.getName(), "could not record a Spring AI "
          + context.getName() + " observation; it runs untraced", t);
    }
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
    if (span == null) {
      return;
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
