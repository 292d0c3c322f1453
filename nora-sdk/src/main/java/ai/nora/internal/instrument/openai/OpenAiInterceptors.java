package ai.nora.internal.instrument.openai;

import ai.nora.internal.instrument.Proxies;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.async.EmbeddingServiceAsync;
import com.openai.services.async.ResponseServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.EmbeddingService;
import com.openai.services.blocking.ResponseService;
import com.openai.services.blocking.chat.ChatCompletionService;

/**
 * The proxies that trace openai-java clients: each level re-wraps what it hands out ({@code
 * chat()}, {@code completions()}, {@code responses()}, {@code embeddings()}, {@code async()},
 * {@code withOptions(..)}), and the services record {@code create} and {@code createStreaming}
 * through {@link OpenAiHooks}, as the woven advice does. This class is internal and is hence not
 * for public use.
 */
public final class OpenAiInterceptors {
  private OpenAiInterceptors() {}

  public static OpenAIClient client(OpenAIClient client) {
    return Proxies.wrap(OpenAIClient.class, client, (m, args, proceed) -> {
      Object result = proceed.call();
      switch (m.getName()) {
        case "chat":
          return chat((ChatService) result);
        case "responses":
          return Proxies.recordingService(ResponseService.class, (ResponseService) result, OpenAiHooks.INSTANCE);
        case "embeddings":
          return Proxies.recordingService(EmbeddingService.class, (EmbeddingService) result, OpenAiHooks.INSTANCE);
        case "async":
          return asyncClient((OpenAIClientAsync) result);
        case "withOptions":
          return client((OpenAIClient) result);
        default:
          return result;
      }
    });
  }

  public static OpenAIClientAsync asyncClient(OpenAIClientAsync client) {
    return Proxies.wrap(OpenAIClientAsync.class, client, (m, args, proceed) -> {
      Object result = proceed.call();
      switch (m.getName()) {
        case "chat":
          return asyncChat((ChatServiceAsync) result);
        case "responses":
          return Proxies.recordingService(ResponseServiceAsync.class, (ResponseServiceAsync) result,
              OpenAiHooks.INSTANCE);
        case "embeddings":
          return Proxies.recordingService(EmbeddingServiceAsync.class, (EmbeddingServiceAsync) result,
              OpenAiHooks.INSTANCE);
        case "sync":
          return client((OpenAIClient) result);
        case "withOptions":
          return asyncClient((OpenAIClientAsync) result);
        default:
          return result;
      }
    });
  }

  static ChatService chat(ChatService chat) {
    return Proxies.wrap(ChatService.class, chat, (m, args, proceed) -> {
      Object r = proceed.call();
      if (m.getName().equals("completions")) {
        return Proxies.recordingService(ChatCompletionService.class, (ChatCompletionService) r, OpenAiHooks.INSTANCE);
      }
      return m.getName().equals("withOptions") ? chat((ChatService) r) : r;
    });
  }

  static ChatServiceAsync asyncChat(ChatServiceAsync chat) {
    return Proxies.wrap(ChatServiceAsync.class, chat, (m, args, proceed) -> {
      Object r = proceed.call();
      if (m.getName().equals("completions")) {
        return Proxies.recordingService(ChatCompletionServiceAsync.class, (ChatCompletionServiceAsync) r,
            OpenAiHooks.INSTANCE);
      }
      return m.getName().equals("withOptions") ? asyncChat((ChatServiceAsync) r) : r;
    });
  }
}
