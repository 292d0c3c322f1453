package ai.nora.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An item acknowledged to a client survives the server being killed with SIGKILL the next moment:
 * the server runs in its own JVM, a client ingests batches as fast as it can, the server is killed
 * mid-stream, restarted on the same database, and every acknowledged trace is there, whole.
 */
class CrashDurabilityTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void everyAcknowledgedItem_survivesAKill9() throws Exception {
    Path dir = Files.createTempDirectory("nora-crash");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process server = startServer(dir, port);
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    try {
      awaitHealthy(port);
      Thread client = new Thread(() -> ingestUntilFailure(port, acknowledged));
      client.start();
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
          .until(() -> acknowledged.size() >= 150);
      server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
      client.join(20_000);
    } finally {
      server.destroyForcibly();
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(150);

    Process again = startServer(dir, port);
    try {
      awaitHealthy(port);
      List<String> missing = new ArrayList<>();
      for (String traceId : acknowledged) {
        HttpResponse<String> r = HTTP.send(request(port, "/v1/traces/" + traceId).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode trace = r.statusCode() == 200 ? TestServer.JSON.readTree(r.body()) : null;
        if (trace == null || trace.get("spans").size() != 3
            || !"success".equals(trace.get("status").asText())) {
          missing.add(traceId);
        }
      }
      assertThat(missing).as("acknowledged but lost or half-written").isEmpty();
    } finally {
      again.destroyForcibly();
      again.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static void ingestUntilFailure(int port, List<String> acknowledged) {
    for (int n = 1; n < 1_000_000; n++) {
      String traceId = String.format("%032x", 0xabc000000L + n);
      String body = batch(traceId);
      try {
        HttpResponse<String> r = HTTP.send(request(port, "/v1/ingest")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          acknowledged.add(traceId);
        }
      } catch (Exception e) {
        return; // the server is gone
      }
    }
  }

  static String batch(String traceId) {
    String start = java.time.Instant.now().minusSeconds(5).toString();
    String end = java.time.Instant.now().toString();
    StringBuilder spans = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      if (i > 1) {
        spans.append(',');
      }
      spans.append("{\"id\":\"").append(String.format("%016x", 0x1000L + i)).append("\",\"trace_id\":\"")
          .append(traceId).append("\",\"parent_id\":").append(i == 1 ? "null" : "\"0000000000001001\"")
          .append(",\"type\":\"").append(i == 1 ? "group" : "generation").append("\",\"name\":\"s")
          .append(i).append("\",\"status\":\"success\",\"start_time\":\"").append(start)
          .append("\",\"end_time\":\"").append(end)
          .append("\",\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}");
    }
    return "{\"traces\":[{\"id\":\"" + traceId + "\",\"name\":\"crash\",\"status\":\"success\","
        + "\"start_time\":\"" + start + "\",\"end_time\":\"" + end + "\"}],\"spans\":[" + spans + "]}";
  }

  private static HttpRequest.Builder request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + TestServer.KEY)
        .header("Content-Type", "application/json");
  }

  private static Process startServer(Path dir, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "ai.nora.server.NoraServer", "serve")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("NORA_PORT", String.valueOf(port));
    env.put("NORA_HOST", "127.0.0.1");
    env.put("NORA_DB_URL", "jdbc:sqlite:" + dir.resolve("nora.db"));
    env.put("NORA_INIT_API_KEY", TestServer.KEY);
    return pb.start();
  }

  private static void awaitHealthy(int port) {
    Awaitility.await("the server on port " + port + " answering its health check")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .until(() -> HTTP.send(request(port, "/v1/health").GET().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
  }
}
