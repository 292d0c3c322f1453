package ai.nora.examples;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.util.Map;

/**
 * The provider clients the examples use: the real services where the environment has their keys
 * ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}, {@code GOOGLE_API_KEY} or {@code
 * GEMINI_API_KEY}; {@code OPENAI_BASE_URL} points OpenAI's at any compatible server), the stand-in
 * for the others.
 */
public final class Providers implements AutoCloseable {
  public final OpenAIClient openai;
  public final AnthropicClient anthropic;
  public final Client gemini;
  /** Which providers are the stand-in. */
  public final Map<String, Boolean> standIn;
  /** Where the OpenAI client goes, and its key: for frameworks that build their own clients. */
  public final String openAiBaseUrl;
  public final String openAiKey;
  private final StandInProvider standInServer;

  private Providers(OpenAIClient openai, AnthropicClient anthropic, Client gemini, Map<String, Boolean> standIn,
      StandInProvider server, String openAiBaseUrl, String openAiKey) {
    this.openai = openai;
    this.openAiBaseUrl = openAiBaseUrl;
    this.openAiKey = openAiKey;
    this.anthropic = anthropic;
    this.gemini = gemini;
    this.standIn = standIn;
    this.standInServer = server;
  }

  /** Clients from the environment, the stand-in where a key is missing. */
  public static Providers fromEnvironment(Map<String, String> env) {
    boolean realOpenAi = env.containsKey("OPENAI_API_KEY") || env.containsKey("OPENAI_BASE_URL");
    boolean realAnthropic = env.containsKey("ANTHROPIC_API_KEY");
    String googleKey = env.getOrDefault("GOOGLE_API_KEY", env.get("GEMINI_API_KEY"));
    boolean realGemini = googleKey != null;
    StandInProvider server = realOpenAi && realAnthropic && realGemini ? null : new StandInProvider();
    OpenAIClient openai = realOpenAi
        ? OpenAIOkHttpClient.builder().fromEnv().apiKey(env.getOrDefault("OPENAI_API_KEY", "none")).build()
        : OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey("stand-in").maxRetries(0).build();
    AnthropicClient anthropic = realAnthropic ? AnthropicOkHttpClient.fromEnv()
        : AnthropicOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("stand-in").maxRetries(0).build();
    Client gemini = realGemini ? Client.builder().apiKey(googleKey).build()
        : Client.builder().apiKey("stand-in").httpOptions(HttpOptions.builder().baseUrl(server.baseUrl() + "/").build())
            .build();
    String openAiBaseUrl = realOpenAi ? env.getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1")
        : server.baseUrl() + "/v1";
    return new Providers(openai, anthropic, gemini,
        Map.of("openai", !realOpenAi, "anthropic", !realAnthropic, "gemini", !realGemini), server,
        openAiBaseUrl, realOpenAi ? env.getOrDefault("OPENAI_API_KEY", "none") : "stand-in");
  }

  /** Clients of the stand-in alone (tests). */
  public static Providers standIn() {
    return fromEnvironment(Map.of());
  }

  /** The model the examples ask OpenAI for. */
  public String openAiModel() {
    return System.getenv().getOrDefault("NORA_DEMO_OPENAI_MODEL", "gpt-4o-mini");
  }

  @Override
  public void close() {
    openai.close();
    anthropic.close();
    gemini.close();
    if (standInServer != null) {
      standInServer.close();
    }
  }
}
