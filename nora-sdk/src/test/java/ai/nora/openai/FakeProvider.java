package ai.nora.openai;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A local stand-in for an LLM provider: answers each request with the next queued response. */
public final class FakeProvider implements AutoCloseable {
  /** One answer. */
  public record Answer(int status, String contentType, byte[] body) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  public final List<String> requests = new CopyOnWriteArrayList<>();

  public FakeProvider() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Answer a = answers.poll();
      if (a == null) {
        a = new Answer(500, "application/json", "{\"error\":{\"message\":\"no answer queued\"}}".getBytes());
      }
      exchange.getResponseHeaders().add("Content-Type", a.contentType());
      exchange.sendResponseHeaders(a.status(), a.body().length);
      exchange.getResponseBody().write(a.body());
      exchange.close();
    });
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues a recorded response from the test resources. */
  public FakeProvider answer(String fixture) {
    String type = fixture.endsWith(".sse") ? "text/event-stream" : "application/json";
    answers.add(new Answer(200, type, fixture(fixture)));
    return this;
  }

  public FakeProvider answer(int status, String json) {
    answers.add(new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  static byte[] fixture(String name) {
    try (InputStream in = FakeProvider.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
