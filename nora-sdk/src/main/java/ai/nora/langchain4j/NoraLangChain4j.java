package ai.nora.langchain4j;

import ai.nora.internal.instrument.langchain4j.NoraChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelListener;

/**
 * Traces LangChain4j chat models explicitly, for teams that turn auto-patch off:
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *     .apiKey(key).modelName("gpt-4o-mini")
 *     .listeners(List.of(NoraLangChain4j.listener()))
 *     .build();
 * }</pre>
 *
 * <p>Each call of such a model, sync or streamed, whatever the provider module, is a generation
 * span: provider, requested and returned model, parameters, tool specifications, messages by
 * role, output, tool calls, finish reason, usage, cost, errors. Tool results sent back in a later
 * request become tool spans. With auto-patch on (the default) nothing is needed: every model is
 * traced, built before or after {@code Nora.init}, and AI service calls, tool executions and
 * retrievals become spans of their own; a model that also has this listener is recorded once.
 */
public final class NoraLangChain4j {
  private NoraLangChain4j() {}

  /** The listener to add to a model's builder ({@code .listeners(...)}). */
  public static ChatModelListener listener() {
    return NoraChatModelListener.INSTANCE;
  }
}
