package ai.nora.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.Tracer;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NoraHttpExporterTest {
  private FakeNoraServer server;
  private Tracer tracer;

  @AfterEach
  void tearDown() {
    if (tracer != null) {
      tracer.shutdown(Duration.ofSeconds(2));
    }
    if (server != null) {
      server.close();
    }
  }

  private BatchTraceProcessor pipeline(String apiUrl, NoraHttpExporter.Builder customise) {
    NoraHttpExporter exporter = customise.apiUrl(apiUrl).apiKey("nora-test-key").build();
    BatchTraceProcessor processor =
        BatchTraceProcessor.builder(exporter).scheduleDelay(Duration.ofMillis(50)).build();
    tracer = Tracer.builder().processors(List.of(processor)).build();
    return processor;
  }

  private BatchTraceProcessor pipeline(String apiUrl) {
    return pipeline(apiUrl, NoraHttpExporter.builder());
  }

  private void groupWithOneCall(String name) {
    Span group = tracer.startSpan(name, new GroupSpanData(Map.of("user_id", "u1")));
    try (Scope ignored = tracer.makeCurrent(group)) {
      Span call =
          tracer.startSpan(
              "openai.chat",
              new GenerationSpanData("openai", "gpt-4o-mini")
                  .input(List.of(Message.of("user", "Hello!"))));
      ((GenerationSpanData) call.data())
          .output(List.of(Message.of("assistant", "Hi")))
          .usage(Usage.of(9, 3));
      call.end();
    }
    group.end();
  }

  @Test
  void flush_deliversEverythingToTheServer_gzippedWithTheKey() throws Exception {
    server = new FakeNoraServer();
    BatchTraceProcessor processor = pipeline(server.apiUrl());

    for (int i = 0; i < 25; i++) {
      groupWithOneCall("g" + i);
    }
    assertThat(tracer.forceFlush(Duration.ofSeconds(10))).isTrue();

    assertThat(server.spans()).hasSize(50);
    assertThat(server.traces().stream().filter(t -> t.get("status").asText().equals("success")))
        .hasSize(25);
    FakeNoraServer.Received first = server.received.get(0);
    assertThat(first.header("Authorization")).isEqualTo("Bearer nora-test-key");
    assertThat(first.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(first.body().at("/sdk/name").asText()).isEqualTo("nora-java");
    JsonNode call = server.spans().stream()
        .filter(s -> s.get("type").asText().equals("generation")).findFirst().orElseThrow();
    assertThat(call.at("/usage/total_tokens").asLong()).isEqualTo(12);
    assertThat(call.at("/input/0/content").asText()).isEqualTo("Hello!");
    assertThat(call.get("cost").asDouble()).isGreaterThan(0);
    assertThat(processor.droppedCount()).isZero();
  }

  @Test
  void serverErrors_areRetriedUntilTheBatchIsAccepted() throws Exception {
    server = new FakeNoraServer();
    server.then(FakeNoraServer.Answer.status(503));
    server.then(FakeNoraServer.Answer.status(500));
    pipeline(server.apiUrl(), NoraHttpExporter.builder().initialBackoff(Duration.ofMillis(10)));

    groupWithOneCall("g");
    assertThat(tracer.forceFlush(Duration.ofSeconds(10))).isTrue();

    assertThat(server.received).hasSize(3);
    // The same batch three times: same ids, so the server keeps one copy.
    assertThat(server.received.get(2).body()).isEqualTo(server.received.get(0).body());
  }

  @Test
  void retryAfter_isHonoured() throws Exception {
    server = new FakeNoraServer();
    server.then(new FakeNoraServer.Answer(429, Map.of("Retry-After", "1"), "{}", null));
    pipeline(server.apiUrl(), NoraHttpExporter.builder().initialBackoff(Duration.ofMillis(1)));

    groupWithOneCall("g");
    assertThat(tracer.forceFlush(Duration.ofSeconds(10))).isTrue();

    assertThat(server.received).hasSize(2);
    long waited = server.received.get(1).atNanos() - server.received.get(0).atNanos();
    assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void clientErrors_areNotRetried() throws Exception {
    server = new FakeNoraServer();
    server.always(FakeNoraServer.Answer.status(400));
    pipeline(server.apiUrl(), NoraHttpExporter.builder().initialBackoff(Duration.ofMillis(1)));

    groupWithOneCall("g");

    assertThat(tracer.forceFlush(Duration.ofSeconds(10))).isFalse();
    assertThat(server.received).hasSize(1);
  }

  @Test
  void badApiKey_isNotRetriedAndTheAppGoesOn() throws Exception {
    server = new FakeNoraServer();
    server.always(new FakeNoraServer.Answer(401, Map.of(), "{\"detail\": \"Unauthorized\"}", null));
    pipeline(server.apiUrl(), NoraHttpExporter.builder().initialBackoff(Duration.ofMillis(1)));

    groupWithOneCall("a");
    assertThat(tracer.forceFlush(Duration.ofSeconds(10))).isFalse();
    groupWithOneCall("b");
    assertThat(tracer.forceFlush(Duration.ofSeconds(10))).isFalse();

    assertThat(server.received).hasSize(2); // one try per batch, no retries
  }

  @Test
  void garbageAnswers_doNotDisturbAnything() throws Exception {
    server = new FakeNoraServer();
    server.always(new FakeNoraServer.Answer(200, Map.of("Content-Type", "text/html"), "<html>??", null));
    pipeline(server.apiUrl());

    groupWithOneCall("g");

    assertThat(tracer.forceFlush(Duration.ofSeconds(10))).isTrue();
    assertThat(server.spans()).hasSize(2);
  }

  @Test
  void backendDown_appIsUnaffectedAndMemoryStaysBounded() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort(); // closed again: nothing listens there
    }
    NoraHttpExporter exporter =
        NoraHttpExporter.builder()
            .apiUrl("http://127.0.0.1:" + deadPort + "/v1")
            .apiKey("k")
            .initialBackoff(Duration.ofMillis(5))
            .build();
    BatchTraceProcessor processor =
        BatchTraceProcessor.builder(exporter).maxQueueSize(100).maxBatchSize(10)
            .scheduleDelay(Duration.ofMillis(10)).build();
    tracer = Tracer.builder().processors(List.of(processor)).build();

    for (int i = 0; i < 20_000; i++) {
      groupWithOneCall("g" + i);
      assertThat(processor.queuedCount()).isLessThanOrEqualTo(100);
    }

    assertThat(processor.droppedCount()).isGreaterThan(0);
    assertThat(tracer.forceFlush(Duration.ofSeconds(30))).isFalse();
  }

  @Test
  void slowBackend_neverBlocksTheApplicationThread() throws Exception {
    server = new FakeNoraServer();
    CountDownLatch release = new CountDownLatch(1);
    server.always(new FakeNoraServer.Answer(200, Map.of(), "{}", release));
    BatchTraceProcessor processor = pipeline(server.apiUrl());

    groupWithOneCall("first");
    await().atMost(Duration.ofSeconds(10)).until(() -> server.received.size() == 1);
    // The export worker is now stuck inside the server. The app records on regardless,
    // completing while the server still holds the first request.
    for (int i = 0; i < 1000; i++) {
      groupWithOneCall("g" + i);
    }
    assertThat(release.getCount()).isEqualTo(1);
    assertThat(processor.queuedCount()).isGreaterThan(0);

    release.countDown();
    assertThat(tracer.forceFlush(Duration.ofSeconds(20))).isTrue();
    assertThat(server.spans()).hasSize(2002);
  }

  @Test
  void slowBackend_shutdownReturnsByItsDeadline() throws Exception {
    server = new FakeNoraServer();
    CountDownLatch never = new CountDownLatch(1);
    server.always(new FakeNoraServer.Answer(200, Map.of(), "{}", never));
    pipeline(server.apiUrl());
    groupWithOneCall("g");
    await().atMost(Duration.ofSeconds(10)).until(() -> server.received.size() == 1);

    long start = System.nanoTime();
    tracer.shutdown(Duration.ofMillis(300));
    long took = System.nanoTime() - start;
    tracer = null;
    never.countDown();

    // shutdown is bounded by its own deadline, not by the stuck request
    assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(5));
  }
}
