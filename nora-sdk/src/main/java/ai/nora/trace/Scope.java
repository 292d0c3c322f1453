package ai.nora.trace;

/**
 * An activation of a trace context on the current thread; closing it restores the context that
 * was current before. Use it with try-with-resources. {@link #close()} throws nothing.
 */
public interface Scope extends AutoCloseable {
  @Override
  void close();
}
