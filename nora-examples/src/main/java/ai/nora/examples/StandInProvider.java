package ai.nora.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for OpenAI, Anthropic and Gemini, for running the examples without API keys:
 * it answers each API's requests in that API's shape (recorded responses of the real services as
 * templates), with the answer written for the example asking ({@link StandInAnswers}): a text, a
 * tool call when the example's prompt asks for one and the request offers tools, a stream when one
 * is asked for. A prompt containing {@link #RATE_LIMITED} is refused with 429 twice before it is
 * answered, for the retry example.
 */
public final class StandInProvider implements AutoCloseable {
  /** Put in a prompt to be rate-limited twice first. */
  public static final String RATE_LIMITED = "(simulate a rate limit)";

  private final HttpServer server;
  private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final StandInReplies replies = new StandInReplies(StandInAnswers.load());
  private static final ObjectMapper JSON = new ObjectMapper();

  public StandInProvider() {
    try {
      System.setProperty("sun.net.httpserver.nodelay", "true");
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "nora-stand-in-provider");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::answer);
    server.start();
  }

  /** The base URL, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests it has answered. */
  public int requests() {
    return requests.get();
  }

  private void answer(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = ex.getRequestURI().getPath();
    if (body.contains(RATE_LIMITED)
        && refusals.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet() <= 2) {
      send(ex, 429, "application/json", ("{\"error\":{\"message\":\"Rate limit reached (stand-in)\","
          + "\"type\":\"rate_limit_error\",\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}").getBytes(StandardCharsets.UTF_8));
      return;
    }
    StandInReplies.Reply reply;
    try {
      JsonNode request = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
      if (path.endsWith("/chat/completions")) {
        reply = replies.openAiChat(request);
      } else if (path.endsWith("/embeddings")) {
        reply = new StandInReplies.Reply("application/json", new String(fixture("openai/embeddings.json"), StandardCharsets.UTF_8));
      } else if (path.endsWith("/messages")) {
        reply = replies.anthropic(request);
      } else if (path.contains(":generateContent") || path.contains(":streamGenerateContent")) {
        reply = replies.gemini(path, request);
      } else {
        send(ex, 404, "application/json", ("{\"error\":{\"message\":\"the stand-in does not answer " + path
            + "\"}}").getBytes(StandardCharsets.UTF_8));
        return;
      }
    } catch (IOException | RuntimeException e) {
      send(ex, 400, "application/json", ("{\"error\":{\"message\":\"the stand-in could not read this request: "
          + e.getClass().getSimpleName() + "\"}}").getBytes(StandardCharsets.UTF_8));
      return;
    }
    send(ex, 200, reply.contentType(), reply.body().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private static byte[] fixture(String name) {
    try (InputStream in = StandInProvider.class.getResourceAsStream("/standin/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the stand-in's recording " + name + " is missing from this build");
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
