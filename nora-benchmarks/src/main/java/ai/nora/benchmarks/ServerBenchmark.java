package ai.nora.benchmarks;

import ai.nora.server.ServerApp;
import ai.nora.server.ServerConfig;
import ai.nora.server.storage.SpanRecord;
import ai.nora.server.storage.Store;
import ai.nora.server.storage.TraceRecord;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * Load generator for nora-server: ingest throughput (the batched route against a plain JDBC
 * batch insert of the same rows into the same database, and the original one-request-per-span
 * protocol) and query latency at 10k and 1M stored spans. Every figure is compared with a
 * baseline measured in the same run. Bounded in count and time; talks to 127.0.0.1 only.
 *
 * <pre>
 * java -cp nora-benchmarks/target/nora-benchmarks.jar ai.nora.benchmarks.ServerBenchmark \
 *     [sqlite|postgresql|both] [large-spans, default 1000000; 0 skips the query part]
 * </pre>
 *
 * PostgreSQL is {@code NORA_BENCH_PG_URL} (default the test database of .ci/postgres.sh).
 */
public final class ServerBenchmark {
  static final String KEY = "nora_benchmark_key";
  static final int SPANS_PER_TRACE = 5;
  static final int BATCH_SPANS = 500;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ServerBenchmark() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "both";
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    List<String> dbs = new ArrayList<>();
    if (!which.equals("postgresql")) {
      dbs.add("sqlite");
    }
    if (!which.equals("sqlite")) {
      dbs.add("postgresql");
    }
    for (String db : dbs) {
      System.out.println("\n## " + db);
      ingest(db);
      if (large > 0) {
        queries(db, large);
      }
    }
  }

  // ------------------------------------------------------------------ ingest

  static void ingest(String db) throws Exception {
    int spans = 100_000;
    double jdbc = jdbcBaseline(db, spans);
    double batched;
    double original;
    try (ServerApp app = start(db)) {
      batched = batchedRoute(app.port(), spans);
      originalProtocol(app.port(), 2_000); // warm-up: the first round runs on a cold JIT
      original = originalProtocol(app.port(), 5_000);
    }
    System.out.printf(Locale.ROOT, "| ingest route | spans/s | vs JDBC batch |%n|---|---|---|%n");
    System.out.printf(Locale.ROOT, "| plain JDBC batch insert (baseline) | %,.0f | 1.00 |%n", jdbc);
    System.out.printf(Locale.ROOT, "| POST /v1/ingest, %d spans/batch, gzip, 2 clients | %,.0f | %.2f |%n",
        BATCH_SPANS, batched, batched / jdbc);
    System.out.printf(Locale.ROOT, "| original protocol, 1 request/span, 4 clients | %,.0f | %.3f |%n",
        original, original / jdbc);
  }

  /** The same rows into the same kind of database, by JDBC batches of 500, one commit each. */
  static double jdbcBaseline(String db, int spans) throws Exception {
    String url;
    String user = null;
    String password = null;
    if (db.equals("sqlite")) {
      Path dir = scratchDir("nora-bench-jdbc");
      url = "jdbc:sqlite:" + dir.resolve("plain.db") + "?journal_mode=WAL&synchronous=NORMAL";
    } else {
      url = pgUrl();
      user = "nora";
      password = "nora";
    }
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS bench_spans");
        s.execute("CREATE TABLE bench_spans (project_id TEXT, trace_id TEXT, id TEXT, parent_id TEXT,"
            + " type TEXT, name TEXT, status TEXT, start_us BIGINT, end_us BIGINT, provider TEXT,"
            + " model TEXT, input_tokens BIGINT, output_tokens BIGINT, total_tokens BIGINT,"
            + " cost DOUBLE PRECISION, body TEXT, PRIMARY KEY (project_id, trace_id, id))");
      }
      c.setAutoCommit(false);
      long start = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_spans VALUES"
          + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < spans; i++) {
          int t = i / SPANS_PER_TRACE;
          int n = i % SPANS_PER_TRACE;
          ps.setString(1, "default");
          ps.setString(2, traceId(t));
          ps.setString(3, spanId(n));
          ps.setString(4, n == 0 ? null : spanId(0));
          ps.setString(5, n == 0 ? "group" : "generation");
          ps.setString(6, "s" + n);
          ps.setString(7, "success");
          ps.setLong(8, 1_765_858_530_000_000L + i);
          ps.setLong(9, 1_765_858_530_500_000L + i);
          ps.setString(10, "openai");
          ps.setString(11, "gpt-4o-mini");
          ps.setLong(12, 100);
          ps.setLong(13, 20);
          ps.setLong(14, 120);
          ps.setDouble(15, 0.000027);
          ps.setString(16, spanJson(t, n, Instant.now()));
          ps.addBatch();
          if ((i + 1) % BATCH_SPANS == 0) {
            ps.executeBatch();
            c.commit();
          }
        }
        ps.executeBatch();
        c.commit();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE bench_spans");
      }
      c.commit();
      return spans / seconds;
    }
  }

  static double batchedRoute(int port, int spans) throws Exception {
    int batches = spans / BATCH_SPANS;
    List<byte[]> bodies = new ArrayList<>();
    Instant now = Instant.now();
    for (int b = 0; b < batches; b++) {
      bodies.add(gzip(batch(b * (BATCH_SPANS / SPANS_PER_TRACE), BATCH_SPANS / SPANS_PER_TRACE, now)));
    }
    post(port, "/v1/ingest", bodies.get(0), true); // warm-up (stored again below: idempotent)
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      done.add(pool.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < batches) {
          int status = post(port, "/v1/ingest", bodies.get(i), true);
          if (status != 200) {
            throw new IllegalStateException("ingest answered " + status);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return batches * BATCH_SPANS / seconds;
  }

  static double originalProtocol(int port, int spans) throws Exception {
    int traces = spans / SPANS_PER_TRACE;
    List<String> ids = new ArrayList<>();
    for (int t = 0; t < traces; t++) {
      String body = "{\"trace_name\":\"original\",\"input\":\"q\"}";
      HttpResponse<String> r = HTTP.send(request(port, "/v1/traces/")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      ids.add(r.body().replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1"));
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    double nowSeconds = System.currentTimeMillis() / 1000.0;
    for (int c = 0; c < 4; c++) {
      done.add(pool.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < spans) {
          String body = "{\"trace_id\":\"" + ids.get(i / SPANS_PER_TRACE) + "\",\"span_name\":\"openai_gpt-4o-mini\","
              + "\"span_data\":{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"prompt\":\"User: Hello\","
              + "\"response\":\"Hi\",\"tokens_used\":120,\"metadata\":{\"usage\":{\"prompt_tokens\":100,"
              + "\"completion_tokens\":20,\"total_tokens\":120}},\"start_time\":" + nowSeconds
              + ",\"end_time\":" + (nowSeconds + 0.5) + "}}";
          int status = post(port, "/v1/executions/", body.getBytes(StandardCharsets.UTF_8), false);
          if (status != 201) {
            throw new IllegalStateException("executions answered " + status);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return spans / seconds;
  }

  // ------------------------------------------------------------------ queries

  static void queries(String db, int large) throws Exception {
    System.out.printf(Locale.ROOT, "%n| stored spans | list p50 ms | list p95 ms | list, page 20 p50 ms"
        + " | filtered list p50 ms | detail p50 ms | detail p95 ms"
        + " | traces page (list + totals) p50 / p95 ms | search page p50 ms |%n|---|---|---|---|---|---|---|---|---|%n");
    try (ServerApp app = start(db)) {
      Store store = app.store();
      int loaded = 0;
      for (int target : new int[] {10_000, large}) {
        loaded = load(store, loaded, target);
        int port = app.port();
        String lastTrace = traceId(loaded / SPANS_PER_TRACE - 1);
        double[] list = latencies(port, "/v1/traces?limit=50", 200);
        String deep = deepCursor(port, 20);
        double[] deepPage = latencies(port, "/v1/traces?limit=50&cursor=" + deep, 100);
        double[] filtered = latencies(port, "/v1/traces?limit=50&user_id=user-7&status=success", 100);
        double[] detail = latencies(port, "/v1/traces/" + lastTrace, 200);
        // What the dashboard's traces page asks on opening and on every live refresh; its trace
        // page is the detail above.
        double[] page = latencies(port, "/v1/traces?limit=50&totals=true", 50);
        double[] search = latencies(port, "/v1/traces?limit=50&totals=true&q=question%20" + (loaded / SPANS_PER_TRACE - 7), 20);
        System.out.printf(Locale.ROOT, "| %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f / %.2f | %.2f |%n", loaded,
            pct(list, 50), pct(list, 95), pct(deepPage, 50), pct(filtered, 50), pct(detail, 50),
            pct(detail, 95), pct(page, 50), pct(page, 95), pct(search, 50));
      }
    }
  }

  /** Writes spans straight to the store (the same writes as the ingest route) up to target. */
  static int load(Store store, int from, int target) {
    Instant now = Instant.now();
    long base = (now.getEpochSecond() - 3600) * 1_000_000L;
    int traces = (target - from) / SPANS_PER_TRACE;
    int firstTrace = from / SPANS_PER_TRACE;
    long started = System.nanoTime();
    for (int t0 = 0; t0 < traces; t0 += 200) {
      List<TraceRecord> tr = new ArrayList<>();
      List<SpanRecord> sp = new ArrayList<>();
      for (int t = firstTrace + t0; t < firstTrace + Math.min(traces, t0 + 200); t++) {
        long start = base + t * 10L;
        tr.add(TraceRecord.builder(traceId(t), "workflow-" + (t % 20), t % 50 == 0 ? "error" : "success", start)
            .end(start + 500_000).context("production", "sess-" + (t % 1000), "user-" + (t % 100))
            .metadata("{\"tier\":\"" + (t % 3) + "\"}").input("\"question " + t + "\"").output("\"answer " + t + "\"")
            .build());
        for (int n = 0; n < SPANS_PER_TRACE; n++) {
          sp.add(SpanRecord.builder(traceId(t), spanId(n)).parent(n == 0 ? null : spanId(0))
              .type(n == 0 ? "group" : "generation").name("s" + n).status("success").time(start + n, start + 400_000)
              .model(n == 0 ? null : "openai", n == 0 ? null : "gpt-4o-mini").tokens(100L, 20L, 120L)
              .cachedAndReasoning(0L, 0L).cost(0.000027).body(spanJson(t, n, now)).build());
        }
      }
      store.write("default", tr, sp);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.err.printf(Locale.ROOT, "loaded %,d spans in %.1f s (%,.0f spans/s)%n", target - from,
        seconds, (target - from) / seconds);
    return target;
  }

  static String deepCursor(int port, int pages) throws Exception {
    String cursor = "";
    for (int i = 0; i < pages; i++) {
      HttpResponse<String> r = HTTP.send(request(port, "/v1/traces?limit=50"
          + (cursor.isEmpty() ? "" : "&cursor=" + cursor)).GET().build(), HttpResponse.BodyHandlers.ofString());
      cursor = r.body().replaceAll("(?s).*\"next_cursor\":\"([^\"]+)\".*", "$1");
    }
    return cursor;
  }

  static double[] latencies(int port, String path, int n) throws Exception {
    for (int i = 0; i < 20; i++) {
      HTTP.send(request(port, path).GET().build(), HttpResponse.BodyHandlers.discarding());
    }
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      HttpResponse<byte[]> r = HTTP.send(request(port, path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      ms[i] = (System.nanoTime() - start) / 1e6;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + r.statusCode());
      }
    }
    Arrays.sort(ms);
    return ms;
  }

  static double pct(double[] sorted, int p) {
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  // ------------------------------------------------------------------ helpers

  static ServerApp start(String db) throws Exception {
    return start(db, Map.of("NORA_MAX_BODY_MB", "64"));
  }

  /** A server on a fresh database, with these settings over the defaults. */
  static ServerApp start(String db, Map<String, String> settings) throws Exception {
    Map<String, String> env = new java.util.HashMap<>(Map.of("NORA_PORT", "0", "NORA_HOST", "127.0.0.1",
        "NORA_INIT_API_KEY", KEY, "NORA_RETENTION_DAYS", "0"));
    env.putAll(settings);
    if (db.equals("sqlite")) {
      env.put("NORA_DB_URL", "jdbc:sqlite:" + scratchDir("nora-bench").resolve("nora.db"));
    } else {
      if (!keepPostgres()) {
        resetPostgres();
      }
      env.put("NORA_DB_URL", pgUrl());
      env.put("NORA_DB_USER", "nora");
      env.put("NORA_DB_PASSWORD", "nora");
    }
    return ServerApp.start(ServerConfig.from(List.of(), env));
  }

  /**
   * {@code NORA_BENCH_PG_KEEP=1}: the PostgreSQL database is not emptied first, so the reads can be
   * measured again on a database a run filled (GrowthBenchmark then loads nothing up to the first
   * size given, taken as what is stored).
   */
  static boolean keepPostgres() {
    return "1".equals(System.getenv("NORA_BENCH_PG_KEEP"));
  }

  /**
   * A temporary directory deleted when the benchmark's JVM exits: a run to 10M spans leaves an
   * 11 GB database otherwise.
   */
  static Path scratchDir(String prefix) throws java.io.IOException {
    Path dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (java.io.IOException | RuntimeException e) {
        System.err.println("could not delete " + dir + ": " + e);
      }
    }));
    return dir;
  }

  static void resetPostgres() throws Exception {
    try (Connection c = DriverManager.getConnection(pgUrl(), "nora", "nora");
        Statement s = c.createStatement()) {
      // Every table of the schema, so that a table a later migration adds is dropped too.
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")) {
        while (rs.next()) {
          tables.add('"' + rs.getString(1) + '"');
        }
      }
      if (!tables.isEmpty()) {
        s.execute("DROP TABLE IF EXISTS " + String.join(", ", tables) + " CASCADE");
      }
    }
  }

  static String pgUrl() {
    String v = System.getenv("NORA_BENCH_PG_URL");
    return v == null ? "jdbc:postgresql://127.0.0.1:5432/nora_test" : v;
  }

  static HttpRequest.Builder request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json");
  }

  static int post(int port, String path, byte[] body, boolean gzip) throws Exception {
    HttpRequest.Builder b = request(port, path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      b.header("Content-Encoding", "gzip");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static byte[] batch(int firstTrace, int traces, Instant now) {
    StringBuilder sb = new StringBuilder("{\"traces\":[");
    for (int t = firstTrace; t < firstTrace + traces; t++) {
      if (t > firstTrace) {
        sb.append(',');
      }
      sb.append("{\"id\":\"").append(traceId(t)).append("\",\"name\":\"workflow\",\"status\":\"success\","
          + "\"start_time\":\"").append(now.minusSeconds(2)).append("\",\"end_time\":\"").append(now)
          .append("\",\"user_id\":\"user-").append(t % 100).append("\"}");
    }
    sb.append("],\"spans\":[");
    for (int t = firstTrace; t < firstTrace + traces; t++) {
      for (int n = 0; n < SPANS_PER_TRACE; n++) {
        if (t > firstTrace || n > 0) {
          sb.append(',');
        }
        sb.append(spanJson(t, n, now));
      }
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static String spanJson(int t, int n, Instant now) {
    return "{\"id\":\"" + spanId(n) + "\",\"trace_id\":\"" + traceId(t) + "\",\"parent_id\":"
        + (n == 0 ? "null" : "\"" + spanId(0) + "\"") + ",\"type\":\"" + (n == 0 ? "group" : "generation")
        + "\",\"name\":\"s" + n + "\",\"status\":\"success\",\"start_time\":\"" + now.minusSeconds(2)
        + "\",\"end_time\":\"" + now + "\",\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
        + "\"input\":[{\"role\":\"user\",\"content\":\"What is the weather in Seoul today?\"}],"
        + "\"output\":[{\"role\":\"assistant\",\"content\":\"Sunny, 22 degrees.\"}],"
        + "\"usage\":{\"input_tokens\":100,\"output_tokens\":20,\"total_tokens\":120}}";
  }

  static String traceId(int t) {
    return String.format("%032x", 0x7000000000L + t);
  }

  static String spanId(int n) {
    return String.format("%016x", 0x1000L + n);
  }

  static byte[] gzip(byte[] raw) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }
}
