package ai.nora.export;

import ai.nora.internal.DaemonThreadFactory;
import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import ai.nora.trace.Span;
import ai.nora.trace.TraceProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queues ended spans and exports them in batches from one background thread, so that recording
 * a span costs the application a queue insert and never a network wait.
 *
 * <ul>
 *   <li>The queue is bounded ({@code maxQueueSize}); when it is full, new spans are dropped and
 *       counted, and the count is logged at most once a minute.
 *   <li>A batch leaves every {@code scheduleDelay}, or as soon as {@code maxBatchSize} spans
 *       wait.
 *   <li>The worker thread is a daemon, started on the first span, not before.
 *   <li>{@link #forceFlush} waits until everything queued was handed to the exporter, at most
 *       its timeout; {@link #shutdown} delivers what it can within its timeout, then stops.
 *   <li>An export has a deadline ({@code exportTimeout}): one that does not return by then costs
 *       its batch, counted failed, and export goes on ({@link DeadlineExport}).
 * </ul>
 *
 * <p>Traces travel with their spans (see {@link ExportBatch}); a trace's root span ending is
 * what sends the complete trace.
 */
public final class BatchTraceProcessor implements TraceProcessor {
  // Visible for testing
  static final int DEFAULT_MAX_QUEUE_SIZE = 8192;
  static final int DEFAULT_MAX_BATCH_SIZE = 512;
  static final long DEFAULT_SCHEDULE_DELAY_MILLIS = 1000;
  private static final long DROP_REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final SpanExporter exporter;
  private final DeadlineExport deadlineExport;
  private final int maxQueueSize;
  private final int maxBatchSize;
  private final long scheduleDelayNanos;
  private final ArrayBlockingQueue<Span> queue;
  private final AtomicInteger queued = new AtomicInteger();
  private final ArrayBlockingQueue<Boolean> doorbell = new ArrayBlockingQueue<>(1);
  private final ConcurrentLinkedQueue<FlushRequest> flushRequests = new ConcurrentLinkedQueue<>();
  private final AtomicLong droppedSinceReport = new AtomicLong();
  private final AtomicLong droppedTotal = new AtomicLong();
  private final AtomicLong exportedTotal = new AtomicLong();
  private final AtomicLong failedTotal = new AtomicLong();
  private volatile long lastSuccessMillis;
  private volatile long lastFailureMillis;
  private volatile boolean lastFailed;
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final AtomicBoolean exporterShutdown = new AtomicBoolean();
  private final Object startLock = new Object();
  private volatile Thread worker;
  private long lastDropReport;

  private BatchTraceProcessor(Builder b) {
    this.exporter = b.exporter;
    this.deadlineExport = new DeadlineExport(b.exporter, b.exportTimeout.toNanos());
    this.maxQueueSize = b.maxQueueSize;
    this.maxBatchSize = Math.min(b.maxBatchSize, b.maxQueueSize);
    this.scheduleDelayNanos = b.scheduleDelay.toNanos();
    this.queue = new ArrayBlockingQueue<>(maxQueueSize);
  }

  /** A processor with default settings exporting to {@code exporter}. */
  public static BatchTraceProcessor create(SpanExporter exporter) {
    return builder(exporter).build();
  }

  /** A builder for a processor exporting to {@code exporter}. */
  public static Builder builder(SpanExporter exporter) {
    return new Builder(exporter);
  }

  @Override
  public void onSpanEnd(Span span) {
    if (shutdown.get()) {
      drop();
      return;
    }
    ensureWorker();
    if (!queue.offer(span)) {
      drop();
      return;
    }
    if (queued.incrementAndGet() >= maxBatchSize) {
      doorbell.offer(Boolean.TRUE);
    }
  }

  private void drop() {
    droppedSinceReport.incrementAndGet();
    droppedTotal.incrementAndGet();
  }

  @Override
  public boolean forceFlush(Duration timeout) {
    Thread w = worker;
    if (w == null || !w.isAlive()) {
      return queued.get() == 0 && safeExporterFlush();
    }
    FlushRequest request = new FlushRequest();
    flushRequests.add(request);
    doorbell.offer(Boolean.TRUE);
    try {
      return request.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && request.ok;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void shutdown(Duration timeout) {
    if (!shutdown.compareAndSet(false, true)) {
      return;
    }
    Thread w = worker;
    if (w == null) {
      safeExporterShutdown();
      return;
    }
    doorbell.offer(Boolean.TRUE);
    try {
      w.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (w.isAlive()) {
      NoraLog.warn(
          "shutdown deadline of "
              + timeout.toMillis()
              + " ms reached with "
              + queued.get()
              + " span(s) not delivered; they are dropped");
      w.interrupt();
      safeExporterShutdown();
    }
  }

  /** Spans dropped since creation because the queue was full or the processor shut down. */
  public long droppedCount() {
    return droppedTotal.get();
  }

  /** Spans handed to the exporter since creation. */
  public long exportedCount() {
    return exportedTotal.get();
  }

  /** Spans of batches the exporter could not deliver (it said so, or threw). */
  public long failedCount() {
    return failedTotal.get();
  }

  /** When a batch was last delivered, in epoch milliseconds; 0 if none yet. */
  public long lastSuccessMillis() {
    return lastSuccessMillis;
  }

  /** Whether the last batch failed (none delivered since). */
  public boolean lastExportFailed() {
    return lastFailed;
  }

  /** When a batch last failed, in epoch milliseconds; 0 if none yet. */
  public long lastFailureMillis() {
    return lastFailureMillis;
  }

  /** Spans waiting in the queue. */
  public int queuedCount() {
    return queued.get();
  }

  private void ensureWorker() {
    if (worker != null) {
      return;
    }
    synchronized (startLock) {
      if (worker == null && !shutdown.get()) {
        Thread t = new DaemonThreadFactory("nora-export").newThread(this::runWorker);
        worker = t;
        t.start();
      }
    }
  }

  private void runWorker() {
    long nextExport = System.nanoTime() + scheduleDelayNanos;
    List<Span> batch = new ArrayList<>(maxBatchSize);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        if (shutdown.get()) {
          boolean ok = exportAll(batch);
          completeFlushes(safeExporterFlush() && ok, Integer.MAX_VALUE);
          safeExporterShutdown();
          return;
        }
        if (!flushRequests.isEmpty()) {
          // Requests that arrive during this flush wait for the next round, which is what makes
          // them see everything recorded before they were made.
          int waiting = flushRequests.size();
          boolean ok = exportAll(batch);
          completeFlushes(safeExporterFlush() && ok, waiting);
          nextExport = System.nanoTime() + scheduleDelayNanos;
          continue;
        }
        long now = System.nanoTime();
        if (queued.get() >= maxBatchSize || now >= nextExport) {
          drainInto(batch, maxBatchSize);
          export(batch);
          if (now >= nextExport) {
            nextExport = now + scheduleDelayNanos;
          }
          continue;
        }
        doorbell.poll(nextExport - now, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      completeFlushes(false, Integer.MAX_VALUE);
    }
  }

  private boolean exportAll(List<Span> batch) {
    boolean ok = true;
    int n = queued.get();
    while (n > 0) {
      int taken = drainInto(batch, Math.min(n, maxBatchSize));
      if (taken == 0) {
        break;
      }
      n -= taken;
      ok &= export(batch);
    }
    return ok;
  }

  private int drainInto(List<Span> batch, int max) {
    int taken = queue.drainTo(batch, max);
    queued.addAndGet(-taken);
    return taken;
  }

  private boolean export(List<Span> spans) {
    reportDrops();
    if (spans.isEmpty()) {
      return true;
    }
    try {
      exportedTotal.addAndGet(spans.size());
      boolean delivered = deadlineExport.export(ExportBatch.ofSpans(spans));
      if (delivered) {
        lastSuccessMillis = System.currentTimeMillis();
      } else {
        failedTotal.addAndGet(spans.size());
        lastFailureMillis = System.currentTimeMillis();
      }
      lastFailed = !delivered;
      return delivered;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      failedTotal.addAndGet(spans.size());
      lastFailureMillis = System.currentTimeMillis();
      lastFailed = true;
      NoraLog.warnOnce(
          "export:threw:" + exporter.getClass().getName(),
          "exporter " + exporter.getClass().getName() + " threw; batch of " + spans.size()
              + " span(s) dropped, export goes on",
          t);
      return false;
    } finally {
      spans.clear();
    }
  }

  private void reportDrops() {
    long now = System.nanoTime();
    if (droppedSinceReport.get() > 0 && now - lastDropReport >= DROP_REPORT_INTERVAL_NANOS) {
      lastDropReport = now;
      long n = droppedSinceReport.getAndSet(0);
      NoraLog.warn(
          "dropped "
              + n
              + " span(s) since the last report: the export queue was full (maxQueueSize="
              + maxQueueSize
              + "); the Nora server may be down or too slow");
    }
  }

  private void completeFlushes(boolean ok, int count) {
    FlushRequest request;
    for (int i = 0; i < count && (request = flushRequests.poll()) != null; i++) {
      request.ok = ok;
      request.done.countDown();
    }
  }

  private boolean safeExporterFlush() {
    try {
      return exporter.flush();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("export:flush", "exporter flush threw", t);
      return false;
    }
  }

  private void safeExporterShutdown() {
    if (!exporterShutdown.compareAndSet(false, true)) {
      return;
    }
    try {
      exporter.shutdown();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("export:shutdown", "exporter shutdown threw", t);
    } finally {
      deadlineExport.close();
    }
  }

  @Override
  public String toString() {
    return "BatchTraceProcessor{exporter="
        + exporter
        + ", maxQueueSize="
        + maxQueueSize
        + ", maxBatchSize="
        + maxBatchSize
        + ", scheduleDelay="
        + Duration.ofNanos(scheduleDelayNanos)
        + "}";
  }

  private static final class FlushRequest {
    final CountDownLatch done = new CountDownLatch(1);
    volatile boolean ok;
  }

  /** Configures a {@link BatchTraceProcessor}. */
  public static final class Builder {
    private final SpanExporter exporter;
    private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private Duration scheduleDelay = Duration.ofMillis(DEFAULT_SCHEDULE_DELAY_MILLIS);
    private Duration exportTimeout = Duration.ofSeconds(35);

    private Builder(SpanExporter exporter) {
      this.exporter = Objects.requireNonNull(exporter, "exporter");
    }

    /** How many spans may wait (default {@value #DEFAULT_MAX_QUEUE_SIZE}); more are dropped. */
    public Builder maxQueueSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxQueueSize must be positive, was " + value);
      }
      this.maxQueueSize = value;
      return this;
    }

    /** The most spans in one export (default {@value #DEFAULT_MAX_BATCH_SIZE}). */
    public Builder maxBatchSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxBatchSize must be positive, was " + value);
      }
      this.maxBatchSize = value;
      return this;
    }

    /** The longest a span waits before export (default 1 second). */
    public Builder scheduleDelay(Duration value) {
      this.scheduleDelay = HttpDelivery.positive(value, "scheduleDelay");
      return this;
    }

    /**
     * How long one export may take (default 35 s: the HTTP exporters' own 30 s and a margin);
     * a call that has not returned by then counts as failed and export goes on.
     */
    public Builder exportTimeout(Duration value) {
      this.exportTimeout = HttpDelivery.positive(value, "exportTimeout");
      return this;
    }

    /** The processor; its thread starts with the first span. */
    public BatchTraceProcessor build() {
      return new BatchTraceProcessor(this);
    }
  }
}
