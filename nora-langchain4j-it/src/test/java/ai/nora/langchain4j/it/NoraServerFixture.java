package ai.nora.langchain4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.it.NoraTestServer;
import ai.nora.langchain4j.NoraLangChain4j;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A real nora-server, Nora pointed at it the way this JVM was started ({@code nora.test.way}:
 * {@code autopatch}, {@code agent} or {@code explicit}), and the traces read back by session.
 */
final class NoraServerFixture implements AutoCloseable {
  static final String WAY = System.getProperty("nora.test.way", "autopatch");
  static final boolean EXPLICIT = WAY.equals("explicit");

  private final NoraTestServer server = new NoraTestServer();

  NoraServerFixture() {
    Nora.init(NoraConfig.builder().apiKey(server.key()).apiUrl(server.apiUrl())
        .environment("test").autoPatch(!EXPLICIT).build());
  }

  /** The listeners a model gets: Nora's in the explicit way, none otherwise. */
  static List<ChatModelListener> listeners() {
    return EXPLICIT ? List.of(NoraLangChain4j.listener()) : List.of();
  }

  /** The one trace of the session, once its {@code spanCount} spans have arrived. */
  JsonNode readBack(String session, int spanCount) {
    return server.readBack("session_id=" + URLEncoder.encode(session, StandardCharsets.UTF_8), spanCount,
        () -> assertThat(Nora.flush()).isTrue());
  }

  @Override
  public void close() {
    Nora.shutdown();
    server.close();
  }
}
