package ai.nora.server.original;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.TestServer;
import ai.nora.server.TestServer.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An exchange of the original Nora client with its backend, recorded by a logging proxy (one JSON
 * object a line: method, path, body as sent), replayed against a server as the client sent it:
 * the trace ids the recording's backend gave are replaced by the ones this server gives.
 */
final class Recording {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One request of the recording. */
  record Request(String method, String path, JsonNode body, double sentAt) {
    Request(String method, String path, JsonNode body) {
      this(method, path, body, Double.NaN);
    }

    boolean isBatch() {
      return "POST".equals(method) && ("/v1".equals(path) || "/v1/".equals(path));
    }

    boolean isExecution() {
      return path.startsWith("/v1/executions");
    }

    boolean isPatch() {
      return "PATCH".equals(method);
    }
  }

  final List<Request> requests;
  /** The ids the recorded backend gave to the traces created, in order. */
  private final List<String> recordedTraceIds;

  private Recording(List<Request> requests, List<String> recordedTraceIds) {
    this.requests = requests;
    this.recordedTraceIds = recordedTraceIds;
  }

  /** A recording from the test resources ({@code original-client/NAME.proxy.jsonl}). */
  static Recording load(String name) {
    List<Request> requests = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    try (InputStream in = Recording.class.getResourceAsStream("/original-client/" + name + ".proxy.jsonl")) {
      assertThat(in).as("recording " + name).isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode row = JSON.readTree(line);
        Request r = new Request(row.get("method").asText(), row.get("path").asText(), row.get("req"),
            row.path("ts").asDouble(Double.NaN));
        requests.add(r);
        if (r.path().startsWith("/v1/traces") && "POST".equals(r.method())) {
          ids.add(row.path("resp").path("id").asText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Recording(requests, ids);
  }

  /** Built from requests written in the client's format (ids of created traces in order). */
  static Recording of(List<Request> requests, List<String> traceIds) {
    return new Recording(requests, traceIds);
  }

  /** The same requests in another order: those matching {@code first} moved to the front. */
  Recording withFirst(Predicate<Request> first) {
    List<Request> moved = new ArrayList<>();
    List<Request> rest = new ArrayList<>();
    for (Request r : requests) {
      (first.test(r) ? moved : rest).add(r);
    }
    // Creating the group's trace always comes first: the client waits for its answer.
    List<Request> creates = rest.stream().filter(r -> r.path().startsWith("/v1/traces") && "POST".equals(r.method())).toList();
    List<Request> out = new ArrayList<>(creates);
    out.addAll(moved);
    rest.stream().filter(r -> !creates.contains(r)).forEach(out::add);
    return new Recording(out, recordedTraceIds);
  }

  /** The same requests less those matching {@code lost} (a send that never arrived). */
  Recording without(Predicate<Request> lost) {
    return new Recording(requests.stream().filter(lost.negate()).toList(), recordedTraceIds);
  }

  /** The same requests with those matching {@code again} sent twice (a client's retry). */
  Recording withRepeated(Predicate<Request> again) {
    List<Request> out = new ArrayList<>();
    for (Request r : requests) {
      out.add(r);
      if (again.test(r)) {
        out.add(r);
      }
    }
    return new Recording(out, recordedTraceIds);
  }

  /** The same requests with those matching {@code last} moved to the end. */
  Recording withLast(Predicate<Request> last) {
    List<Request> out = new ArrayList<>(requests.stream().filter(last.negate()).toList());
    requests.stream().filter(last).forEach(out::add);
    return new Recording(out, recordedTraceIds);
  }

  /**
   * Sends every request with the client's header ({@code X-API-Key}); each must be answered
   * 2xx. Returns the server's ids for the recording's traces, in the recording's order.
   */
  List<String> replay(TestServer server, String key) {
    Map<String, String> ids = new HashMap<>();
    List<String> created = new ArrayList<>();
    int next = 0;
    double previous = Double.NaN;
    for (Request r : requests) {
      // As the client sent them: the recorded gap before each request (a request moved out of
      // its place goes at once).
      double gap = r.sentAt() - previous;
      if (gap > 0 && gap < 1) {
        pause((long) (gap * 1000));
      }
      previous = r.sentAt();
      String path = r.path();
      String body = r.body() == null ? null : r.body().toString();
      for (Map.Entry<String, String> e : ids.entrySet()) {
        path = path.replace(e.getKey(), e.getValue());
        body = body == null ? null : body.replace(e.getKey(), e.getValue());
      }
      Answer a = server.send(r.method(), path, null, body, Map.of("X-API-Key", key));
      assertThat(a.status()).as(r.method() + " " + path + ": " + a.text()).isBetween(200, 299);
      if (path.startsWith("/v1/traces") && "POST".equals(r.method())) {
        String given = a.body().get("id").asText();
        ids.put(recordedTraceIds.get(next++), given);
        created.add(given);
      }
    }
    return created;
  }

  /**
   * Creates the recording's traces, then sends every other request at once from threads of its
   * own, as the client's daemon threads may; each must be answered 2xx.
   */
  List<String> replayAtOnce(TestServer server, String key) throws Exception {
    List<Request> creates = requests.stream().filter(Recording::createsTrace).toList();
    List<String> created = Recording.of(creates, recordedTraceIds).replay(server, key);
    Map<String, String> ids = new HashMap<>();
    for (int i = 0; i < created.size(); i++) {
      ids.put(recordedTraceIds.get(i), created.get(i));
    }
    List<Request> rest = requests.stream().filter(r -> !createsTrace(r)).toList();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(rest.size());
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    try {
      List<java.util.concurrent.Future<Answer>> answers = new ArrayList<>();
      for (Request r : rest) {
        String path = substitute(r.path(), ids);
        String body = r.body() == null ? null : substitute(r.body().toString(), ids);
        answers.add(pool.submit(() -> {
          go.await();
          return server.send(r.method(), path, null, body, Map.of("X-API-Key", key));
        }));
      }
      go.countDown();
      for (java.util.concurrent.Future<Answer> f : answers) {
        Answer a = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(a.status()).as(a.text()).isBetween(200, 299);
      }
    } finally {
      pool.shutdownNow();
    }
    return created;
  }

  private static boolean createsTrace(Request r) {
    return r.path().startsWith("/v1/traces") && "POST".equals(r.method());
  }

  private static String substitute(String text, Map<String, String> ids) {
    for (Map.Entry<String, String> e : ids.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    return text;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
