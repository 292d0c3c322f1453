package ai.nora.internal.instrument;

import ai.nora.trace.Tracer;

/**
 * The tracer instrumentation records into: the one {@code Nora.init} installed, a tracer that
 * records nothing before. Set by Nora, read by the hooks, so that instrumentation does not reach
 * back into {@code ai.nora.Nora}. This class is internal and is hence not for public use.
 */
public final class CurrentTracer {
  private static volatile Tracer tracer = Tracer.noop();

  private CurrentTracer() {}

  /** The tracer to record into; never null. */
  public static Tracer get() {
    return tracer;
  }

  /** Installs the tracer (null: one that records nothing). */
  public static void set(Tracer value) {
    tracer = value == null ? Tracer.noop() : value;
  }
}
