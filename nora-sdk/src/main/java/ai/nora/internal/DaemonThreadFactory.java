package ai.nora.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes Nora's background threads: daemons (they never keep the host's JVM alive), named so a
 * thread dump says whose they are, with no context class loader pinned. This class is internal
 * and is hence not for public use.
 */
public final class DaemonThreadFactory implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger counter = new AtomicInteger();

  /** A factory whose threads are named {@code prefix-N}. */
  public DaemonThreadFactory(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable runnable) {
    Thread t = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
    t.setDaemon(true);
    t.setContextClassLoader(null);
    t.setUncaughtExceptionHandler(
        (thread, e) -> NoraLog.warn("background thread " + thread.getName() + " died", e));
    return t;
  }
}
