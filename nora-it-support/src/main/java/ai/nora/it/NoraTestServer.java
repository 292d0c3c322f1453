package ai.nora.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.ApiKeys;
import ai.nora.server.ServerApp;
import ai.nora.server.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** A real nora-server with an embedded database, and its traces read back through its API. */
public final class NoraTestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final ServerApp server;
  private final String key;

  public NoraTestServer() {
    try {
      Map<String, String> env = Map.of("NORA_PORT", "0", "NORA_HOST", "127.0.0.1",
          "NORA_DB_URL", "jdbc:sqlite:" + Files.createTempDirectory("nora-it").resolve("nora.db"));
      server = ServerApp.start(ServerConfig.from(List.of(), env));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    key = ApiKeys.newSecret();
    new ApiKeys(server.keyStore()).add("default", "integration test", key, 1L);
  }

  /** The API base an SDK sends to. */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.port() + "/v1";
  }

  /** A key of the project. */
  public String key() {
    return key;
  }

  /**
   * The one trace the list {@code query} finds (such as {@code session_id=s1}), once it has
   * {@code spanCount} spans; {@code beforeEachLook} runs first each time (a flush).
   */
  public JsonNode readBack(String query, int spanCount, Runnable beforeEachLook) {
    JsonNode[] found = new JsonNode[1];
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      beforeEachLook.run();
      JsonNode list = get("/v1/traces?limit=10&" + query).get("data");
      assertThat(list).as("traces of " + query).hasSize(1);
      JsonNode trace = get("/v1/traces/" + list.get(0).get("id").asText());
      assertThat(trace.get("spans")).as("spans of " + query + ": " + trace.get("spans")).hasSize(spanCount);
      found[0] = trace;
    });
    return found[0];
  }

  /** A GET of the API, answered 200. */
  public JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    server.close();
  }
}
