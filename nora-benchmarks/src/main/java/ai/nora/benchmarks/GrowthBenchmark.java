package ai.nora.benchmarks;

import ai.nora.server.ServerApp;
import ai.nora.server.storage.SpanRecord;
import ai.nora.server.storage.Store;
import ai.nora.server.storage.TraceRecord;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How nora-server's costs grow with what it stores: a small write (a batch of one new trace and
 * one span; a one-span OTLP export) and the dashboard's reads (the list with totals, a text
 * search, a metadata filter, the metrics page, a trace) at each size, as ratios to the first
 * size measured in the same run. The data is spread over the last 30 days, as a project's is
 * after a month. Bounded in count and time; talks to 127.0.0.1 only.
 *
 * <pre>
 * java -cp nora-benchmarks/target/nora-benchmarks.jar ai.nora.benchmarks.GrowthBenchmark \
 *     [sqlite|postgresql|both] [sizes, default 0,10000,1000000,10000000]
 * </pre>
 */
public final class GrowthBenchmark {
  static final int SPANS_PER_TRACE = 5;
  static final long MONTH_US = 30L * 86_400_000_000L;
  static final int WRITE_SAMPLES = 300;
  static final int READ_SAMPLES = 60;

  private GrowthBenchmark() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "both";
    int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "0,10000,1000000,10000000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    for (String db : which.equals("both") ? List.of("sqlite", "postgresql") : List.of(which)) {
      run(db, sizes);
    }
  }

  /** One row of figures at one size. */
  record Row(int spans, double loadSeconds, double[] batch, double[] otlp, double[] list,
      double[] search, double[] metadata, double[] broadMetadata, double[] sorted, double[] sortedByText,
      double[] metrics, double[] detail) {}

  static void run(String db, int[] sizes) throws Exception {
    System.out.println("\n## " + db);
    List<Row> rows = new ArrayList<>();
    try (ServerApp app = ServerBenchmark.start(db)) {
      int loaded = db.equals("postgresql") && ServerBenchmark.keepPostgres() ? sizes[0] : 0;
      long now = Instant.now().getEpochSecond() * 1_000_000L;
      // A whole measurement thrown away first: the empty project's figures would otherwise be
      // taken on a cold JIT and look slower than the later ones.
      writes(app.port(), "/v1/ingest", i -> smallBatch(i));
      writes(app.port(), "/otlp/v1/traces", i -> smallOtlp(i));
      for (int size : sizes) {
        long started = System.nanoTime();
        loaded = load(app.store(), loaded, size, now);
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        int port = app.port();
        int traces = Math.max(1, loaded / SPANS_PER_TRACE);
        double[] batch = writes(port, "/v1/ingest", i -> smallBatch(i));
        double[] otlp = writes(port, "/otlp/v1/traces", i -> smallOtlp(i));
        double[] list = null;
        double[] search = null;
        double[] metadata = null;
        double[] broadMetadata = null;
        double[] sorted = null;
        double[] sortedByText = null;
        double[] metrics = null;
        double[] detail = null;
        if (loaded > 0) {
          list = ServerBenchmark.latencies(port, "/v1/traces?limit=50&totals=true", READ_SAMPLES);
          search = ServerBenchmark.latencies(port, "/v1/traces?limit=50&totals=true&q="
              + URLEncoder.encode("question " + (traces - 7), StandardCharsets.UTF_8), READ_SAMPLES / 3);
          metadata = ServerBenchmark.latencies(port,
              "/v1/traces?limit=50&totals=true&metadata_key=customer&metadata_value=c-417", READ_SAMPLES);
          broadMetadata = ServerBenchmark.latencies(port,
              "/v1/traces?limit=50&totals=true&metadata_key=tier&metadata_value=1", READ_SAMPLES / 6);
          sorted = ServerBenchmark.latencies(port, "/v1/traces?limit=50&sort=cost&order=desc", READ_SAMPLES);
          sortedByText = ServerBenchmark.latencies(port, "/v1/traces?limit=50&sort=user&order=asc", READ_SAMPLES);
          Instant to = Instant.now();
          metrics = ServerBenchmark.latencies(port, "/v1/metrics?bucket=hour&from="
              + to.minusSeconds(86_400) + "&to=" + to, READ_SAMPLES / 3);
          detail = ServerBenchmark.latencies(port, "/v1/traces/" + ServerBenchmark.traceId(traces / 2),
              READ_SAMPLES);
        }
        rows.add(new Row(loaded, loadSeconds, batch, otlp, list, search, metadata, broadMetadata, sorted,
            sortedByText, metrics, detail));
        print(rows);
      }
    }
  }

  static void print(List<Row> rows) {
    Row first = rows.get(0);
    Row firstRead = rows.stream().filter(r -> r.list != null).findFirst().orElse(null);
    System.out.printf(Locale.ROOT, "%n| stored spans | load s | batch p50 / p95 ms | x | OTLP p50 / p95 ms | x"
        + " | list+totals p50 / p95 | search p50 / p95 | metadata, 1 in 1,000 | metadata, 1 in 3"
        + " | sorted by cost | sorted by user | metrics 24h p50 / p95 | trace p50 / p95 |%n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%n");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT,
          "| %,d | %.0f | %.2f / %.2f | %.2f | %.2f / %.2f | %.2f | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          r.spans, r.loadSeconds, p(r.batch, 50), p(r.batch, 95), p(r.batch, 50) / p(first.batch, 50),
          p(r.otlp, 50), p(r.otlp, 95), p(r.otlp, 50) / p(first.otlp, 50),
          read(r.list, firstRead == null ? null : firstRead.list), read(r.search, firstRead == null ? null : firstRead.search),
          read(r.metadata, firstRead == null ? null : firstRead.metadata),
          read(r.broadMetadata, firstRead == null ? null : firstRead.broadMetadata),
          read(r.sorted, firstRead == null ? null : firstRead.sorted),
          read(r.sortedByText, firstRead == null ? null : firstRead.sortedByText),
          read(r.metrics, firstRead == null ? null : firstRead.metrics), read(r.detail, firstRead == null ? null : firstRead.detail));
    }
  }

  static String read(double[] ms, double[] base) {
    if (ms == null) {
      return "";
    }
    return String.format(Locale.ROOT, "%.1f / %.1f (%.1fx)", p(ms, 50), p(ms, 95), p(ms, 50) / p(base, 50));
  }

  static double p(double[] sorted, int pct) {
    return ServerBenchmark.pct(sorted, pct);
  }

  interface Body {
    byte[] make(int i);
  }

  /** Latencies of small writes, each a new trace, after a warm-up. */
  static double[] writes(int port, String path, Body body) throws Exception {
    // Warm-up: the first size would otherwise be measured on a cold JIT.
    for (int i = 0; i < 500; i++) {
      send(port, path, body.make(1_000_000 + i + (int) (System.nanoTime() & 0xffff) * 1000));
    }
    double[] ms = new double[WRITE_SAMPLES];
    for (int i = 0; i < WRITE_SAMPLES; i++) {
      byte[] b = body.make(i + (int) (System.nanoTime() & 0xffff) * WRITE_SAMPLES);
      long start = System.nanoTime();
      int status = send(port, path, b);
      ms[i] = (System.nanoTime() - start) / 1e6;
      if (status != 200) {
        throw new IllegalStateException(path + " answered " + status);
      }
    }
    Arrays.sort(ms);
    return ms;
  }

  static int send(int port, String path, byte[] body) throws Exception {
    HttpRequest.Builder b = ServerBenchmark.request(port, path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    return ServerBenchmark.HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static byte[] smallBatch(int i) {
    Instant now = Instant.now();
    String trace = String.format("%032x", 0x5a00000000000000L + (i & 0x7fffffffL) * 7919L);
    return ("{\"traces\":[{\"id\":\"" + trace + "\",\"name\":\"small\",\"status\":\"success\",\"start_time\":\""
        + now.minusMillis(200) + "\",\"end_time\":\"" + now + "\"}],\"spans\":[{\"id\":\"00000000000000aa\","
        + "\"trace_id\":\"" + trace + "\",\"parent_id\":null,\"type\":\"generation\",\"name\":\"chat\","
        + "\"status\":\"success\",\"start_time\":\"" + now.minusMillis(150) + "\",\"end_time\":\"" + now
        + "\",\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":10,"
        + "\"output_tokens\":5}}]}").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] smallOtlp(int i) {
    long now = System.currentTimeMillis() * 1_000_000L;
    String trace = String.format("%032x", 0x6b00000000000000L + (i & 0x7fffffffL) * 7919L);
    return ("{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
        + trace + "\",\"spanId\":\"00000000000000bb\",\"name\":\"chat gpt-4o-mini\",\"kind\":3,"
        + "\"startTimeUnixNano\":\"" + (now - 150_000_000L) + "\",\"endTimeUnixNano\":\"" + now + "\","
        + "\"attributes\":[{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},"
        + "{\"key\":\"gen_ai.system\",\"value\":{\"stringValue\":\"openai\"}},"
        + "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o-mini\"}},"
        + "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"10\"}}]}]}]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Writes traces of five spans straight to the store (the ingest route's writes), spread over 30 days. */
  static int load(Store store, int from, int target, long nowUs) {
    if (target <= from) {
      return from;
    }
    int firstTrace = from / SPANS_PER_TRACE;
    int lastTrace = target / SPANS_PER_TRACE;
    long base = nowUs - MONTH_US;
    Instant bodyTime = Instant.now();
    for (int t0 = firstTrace; t0 < lastTrace; t0 += 200) {
      List<TraceRecord> tr = new ArrayList<>();
      List<SpanRecord> sp = new ArrayList<>();
      for (int t = t0; t < Math.min(lastTrace, t0 + 200); t++) {
        // Scattered over the month, so that each size's traces cover all of it.
        long start = base + Math.floorMod(t * 2_654_435_761L, MONTH_US);
        String status = t % 50 == 0 ? "error" : "success";
        tr.add(TraceRecord.builder(ServerBenchmark.traceId(t), "workflow-" + (t % 20), status, start)
            .end(start + 500_000).context("production", "sess-" + (t % 1000), "user-" + (t % 100))
            .metadata("{\"tier\":\"" + (t % 3) + "\",\"customer\":\"c-" + (t % 1000) + "\"}")
            .input("\"question " + t + "\"").output("\"answer " + t + "\"").build());
        for (int n = 0; n < SPANS_PER_TRACE; n++) {
          sp.add(SpanRecord.builder(ServerBenchmark.traceId(t), ServerBenchmark.spanId(n))
              .parent(n == 0 ? null : ServerBenchmark.spanId(0)).type(n == 0 ? "group" : "generation").name("s" + n)
              .status("success").time(start + n, start + 400_000)
              .model(n == 0 ? null : "openai", n == 0 ? null : "gpt-4o-mini").tokens(100L, 20L, 120L)
              .cachedAndReasoning(0L, 0L).cost(0.000027).body(ServerBenchmark.spanJson(t, n, bodyTime)).build());
        }
      }
      store.write("default", tr, sp);
    }
    return target;
  }
}
