package ai.nora.langchain4j.it;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.List;

/** The LangChain4j provider modules under test, each built against the fake LLM. */
enum Provider {
  OPENAI("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 80L, true),
  ANTHROPIC("anthropic", "claude-3-5-haiku-20241022", "claude-3-5-haiku-20241022", 60L, true),
  GEMINI("gemini", "gemini-2.0-flash", "gemini-2.0-flash-001", 70L, false),
  OLLAMA("ollama", "llama3.2", "llama3.2", 65L, false);

  final String noraName;
  final String model;
  final String answeredBy;
  final long firstCallInputTokens;
  /** Whether the provider gives tool calls ids (Gemini and Ollama do not). */
  final boolean toolCallIds;

  Provider(String noraName, String model, String answeredBy, long firstCallInputTokens, boolean toolCallIds) {
    this.noraName = noraName;
    this.model = model;
    this.answeredBy = answeredBy;
    this.firstCallInputTokens = firstCallInputTokens;
    this.toolCallIds = toolCallIds;
  }

  ChatModel chatModel(String url, List<ChatModelListener> listeners) {
    switch (this) {
      case OPENAI:
        return OpenAiChatModel.builder().baseUrl(url + "/v1").apiKey("test").modelName(model)
            .temperature(0.2).listeners(listeners).build();
      case ANTHROPIC:
        return AnthropicChatModel.builder().baseUrl(url + "/v1/").apiKey("test").modelName(model)
            .temperature(0.2).maxTokens(512).listeners(listeners).build();
      case GEMINI:
        return GoogleAiGeminiChatModel.builder().baseUrl(url + "/v1beta").apiKey("test").modelName(model)
            .temperature(0.2).listeners(listeners).build();
      default:
        return OllamaChatModel.builder().baseUrl(url).modelName(model).temperature(0.2)
            .listeners(listeners).build();
    }
  }

  StreamingChatModel streamingModel(String url, List<ChatModelListener> listeners) {
    switch (this) {
      case OPENAI:
        return OpenAiStreamingChatModel.builder().baseUrl(url + "/v1").apiKey("test").modelName(model)
            .temperature(0.2).listeners(listeners).build();
      case ANTHROPIC:
        return AnthropicStreamingChatModel.builder().baseUrl(url + "/v1/").apiKey("test").modelName(model)
            .temperature(0.2).maxTokens(512).listeners(listeners).build();
      case GEMINI:
        return GoogleAiGeminiStreamingChatModel.builder().baseUrl(url + "/v1beta").apiKey("test").modelName(model)
            .temperature(0.2).listeners(listeners).build();
      default:
        return OllamaStreamingChatModel.builder().baseUrl(url).modelName(model).temperature(0.2)
            .listeners(listeners).build();
    }
  }
}
