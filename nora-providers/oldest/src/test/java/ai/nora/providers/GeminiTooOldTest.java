package ai.nora.providers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.gemini.NoraGemini;
import com.google.genai.Client;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs (execution {@code gemini-too-old}) with a google-genai older than the supported range,
 * which lacks what the explicit wrapper needs: wrapping must not break the application, only
 * build the client untraced and say so once.
 */
class GeminiTooOldTest {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final Logger logger = Logger.getLogger("ai.nora");

  @BeforeEach
  void listen() {
    logger.addHandler(handler);
  }

  @AfterEach
  void stop() {
    logger.removeHandler(handler);
  }

  @Test
  void wrap_onAGoogleGenaiTooOld_buildsTheClientUntraced_andSaysSoOnce() throws Exception {
    String version = Client.class.getPackage().getImplementationVersion();
    assertThat(com.google.genai.types.ClientOptions.Builder.class.getMethods())
        .as("this run needs a google-genai without customHttpClient (it has %s)", version)
        .noneMatch(m -> m.getName().equals("customHttpClient"));

    try (Client first = NoraGemini.wrap(Client.builder().apiKey("test-key"));
        Client second = NoraGemini.wrap(Client.builder().apiKey("test-key"))) {
      assertThat(first).isNotNull();
      assertThat(second).isNotNull();
      assertThat(first.models).isNotNull();
    }

    List<LogRecord> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getMessage()).contains("older than 1.58.0").contains("not traced");
  }
}
