package ai.nora.trace;

import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The OpenTelemetry span current in the application, if any: where the OpenTelemetry API is on
 * the class path (also as the OpenTelemetry javaagent and Micrometer Tracing's OpenTelemetry
 * bridge leave it), a Nora trace started inside that span takes its trace id and records the
 * span as its parent, so that both backends tell one story. Read through method handles found in
 * the thread's context class loader (an application's API may be out of Nora's own loader's sight,
 * as in a Spring Boot jar), once per trace, never per span.
 */
final class OtelContext {
  /** The API's methods, per class loader; an absent entry's value is {@link #ABSENT}. */
  private static final Map<ClassLoader, Api> APIS = new WeakHashMap<>();
  /** The last loader asked about and its answer: most applications have one (no lock then). */
  private static volatile Object[] last = {new java.lang.ref.WeakReference<ClassLoader>(null), null};
  private static final Api ABSENT = new Api(null, null, null, null, null);
  /** A parent given for this thread by an integration that knows it before it is current. */
  private static final ThreadLocal<long[]> GIVEN = new ThreadLocal<>();
  private static volatile boolean broken;

  private OtelContext() {}

  /**
   * Until the scope closes, traces started on this thread join this span instead of the current
   * one.
   *
   * @throws IllegalArgumentException when the ids are not hex of the right lengths
   */
  static Scope given(String traceId, String spanId) {
    String t = traceId.length() == 16 ? "0000000000000000" + traceId : traceId;
    if (t.length() != 32 || spanId.length() != 16) {
      throw new IllegalArgumentException("expected a 32 (or 16) hex trace id and a 16 hex span id");
    }
    long[] ids = {Long.parseUnsignedLong(t.substring(0, 16), 16), Long.parseUnsignedLong(t.substring(16), 16),
        Long.parseUnsignedLong(spanId, 16)};
    long[] previous = GIVEN.get();
    GIVEN.set(ids);
    return () -> {
      if (previous == null) {
        GIVEN.remove();
      } else {
        GIVEN.set(previous);
      }
    };
  }

  /** The current span's ids: trace high, trace low, span id; or null when there is none. */
  static long[] current() {
    long[] given = GIVEN.get();
    if (given != null) {
      return given;
    }
    if (broken) {
      return null;
    }
    try {
      Api api = api(Thread.currentThread().getContextClassLoader());
      if (api == ABSENT) {
        api = api(OtelContext.class.getClassLoader());
      }
      if (api == ABSENT) {
        return null;
      }
      Object context = (Object) api.getSpanContext.invokeExact((Object) api.current.invokeExact());
      if (!(boolean) api.isValid.invokeExact(context)) {
        return null;
      }
      String traceId = (String) api.getTraceId.invokeExact(context);
      String spanId = (String) api.getSpanId.invokeExact(context);
      return new long[] {Long.parseUnsignedLong(traceId.substring(0, 16), 16),
          Long.parseUnsignedLong(traceId.substring(16), 16), Long.parseUnsignedLong(spanId, 16)};
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      broken = true;
      NoraLog.warnOnce("otel:context", "could not read the current OpenTelemetry span; Nora's traces"
          + " will not join OpenTelemetry's", t);
      return null;
    }
  }

  private static Api api(ClassLoader loader) {
    if (loader == null) {
      return ABSENT;
    }
    Object[] seen = last;
    if (((java.lang.ref.Reference<?>) seen[0]).get() == loader) {
      return (Api) seen[1];
    }
    synchronized (APIS) {
      Api api = APIS.get(loader);
      if (api == null) {
        api = load(loader);
        APIS.put(loader, api);
      }
      last = new Object[] {new java.lang.ref.WeakReference<>(loader), api};
      return api;
    }
  }

  private static Api load(ClassLoader loader) {
    try {
      Class<?> span = Class.forName("io.opentelemetry.api.trace.Span", false, loader);
      Class<?> context = Class.forName("io.opentelemetry.api.trace.SpanContext", false, loader);
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodType toObject = MethodType.methodType(Object.class, Object.class);
      return new Api(
          lookup.unreflect(span.getMethod("current")).asType(MethodType.methodType(Object.class)),
          lookup.unreflect(span.getMethod("getSpanContext")).asType(toObject),
          lookup.unreflect(context.getMethod("isValid")).asType(MethodType.methodType(boolean.class, Object.class)),
          lookup.unreflect(context.getMethod("getTraceId")).asType(MethodType.methodType(String.class, Object.class)),
          lookup.unreflect(context.getMethod("getSpanId")).asType(MethodType.methodType(String.class, Object.class)));
    } catch (ReflectiveOperationException | LinkageError e) {
      return ABSENT;
    }
  }

  private record Api(MethodHandle current, MethodHandle getSpanContext, MethodHandle isValid,
      MethodHandle getTraceId, MethodHandle getSpanId) {}
}
