package ai.nora.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/** A local stand-in for the Nora server's ingest route that records what it receives. */
final class FakeNoraServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One received request. */
  record Received(long atNanos, Map<String, List<String>> headers, JsonNode body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** What to answer. */
  record Answer(int status, Map<String, String> headers, String body, CountDownLatch hold) {
    static Answer ok() {
      return new Answer(200, Map.of(), "{\"accepted\":true}", null);
    }

    static Answer status(int status) {
      return new Answer(status, Map.of(), "{\"detail\":\"status " + status + "\"}", null);
    }
  }

  private final HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
  private volatile Answer fallback = Answer.ok();

  FakeNoraServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/ingest", this::handle);
    server.start();
  }

  String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  void then(Answer answer) {
    script.addLast(answer);
  }

  void always(Answer answer) {
    fallback = answer;
  }

  /** Every span item received, in order. */
  List<JsonNode> spans() {
    List<JsonNode> out = new ArrayList<>();
    for (Received r : received) {
      if (r.body() != null) {
        r.body().get("spans").forEach(out::add);
      }
    }
    return out;
  }

  /** Every trace item received, in order. */
  List<JsonNode> traces() {
    List<JsonNode> out = new ArrayList<>();
    for (Received r : received) {
      if (r.body() != null) {
        r.body().get("traces").forEach(out::add);
      }
    }
    return out;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] raw = exchange.getRequestBody().readAllBytes();
    JsonNode body = null;
    try {
      InputStream in = new ByteArrayInputStream(raw);
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new GZIPInputStream(in);
      }
      body = JSON.readTree(in);
    } catch (IOException e) {
      body = null;
    }
    received.add(new Received(System.nanoTime(), Map.copyOf(exchange.getRequestHeaders()), body));
    Answer answer = script.pollFirst();
    if (answer == null) {
      answer = fallback;
    }
    if (answer.hold() != null) {
      try {
        answer.hold().await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      exchange.getResponseBody().write(out);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
