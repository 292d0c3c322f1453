package ai.nora.examples;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.List;
import java.util.Map;

/**
 * "Quick start": after {@code Nora.init}, a plain call to each provider is traced with nothing
 * else; a call made outside any group is a trace of its own. And the options of init.
 */
final class QuickStartExamples {
  private QuickStartExamples() {}

  static List<Example> all() {
    return List.of(
        new Example("quickstart-openai", "Quick start", "OpenAI: one call, traced by init alone",
            "openai.chat gpt-4o-mini", p -> p.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(p.openAiModel()).addUserMessage("Hello!").build()).choices().get(0).message().content().orElse("")),
        new Example("quickstart-anthropic", "Quick start", "Anthropic (Claude): one call",
            "anthropic.messages claude-haiku-4-5", p -> p.anthropic.messages().create(MessageCreateParams.builder()
                .model(Model.CLAUDE_HAIKU_4_5).maxTokens(256).addUserMessage("Hello, Claude!").build())
                .content().get(0).asText().text()),
        new Example("quickstart-gemini", "Quick start", "Google Gemini: one call",
            "gemini.generate_content gemini-2.5-flash",
            p -> p.gemini.models.generateContent("gemini-2.5-flash", "Hello, Gemini!", null).text()),
        new Example("init-options", "Nora.init", "init options: environment, service URL (then back)",
            "staging_checkout", p -> {
              NoraConfig demo = Nora.config();
              // A second init replaces the first; the first's queued traces are delivered before.
              Nora.init(NoraConfig.builder().apiKey(demo.apiKey()).apiUrl(demo.apiUrl())
                  .environment("staging").serviceUrl("https://shop.example/feedback")
                  .tracedFunctions(demo.tracedFunctions()).build());
              try {
                return Nora.traceGroup("staging_checkout", Map.of(), () -> p.openai.chat().completions()
                    .create(ChatCompletionCreateParams.builder().model(p.openAiModel())
                        .addUserMessage("Confirm the checkout").build()).id());
              } finally {
                Nora.init(demo);
              }
            }));
  }
}
