package ai.nora.instrument.openai;

import ai.nora.instrument.Proxies;
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
          return Proxies.wrap(ChatService.class, (ChatService) result, (m2, a2, p2) -> {
            Object r = p2.call();
            return m2.getName().equals("completions") ? Proxies.recordingService(
                ChatCompletionService.class, (ChatCompletionService) r, OpenAiHooks.INSTANCE) : r;
          });
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
          return Proxies.wrap(ChatServiceAsync.class, (ChatServiceAsync) result, (m2, a2, p2) -> {
            Object r = p2.call();
            return m2.getName().equals("completions") ? Proxies.recordingService(
                ChatCompletionServiceAsync.class, (ChatCompletionServiceAsync) r, OpenAiHooks.INSTANCE) : r;
          });
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
}
