package ai.nora.spring;

import ai.nora.internal.Throwables;
import ai.nora.trace.Scope;
import ai.nora.trace.TraceContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import java.lang.reflect.Method;

/**
 * The Micrometer Tracing span of an observation (or of the nearest enclosing one), where the
 * application traces with Micrometer Tracing: a Nora trace started for the observation joins it,
 * although Micrometer makes the span current only after every handler has seen the start. Read
 * by reflection, Micrometer Tracing being optional; a span with no OpenTelemetry-compatible ids
 * is not joined.
 */
final class TracingParent {
  private static final Api API = Api.load();

  private TracingParent() {}

  /** A scope in which a trace started joins the observation's tracing span; a no-op without one. */
  static Scope join(Observation.Context context) {
    if (API == null) {
      return () -> { };
    }
    try {
      String[] ids = ids(context);
      for (ObservationView p = context.getParentObservation(); ids == null && p != null; p = p.getContextView().getParentObservation()) {
        ids = ids(p.getContextView());
      }
      return ids == null ? () -> { } : TraceContext.joiningOpenTelemetry(ids[0], ids[1]);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      return () -> { };
    }
  }

  private static String[] ids(Observation.ContextView view) throws ReflectiveOperationException {
    Object tracing = view.get(API.tracingContextClass);
    Object span = tracing == null ? null : API.getSpan.invoke(tracing);
    if (span == null) {
      return null;
    }
    Object context = API.context.invoke(span);
    String traceId = (String) API.traceId.invoke(context);
    String spanId = (String) API.spanId.invoke(context);
    boolean usable = traceId != null && spanId != null && spanId.length() == 16
        && (traceId.length() == 32 || traceId.length() == 16);
    return usable ? new String[] {traceId, spanId} : null;
  }

  private record Api(Class<?> tracingContextClass, Method getSpan, Method context, Method traceId, Method spanId) {
    static Api load() {
      try {
        ClassLoader loader = TracingParent.class.getClassLoader();
        Class<?> tracingContext = Class.forName(
            "io.micrometer.tracing.handler.TracingObservationHandler$TracingContext", false, loader);
        Class<?> span = Class.forName("io.micrometer.tracing.Span", false, loader);
        Class<?> traceContext = Class.forName("io.micrometer.tracing.TraceContext", false, loader);
        return new Api(tracingContext, tracingContext.getMethod("getSpan"), span.getMethod("context"),
            traceContext.getMethod("traceId"), traceContext.getMethod("spanId"));
      } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
        return null;
      }
    }
  }
}
