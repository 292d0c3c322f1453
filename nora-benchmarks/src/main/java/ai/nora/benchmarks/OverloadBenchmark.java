package ai.nora.benchmarks;

import ai.nora.server.ServerApp;
import ai.nora.server.storage.Store;
import ai.nora.server.storage.TraceQuery;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sustained overload of nora-server: 32 clients sending batches of 100 spans as fast as they
 * are answered, for 60 s, while 16 more send small gzip bodies that inflate to 58 MB. Reports the
 * throughput, the answers by status, latency percentiles, the server's heap before, at its peak
 * and after, and checks that every acknowledged item was stored. The server runs in this JVM
 * (its heap is measured with the clients' few buffers in it). Bounded in time; 127.0.0.1 only.
 *
 * <pre>
 * java -Xmx6g -cp nora-benchmarks/target/nora-benchmarks.jar ai.nora.benchmarks.OverloadBenchmark \
 *     [sqlite|postgresql] [seconds, default 60]
 * </pre>
 */
public final class OverloadBenchmark {
  static final int CLIENTS = 32;
  static final int INFLATERS = 16;
  static final int TRACES_PER_BATCH = 20;
  static final int SPANS_PER_TRACE = 5;

  private OverloadBenchmark() {}

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "sqlite";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    // The server's default limits: they are what this measures.
    try (ServerApp app = ServerBenchmark.start(db, Map.of())) {
      int port = app.port();
      byte[] bomb = ServerBenchmark.gzip(("{\"traces\":[],\"spans\":[],\"pad\":\""
          + "x".repeat(58 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
      // Warm-up, then the heap at rest.
      for (int i = 0; i < 50; i++) {
        ServerBenchmark.post(port, "/v1/ingest", ServerBenchmark.gzip(batch(900_000_000 + i * TRACES_PER_BATCH)), true);
      }
      long before = usedAfterGc(memory);

      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      Map<Integer, AtomicInteger> bombStatuses = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
      AtomicLong acknowledgedTraces = new AtomicLong();
      AtomicInteger nextBatch = new AtomicInteger();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong peak = new AtomicLong();
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + INFLATERS + 1);
      List<Future<?>> done = new ArrayList<>();
      done.add(pool.submit(() -> {
        while (running.get()) {
          peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          Thread.sleep(50);
        }
        return null;
      }));
      for (int c = 0; c < CLIENTS; c++) {
        done.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            int first = nextBatch.getAndIncrement() * TRACES_PER_BATCH;
            byte[] body = ServerBenchmark.gzip(batch(first));
            long start = System.nanoTime();
            int status = ServerBenchmark.post(port, "/v1/ingest", body, true);
            latencies.add((System.nanoTime() - start) / 1e6);
            statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
            if (status == 200) {
              acknowledgedTraces.addAndGet(TRACES_PER_BATCH);
            } else if (status == 503 || status == 429) {
              Thread.sleep(100); // as a client honouring Retry-After would, briefly
            }
          }
          return null;
        }));
      }
      for (int c = 0; c < INFLATERS; c++) {
        done.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            int status = ServerBenchmark.post(port, "/v1/ingest", bomb, true);
            bombStatuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
          }
          return null;
        }));
      }
      long started = System.nanoTime();
      for (Future<?> f : done.subList(1, done.size())) {
        f.get();
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      running.set(false);
      done.get(0).get();
      pool.shutdown();
      long after = usedAfterGc(memory);

      Store store = app.store();
      long stored = store.totals("default", TraceQuery.builder(1).build()).traces();
      long warmUp = 50L * TRACES_PER_BATCH;
      double[] ms = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(Locale.ROOT, "%n## %s, %d clients x batches of %d spans + %d inflating bodies, %.0f s%n%n",
          db, CLIENTS, TRACES_PER_BATCH * SPANS_PER_TRACE, INFLATERS, elapsed);
      System.out.printf(Locale.ROOT, "| stored spans/s | batch answers by status | p50 / p99 ms | inflating bodies by status"
          + " | heap before / peak / after (MiB) | acknowledged traces read back |%n|---|---|---|---|---|---|%n");
      System.out.printf(Locale.ROOT, "| %,.0f | %s | %.1f / %.1f | %s | %d / %d / %d | %,d of %,d |%n",
          acknowledgedTraces.get() * SPANS_PER_TRACE / elapsed, counts(statuses),
          ServerBenchmark.pct(ms, 50), ServerBenchmark.pct(ms, 99), counts(bombStatuses),
          before >> 20, peak.get() >> 20, after >> 20, stored - warmUp, acknowledgedTraces.get());
      if (stored - warmUp < acknowledgedTraces.get()) {
        throw new IllegalStateException("acknowledged traces were lost");
      }
    }
  }

  static String counts(Map<Integer, AtomicInteger> statuses) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(statuses).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(": ")
        .append(String.format(Locale.ROOT, "%,d", v.get())));
    return sb.toString();
  }

  static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  static byte[] batch(int firstTrace) {
    return ServerBenchmark.batch(firstTrace, TRACES_PER_BATCH, Instant.now());
  }
}
