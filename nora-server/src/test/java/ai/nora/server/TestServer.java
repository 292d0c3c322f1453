package ai.nora.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** A server on a free port with a fresh SQLite database, and a small client for it. */
public final class TestServer implements AutoCloseable {
  public static final String KEY = "nora_test_key_for_the_default_project";
  static final ObjectMapper JSON = new ObjectMapper();

  public final ServerApp app;
  private final HttpClient http = HttpClient.newHttpClient();

  public TestServer(ServerApp app) {
    this.app = app;
  }

  public static TestServer start() {
    return start(Map.of());
  }

  public static TestServer start(Map<String, String> env) {
    try {
      Path dir = Files.createTempDirectory("nora-server");
      Map<String, String> all = new java.util.HashMap<>(Map.of(
          "NORA_PORT", "0",
          "NORA_HOST", "127.0.0.1",
          "NORA_DB_URL", "jdbc:sqlite:" + dir.resolve("nora.db"),
          "NORA_INIT_API_KEY", KEY));
      all.putAll(env);
      return new TestServer(ServerApp.start(ServerConfig.from(List.of(), all)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A key of a new project of its own, so that a test sees its own data only. */
  public String newProjectKey() {
    String project = "p-" + java.util.UUID.randomUUID();
    app.keyStore().ensureProject(project, project);
    String key = "nora_" + java.util.UUID.randomUUID();
    new ApiKeys(app.keyStore()).add(project, "test", key, System.currentTimeMillis() * 1000);
    return key;
  }

  public String base() {
    return "http://127.0.0.1:" + app.port();
  }

  /** An answer: status and parsed JSON body (null when the body is not JSON). */
  public record Answer(int status, JsonNode body, String text, HttpResponse<byte[]> raw) {}

  public Answer get(String path) {
    return send("GET", path, KEY, null, null);
  }

  public Answer get(String path, String key) {
    return send("GET", path, key, null, null);
  }

  public Answer post(String path, Object json) {
    return send("POST", path, KEY, json, null);
  }

  public Answer patch(String path, Object json) {
    return send("PATCH", path, KEY, json, null);
  }

  public Answer send(String method, String path, String key, Object json, Map<String, String> headers) {
    try {
      byte[] body = json == null ? null
          : json instanceof byte[] ? (byte[]) json
          : json instanceof String ? ((String) json).getBytes(StandardCharsets.UTF_8)
          : JSON.writeValueAsBytes(json);
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      if (key != null) {
        b.header("Authorization", "Bearer " + key);
      }
      if (headers != null) {
        headers.forEach(b::setHeader);
      }
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      String text = new String(r.body(), StandardCharsets.UTF_8);
      JsonNode parsed;
      try {
        parsed = text.isEmpty() ? null : JSON.readTree(text);
      } catch (IOException e) {
        parsed = null;
      }
      return new Answer(r.statusCode(), parsed, text, r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static byte[] gzip(byte[] raw) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream z = new GZIPOutputStream(out)) {
        z.write(raw);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    app.close();
  }
}
