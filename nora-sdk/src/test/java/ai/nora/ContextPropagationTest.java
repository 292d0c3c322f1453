package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.trace.Span;
import ai.nora.trace.TraceContext;
import ai.nora.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextPropagationTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
    Nora.shutdown();
  }

  @Test
  void concurrentNestedGroupsOnManyThreads_neverMix() throws Exception {
    RecordingProcessor rec = TestNora.init(b -> b.localBufferSize(10));
    int threads = 16;
    int groupsPerThread = 100;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String owner = "t" + t;
      Thread w = new Thread(() -> {
        await(start);
        for (int i = 0; i < groupsPerThread; i++) {
          try (TraceGroup outer = Nora.traceGroup(owner + "/outer/" + i)) {
            TestNora.llmCall("gpt-4o-mini", owner, "a", 1, 1);
            try (TraceGroup inner = Nora.traceGroup(owner + "/inner/" + i)) {
              TestNora.llmCall("gpt-4o-mini", owner, "b", 1, 1);
            }
          }
        }
      });
      workers.add(w);
      w.start();
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }

    assertThat(rec.endedTraces).hasSize(threads * groupsPerThread);
    for (Span call : rec.endedSpans) {
      if (!call.type().equals("generation")) {
        continue;
      }
      String owner = ((ai.nora.trace.GenerationSpanData) call.data()).input().get(0).content();
      Span parent = call.parent();
      assertThat(parent.name()).startsWith(owner + "/");
      assertThat(parent.traceId()).isEqualTo(call.traceId());
      Span root = parent.parent() == null ? parent : parent.parent();
      assertThat(root.name()).startsWith(owner + "/outer/");
      assertThat(root.parentId()).isNull();
    }
    assertThat(Tracer.currentSpan()).isNull();
  }

  @Test
  void wrappedExecutor_carriesTheSubmittersContext() throws Exception {
    RecordingProcessor rec = TestNora.init();

    try (TraceGroup g = Nora.traceGroup("parallel")) {
      ExecutorService traced = Nora.wrap(pool);
      List<Future<Span>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        calls.add(traced.submit(() -> TestNora.llmCall("gpt-4o-mini", "q" + n, "a", 1, 1)));
      }
      for (Future<Span> f : calls) {
        assertThat(f.get().parentId()).isEqualTo(g.groupId());
      }
    }

    assertThat(rec.endedTraces).hasSize(1);
    assertThat(rec.endedTraces.get(0).aggregate().calls()).isEqualTo(8);
  }

  @Test
  void unwrappedExecutor_doesNotCarryTheContext() throws Exception {
    RecordingProcessor rec = TestNora.init();

    try (TraceGroup g = Nora.traceGroup("parallel")) {
      Span call = pool.submit(() -> TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1)).get();
      assertThat(call.parentId()).isNull();
    }

    assertThat(rec.endedTraces).hasSize(2);
  }

  @Test
  void completableFutureContinuations_runInTheCapturedContext() {
    RecordingProcessor rec = TestNora.init();

    try (TraceGroup g = Nora.traceGroup("async_multi_query")) {
      TraceContext ctx = TraceContext.current();
      CompletableFuture<Span> a =
          CompletableFuture.supplyAsync(
              Nora.wrapSupplier(() -> TestNora.llmCall("gpt-4o-mini", "Query 1", "a", 1, 1)), pool);
      CompletableFuture<Span> b =
          CompletableFuture.supplyAsync(() -> "x", pool)
              .thenApplyAsync(
                  ctx.wrapFunction((String x) -> TestNora.llmCall("gpt-4o-mini", "Query 2", x, 1, 1)), pool);
      assertThat(a.join().parentId()).isEqualTo(g.groupId());
      assertThat(b.join().parentId()).isEqualTo(g.groupId());
    }

    assertThat(rec.endedTraces).hasSize(1);
  }

  @Test
  void poolThreads_keepNoContextAfterAWrappedTask() throws Exception {
    TestNora.init();
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      try (TraceGroup g = Nora.traceGroup("g")) {
        single.submit(Nora.wrap(() -> {})).get();
      }
      Span after = single.submit(Tracer::currentSpan).get();
      assertThat(after).isNull();
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void groupsClosedOutOfOrder_restoreTheContextThatWasCurrentBefore() {
    RecordingProcessor rec = TestNora.init();

    try (TraceGroup root = Nora.traceGroup("root")) {
      TraceGroup a = Nora.traceGroup("a");
      TraceGroup b = Nora.traceGroup("b");
      a.close(); // out of order: b is still open and stays current
      assertThat(Tracer.currentSpan().name()).isEqualTo("b");
      b.close();
      assertThat(Tracer.currentSpan().name()).isEqualTo("root");
    }

    assertThat(Tracer.currentSpan()).isNull();
    assertThat(rec.span("b").parentId()).isEqualTo(rec.span("a").id());
  }

  @Test
  void aGroupThatThrows_stillRestoresTheContext() {
    TestNora.init();

    try {
      Nora.traceGroup("outer", Map.of(), () -> {
        Nora.traceGroup("inner", Map.of(), () -> {
          throw new IllegalStateException("x");
        });
      });
    } catch (IllegalStateException expected) {
      // the exception passes through; the context must be clean after it
    }

    assertThat(Tracer.currentSpan()).isNull();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
