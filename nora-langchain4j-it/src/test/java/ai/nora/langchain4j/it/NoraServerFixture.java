package ai.nora.langchain4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.langchain4j.NoraLangChain4j;
import ai.nora.server.ApiKeys;
import ai.nora.server.ServerApp;
import ai.nora.server.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A real nora-server with an embedded database, Nora pointed at it the way this JVM was started
 * ({@code nora.test.way}: {@code autopatch}, {@code agent} or {@code explicit}), and the traces
 * read back through the server's API.
 */
final class NoraServerFixture implements AutoCloseable {
  static final String WAY = System.getProperty("nora.test.way", "autopatch");
  static final boolean EXPLICIT = WAY.equals("explicit");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final ServerApp server;
  private final String key;

  NoraServerFixture() throws Exception {
    Map<String, String> env = Map.of("NORA_PORT", "0", "NORA_HOST", "127.0.0.1",
        "NORA_DB_URL", "jdbc:sqlite:" + Files.createTempDirectory("nora-lc4j").resolve("nora.db"));
    server = ServerApp.start(ServerConfig.from(List.of(), env));
    key = ApiKeys.newSecret();
    new ApiKeys(server.keyStore()).add("default", "langchain4j test", key, 1L);
    Nora.init(NoraConfig.builder().apiKey(key).apiUrl("http://127.0.0.1:" + server.port() + "/v1")
        .environment("test").autoPatch(!EXPLICIT).build());
  }

  /** The listeners a model gets: Nora's in the explicit way, none otherwise. */
  static List<ChatModelListener> listeners() {
    return EXPLICIT ? List.of(NoraLangChain4j.listener()) : List.of();
  }

  /** The one trace of the session, once its {@code spanCount} spans have arrived. */
  JsonNode readBack(String session, int spanCount) {
    JsonNode[] found = new JsonNode[1];
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(Nora.flush()).isTrue();
      JsonNode list = get("/v1/traces?limit=10&session_id=" + URLEncoder.encode(session, StandardCharsets.UTF_8)).get("data");
      assertThat(list).as("traces of " + session).hasSize(1);
      JsonNode trace = get("/v1/traces/" + list.get(0).get("id").asText());
      assertThat(trace.get("spans")).as("spans of " + session).hasSize(spanCount);
      found[0] = trace;
    });
    return found[0];
  }

  JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    Nora.shutdown();
    server.close();
  }
}
