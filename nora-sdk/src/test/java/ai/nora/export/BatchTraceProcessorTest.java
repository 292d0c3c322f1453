package ai.nora.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.trace.CustomSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchTraceProcessorTest {

  /** Keeps what it is given; can be told to throw or to block. */
  static final class TestExporter implements SpanExporter {
    final List<ExportBatch> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger shutdowns = new AtomicInteger();
    volatile boolean fail;
    volatile CountDownLatch block;

    @Override
    public boolean export(ExportBatch batch) {
      CountDownLatch b = block;
      if (b != null) {
        try {
          b.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (fail) {
        throw new IllegalStateException("exporter bug");
      }
      batches.add(batch);
      return true;
    }

    @Override
    public void shutdown() {
      shutdowns.incrementAndGet();
    }

    int spans() {
      return batches.stream().mapToInt(b -> b.spans().size()).sum();
    }
  }

  private static Tracer tracerWith(BatchTraceProcessor p) {
    return Tracer.builder().processors(List.of(p)).build();
  }

  private static void spans(Tracer tracer, int n) {
    for (int i = 0; i < n; i++) {
      Span s = tracer.startSpan("s" + i, new CustomSpanData(null));
      s.end();
    }
  }

  private static boolean exportThreadExists() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("nora-export") && t.isAlive());
  }

  @Test
  void workerThread_startsWithTheFirstSpanNotBefore() {
    TestExporter exporter = new TestExporter();
    BatchTraceProcessor p = BatchTraceProcessor.create(exporter);
    Tracer tracer = tracerWith(p);
    boolean before = exportThreadExists();

    spans(tracer, 1);

    assertThat(before).isFalse();
    assertThat(exportThreadExists()).isTrue();
    tracer.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void flush_waitsUntilEverythingQueuedWasExported() {
    TestExporter exporter = new TestExporter();
    BatchTraceProcessor p =
        BatchTraceProcessor.builder(exporter).scheduleDelay(Duration.ofHours(1)).build();
    Tracer tracer = tracerWith(p);

    spans(tracer, 1234);

    assertThat(p.forceFlush(Duration.ofSeconds(10))).isTrue();
    assertThat(exporter.spans()).isEqualTo(1234);
    assertThat(exporter.batches).allSatisfy(b -> assertThat(b.spans().size()).isLessThanOrEqualTo(512));
    tracer.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void fullBatch_isExportedWithoutWaitingForTheSchedule() {
    TestExporter exporter = new TestExporter();
    BatchTraceProcessor p =
        BatchTraceProcessor.builder(exporter)
            .maxBatchSize(10)
            .scheduleDelay(Duration.ofHours(1))
            .build();
    Tracer tracer = tracerWith(p);

    spans(tracer, 10);

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> exporter.spans() == 10);
    tracer.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void exporterThatThrows_doesNotStopExport() {
    TestExporter exporter = new TestExporter();
    BatchTraceProcessor p = BatchTraceProcessor.create(exporter);
    Tracer tracer = tracerWith(p);

    exporter.fail = true;
    spans(tracer, 5);
    assertThat(p.forceFlush(Duration.ofSeconds(10))).isFalse();
    exporter.fail = false;
    spans(tracer, 5);

    assertThat(p.forceFlush(Duration.ofSeconds(10))).isTrue();
    assertThat(exporter.spans()).isEqualTo(5);
    tracer.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void anExportThatNeverReturns_costsItsBatch_notThePipeline() {
    TestExporter exporter = new TestExporter();
    CountDownLatch hung = new CountDownLatch(1);
    exporter.block = hung;
    BatchTraceProcessor p = BatchTraceProcessor.builder(exporter).exportTimeout(Duration.ofMillis(200)).build();
    Tracer tracer = tracerWith(p);

    spans(tracer, 5);
    assertThat(p.forceFlush(Duration.ofSeconds(10))).isFalse();
    assertThat(p.failedCount()).isEqualTo(5);
    exporter.block = null; // the next calls return; the first stays hung
    spans(tracer, 7);

    assertThat(p.forceFlush(Duration.ofSeconds(10))).isTrue();
    assertThat(exporter.spans()).isEqualTo(7);
    hung.countDown();
    tracer.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void hungExports_pileUpNoThreads_andFailAtOnceWhileTwoHang() {
    TestExporter exporter = new TestExporter();
    CountDownLatch hung = new CountDownLatch(1);
    exporter.block = hung;
    BatchTraceProcessor p = BatchTraceProcessor.builder(exporter).exportTimeout(Duration.ofMillis(100)).build();
    Tracer tracer = tracerWith(p);

    for (int i = 0; i < 4; i++) {
      spans(tracer, 1);
      assertThat(p.forceFlush(Duration.ofSeconds(10))).isFalse();
    }
    long callThreads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("nora-export-call") && t.isAlive()).count();
    assertThat(callThreads).as("threads held by hung calls").isEqualTo(DeadlineExport.MAX_STUCK);
    assertThat(p.failedCount()).isEqualTo(4);

    hung.countDown(); // the hung calls return: export works again
    exporter.block = null;
    spans(tracer, 3);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> p.forceFlush(Duration.ofSeconds(10)) && exporter.spans() >= 3);
    tracer.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void fullQueue_dropsAndCountsInsteadOfBlocking() {
    TestExporter exporter = new TestExporter();
    exporter.block = new CountDownLatch(1);
    BatchTraceProcessor p =
        BatchTraceProcessor.builder(exporter).maxQueueSize(50).maxBatchSize(5).build();
    Tracer tracer = tracerWith(p);

    spans(tracer, 500);

    assertThat(p.queuedCount()).isLessThanOrEqualTo(50);
    assertThat(p.droppedCount()).isGreaterThanOrEqualTo(500 - 50 - 5);
    exporter.block.countDown();
    assertThat(p.forceFlush(Duration.ofSeconds(10))).isTrue();
    assertThat(exporter.spans() + p.droppedCount()).isEqualTo(500);
    tracer.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void shutdown_deliversWhatIsQueuedAndIsIdempotent() {
    TestExporter exporter = new TestExporter();
    BatchTraceProcessor p =
        BatchTraceProcessor.builder(exporter).scheduleDelay(Duration.ofHours(1)).build();
    Tracer tracer = tracerWith(p);
    spans(tracer, 100);

    p.shutdown(Duration.ofSeconds(10));
    p.shutdown(Duration.ofSeconds(10));
    spans(tracer, 3);

    assertThat(exporter.spans()).isEqualTo(100);
    assertThat(exporter.shutdowns.get()).isEqualTo(1);
    assertThat(p.droppedCount()).isEqualTo(3);
  }

  @Test
  void shutdown_withAStuckExporter_returnsAtItsDeadline() {
    TestExporter exporter = new TestExporter();
    exporter.block = new CountDownLatch(1);
    BatchTraceProcessor p = BatchTraceProcessor.create(exporter);
    Tracer tracer = tracerWith(p);
    spans(tracer, 1);
    p.forceFlush(Duration.ofMillis(50));

    p.shutdown(Duration.ofMillis(200));

    assertThat(exporter.shutdowns.get()).isEqualTo(1);
    exporter.block.countDown();
  }

  @Test
  void rootSpan_carriesItsEndedTrace() {
    TestExporter exporter = new TestExporter();
    BatchTraceProcessor p = BatchTraceProcessor.create(exporter);
    Tracer tracer = tracerWith(p);

    spans(tracer, 2);
    p.forceFlush(Duration.ofSeconds(10));

    List<ai.nora.trace.Trace> traces =
        exporter.batches.stream().flatMap(b -> b.traces().stream()).toList();
    assertThat(traces).hasSize(2).allSatisfy(t -> assertThat(t.isEnded()).isTrue());
    tracer.shutdown(Duration.ofSeconds(5));
  }
}
