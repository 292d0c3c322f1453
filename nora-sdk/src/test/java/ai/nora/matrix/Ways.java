package ai.nora.matrix;

import ai.nora.anthropic.NoraAnthropic;
import ai.nora.gemini.NoraGemini;
import ai.nora.internal.instrument.AutoPatch;
import ai.nora.openai.NoraOpenAI;
import com.anthropic.client.AnthropicClient;
import com.google.genai.Client;
import com.openai.client.OpenAIClient;
import java.util.List;

/**
 * The way in that this run of the matrix tests: {@code wrap} (explicit wrapping, the default),
 * {@code autopatch} (what {@code Nora.init} does: the JVM instrumented in process; its own Surefire
 * run) or {@code agent} (the JVM started with {@code -javaagent:nora-agent.jar}; nora-agent's
 * integration tests). The same tests, the same assertions, three ways.
 */
final class Ways {
  static final String WAY = System.getProperty("nora.test.way", "wrap");

  private Ways() {}

  /** Instruments the JVM, once, when this is the auto-patch run. */
  static void prepare() {
    if (WAY.equals("autopatch")) {
      AutoPatch.install(Ways.class.getClassLoader(), List.of());
      if (AutoPatch.patched().isEmpty()) {
        throw new IllegalStateException("auto-patch instrumented nothing");
      }
    }
  }

  static boolean wrapping() {
    return WAY.equals("wrap");
  }

  static OpenAIClient openai(OpenAIClient client) {
    return wrapping() ? NoraOpenAI.wrap(client) : client;
  }

  static AnthropicClient anthropic(AnthropicClient client) {
    return wrapping() ? NoraAnthropic.wrap(client) : client;
  }

  static Client gemini(Client.Builder builder) {
    return wrapping() ? NoraGemini.wrap(builder) : builder.build();
  }
}
