package ai.nora.server.ingest.otlp;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Provider names as Nora's SDK writes them, from what conventions send. */
final class Providers {
  /** The GenAI registry's names (and other libraries') that Nora names otherwise. */
  private static final Map<String, String> RENAMED = Map.ofEntries(
      Map.entry("gcp.gemini", "gemini"), Map.entry("gcp.gen_ai", "gemini"),
      Map.entry("gcp.vertex_ai", "gemini"), Map.entry("vertex_ai", "gemini"), Map.entry("vertexai", "gemini"),
      Map.entry("google", "gemini"), Map.entry("az.ai.openai", "azure"), Map.entry("azure.ai.openai", "azure"),
      Map.entry("aws.bedrock", "bedrock"));

  /** Model families and their provider, for conventions that name a model only (Langfuse's). */
  private static final List<Map.Entry<String, String>> MODEL_FAMILIES = List.of(
      Map.entry("gpt-", "openai"), Map.entry("o1", "openai"), Map.entry("o3", "openai"),
      Map.entry("o4", "openai"), Map.entry("text-embedding-", "openai"), Map.entry("chatgpt-", "openai"),
      Map.entry("claude-", "anthropic"), Map.entry("gemini-", "gemini"), Map.entry("mistral-", "mistral"),
      Map.entry("command-", "cohere"));

  private Providers() {}

  /** A provider as sent, lower case, renamed where Nora names it otherwise; null stays null. */
  static String named(String p) {
    if (p == null) {
      return null;
    }
    String s = p.trim().toLowerCase(Locale.ROOT);
    return RENAMED.getOrDefault(s, s);
  }

  /** The provider of a model's family, or null. */
  static String ofModel(String model) {
    if (model == null) {
      return null;
    }
    String m = model.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> family : MODEL_FAMILIES) {
      if (m.startsWith(family.getKey())) {
        return family.getValue();
      }
    }
    return null;
  }
}
