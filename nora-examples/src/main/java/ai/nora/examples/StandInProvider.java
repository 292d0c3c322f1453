package ai.nora.examples;

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
 * it answers each API's requests with responses recorded from the real services (a plain answer,
 * a tool call when the request offers tools and has no tool results yet, a stream when one is
 * asked for). The answers do not depend on the question. A prompt containing {@link
 * #RATE_LIMITED} is refused with 429 twice before it is answered, for the retry example.
 */
public final class StandInProvider implements AutoCloseable {
  /** Put in a prompt to be rate-limited twice first. */
  public static final String RATE_LIMITED = "(simulate a rate limit)";

  private final HttpServer server;
  private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

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
    boolean stream = body.contains("\"stream\":true") || path.endsWith(":streamGenerateContent");
    String fixture;
    if (path.endsWith("/chat/completions")) {
      fixture = offersTools(body) && !body.contains("\"role\":\"tool\"") ? "openai/chat-tool-call.json"
          : stream ? "openai/chat-stream.sse" : "openai/chat-plain.json";
    } else if (path.endsWith("/embeddings")) {
      fixture = "openai/embeddings.json";
    } else if (path.endsWith("/responses")) {
      fixture = "openai/responses-plain.json";
    } else if (path.endsWith("/messages")) {
      fixture = offersTools(body) && !body.contains("\"tool_result\"") ? "anthropic/messages-tool-use.json"
          : stream ? "anthropic/messages-stream.sse" : "anthropic/messages-plain.json";
    } else if (path.contains(":generateContent") || path.contains(":streamGenerateContent")) {
      fixture = offersTools(body) && !body.contains("\"functionResponse\"") ? "gemini/generate-function-call.json"
          : stream ? "gemini/generate-stream.sse" : "gemini/generate-plain.json";
    } else {
      send(ex, 404, "application/json", ("{\"error\":{\"message\":\"the stand-in does not answer " + path
          + "\"}}").getBytes(StandardCharsets.UTF_8));
      return;
    }
    send(ex, 200, fixture.endsWith(".sse") ? "text/event-stream" : "application/json", fixture(fixture));
  }

  private static boolean offersTools(String body) {
    return body.contains("\"tools\":[{");
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
