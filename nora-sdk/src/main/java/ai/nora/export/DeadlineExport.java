package ai.nora.export;

import ai.nora.internal.DaemonThreadFactory;
import ai.nora.internal.NoraLog;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An exporter's {@code export} run with a deadline, on a thread of its own: a call that does not
 * return in time costs its batch (counted failed, said once), never the pipeline, which goes on
 * with a new thread. At most {@value #MAX_STUCK} calls may hang at once; past that, batches fail
 * at once until one returns, so a hung exporter cannot pile up threads. Used by one worker.
 */
final class DeadlineExport {
  static final int MAX_STUCK = 2;
  private static final int RUNNING = 0;
  private static final int DONE = 1;
  private static final int ABANDONED = 2;

  private final SpanExporter exporter;
  private final long deadlineNanos;
  private final AtomicInteger stuck = new AtomicInteger();
  private ExecutorService runner;

  DeadlineExport(SpanExporter exporter, long deadlineNanos) {
    this.exporter = exporter;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * Whether the exporter accepted the batch in time.
   *
   * @throws Exception what the exporter threw
   */
  boolean export(ExportBatch batch) throws Exception {
    if (stuck.get() >= MAX_STUCK) {
      NoraLog.warnOnce("export:stuck:" + exporter.getClass().getName(), "exporter "
          + exporter.getClass().getName() + " has " + MAX_STUCK + " exports that never returned;"
          + " batches fail until one does", null);
      return false;
    }
    if (runner == null) {
      runner = Executors.newSingleThreadExecutor(new DaemonThreadFactory("nora-export-call"));
    }
    AtomicInteger state = new AtomicInteger(RUNNING);
    Future<Boolean> call = runner.submit(() -> {
      try {
        return exporter.export(batch);
      } finally {
        if (!state.compareAndSet(RUNNING, DONE)) {
          stuck.decrementAndGet(); // an abandoned call came back at last
        }
      }
    });
    try {
      return call.get(deadlineNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException late) {
      if (!state.compareAndSet(RUNNING, ABANDONED)) {
        return finished(call); // it returned as the deadline passed
      }
      stuck.incrementAndGet();
      runner.shutdown(); // its thread ends if the call ever returns; the next export gets a new one
      runner = null;
      NoraLog.warnOnce("export:deadline:" + exporter.getClass().getName(), "exporter "
          + exporter.getClass().getName() + " did not return within "
          + TimeUnit.NANOSECONDS.toMillis(deadlineNanos) + " ms; its batch of " + batch.size()
          + " item(s) counts as failed and export goes on", null);
      return false;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  private static boolean finished(Future<Boolean> call) throws Exception {
    try {
      return call.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  /** Lets the call thread end once its call returns. */
  void close() {
    if (runner != null) {
      runner.shutdown();
      runner = null;
    }
  }
}
