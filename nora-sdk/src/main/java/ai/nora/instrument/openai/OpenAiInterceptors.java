package ai.nora.instrument.openai;

import ai.nora.instrument.LlmCall;
import ai.nora.instrument.Proxies;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.chat.ChatCompletionService;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The proxies that trace openai-java clients: each level re-wraps what it hands out ({@code
 * chat()}, {@code completions()}, {@code async()}, {@code withOptions(..)}), and the chat
 * completion services record {@code create} and {@code createStreaming}. This class is internal
 * and is hence not for public use.
 */
public final class OpenAiInterceptors {
  private OpenAiInterceptors() {}

  public static OpenAIClient client(OpenAIClient client) {
    return Proxies.wrap(OpenAIClient.class, client, (m, args, proceed) -> {
      Object result = proceed.call();
      switch (m.getName()) {
        case "chat":
          return chat((ChatService) result);
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
      Object result = proceed.call();
      if (m.getName().equals("completions")) {
        return completions((ChatCompletionService) result);
      }
      return m.getName().equals("withOptions") ? chat((ChatService) result) : result;
    });
  }

  static ChatServiceAsync asyncChat(ChatServiceAsync chat) {
    return Proxies.wrap(ChatServiceAsync.class, chat, (m, args, proceed) -> {
      Object result = proceed.call();
      if (m.getName().equals("completions")) {
        return asyncCompletions((ChatCompletionServiceAsync) result);
      }
      return m.getName().equals("withOptions") ? asyncChat((ChatServiceAsync) result) : result;
    });
  }

  static ChatCompletionService completions(ChatCompletionService service) {
    return Proxies.wrap(ChatCompletionService.class, service, (m, args, proceed) -> {
      ChatCompletionCreateParams params = params(m, args);
      if (params == null) {
        Object result = proceed.call();
        return m.getName().equals("withOptions") ? completions((ChatCompletionService) result) : result;
      }
      boolean stream = m.getName().equals("createStreaming");
      LlmCall call = LlmCall.start(OpenAiChatAdapter.spanName(params),
          () -> OpenAiChatAdapter.request(params, stream));
      Object result;
      try {
        result = LlmCall.recordedHere(proceed);
      } catch (Throwable t) {
        call.fail(t, OpenAiChatAdapter.status(t));
        throw t;
      }
      if (stream) {
        @SuppressWarnings("unchecked")
        StreamResponse<ChatCompletionChunk> s = (StreamResponse<ChatCompletionChunk>) result;
        return call.isRecording() ? new TracedStreamResponse(s, call) : s;
      }
      call.succeed((ChatCompletion) result, OpenAiChatAdapter::response);
      return result;
    });
  }

  static ChatCompletionServiceAsync asyncCompletions(ChatCompletionServiceAsync service) {
    return Proxies.wrap(ChatCompletionServiceAsync.class, service, (m, args, proceed) -> {
      ChatCompletionCreateParams params = params(m, args);
      if (params == null) {
        Object result = proceed.call();
        return m.getName().equals("withOptions")
            ? asyncCompletions((ChatCompletionServiceAsync) result) : result;
      }
      boolean stream = m.getName().equals("createStreaming");
      LlmCall call = LlmCall.start(OpenAiChatAdapter.spanName(params),
          () -> OpenAiChatAdapter.request(params, stream));
      Object result;
      try {
        result = LlmCall.recordedHere(proceed);
      } catch (Throwable t) {
        call.fail(t, OpenAiChatAdapter.status(t));
        throw t;
      }
      if (!call.isRecording()) {
        return result;
      }
      if (stream) {
        @SuppressWarnings("unchecked")
        AsyncStreamResponse<ChatCompletionChunk> s = (AsyncStreamResponse<ChatCompletionChunk>) result;
        return asyncStream(s, call);
      }
      @SuppressWarnings("unchecked")
      CompletableFuture<ChatCompletion> future = (CompletableFuture<ChatCompletion>) result;
      return call.whenDone(future, OpenAiChatAdapter::response, OpenAiChatAdapter::status);
    });
  }

  /** An async stream whose handlers are observed, and whose completion ends the call. */
  public static AsyncStreamResponse<ChatCompletionChunk> asyncStream(
      AsyncStreamResponse<ChatCompletionChunk> stream, LlmCall call) {
    OpenAiChatStream assembled = new OpenAiChatStream(call);
    stream.onCompleteFuture().whenComplete((v, e) -> {
      if (e != null) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        call.fail(cause, OpenAiChatAdapter.status(cause));
      } else {
        call.endWith(assembled::fill);
      }
    });
    Object[] self = new Object[1];
    @SuppressWarnings("unchecked")
    AsyncStreamResponse<ChatCompletionChunk> proxy = Proxies.wrap(AsyncStreamResponse.class, stream,
        (m, args, proceed) -> {
          if (m.getName().equals("subscribe")) {
            @SuppressWarnings("unchecked")
            AsyncStreamResponse.Handler<? super ChatCompletionChunk> user =
                (AsyncStreamResponse.Handler<? super ChatCompletionChunk>) args[0];
            args[0] = observed(user, assembled);
            Object result = proceed.call();
            return result == stream ? self[0] : result; // subscribe returns itself, for chaining
          }
          return proceed.call();
        });
    self[0] = proxy;
    return proxy;
  }

  private static AsyncStreamResponse.Handler<ChatCompletionChunk> observed(
      AsyncStreamResponse.Handler<? super ChatCompletionChunk> user, OpenAiChatStream assembled) {
    return new AsyncStreamResponse.Handler<>() {
      @Override
      public void onNext(ChatCompletionChunk chunk) {
        try {
          assembled.onChunk(chunk);
        } catch (Throwable t) {
          ai.nora.internal.Throwables.propagateIfFatal(t);
        }
        user.onNext(chunk);
      }

      @Override
      public void onComplete(Optional<Throwable> error) {
        user.onComplete(error);
      }
    };
  }

  /** The params of a create/createStreaming call, or null for any other method. */
  private static ChatCompletionCreateParams params(Method m, Object[] args) {
    String name = m.getName();
    if ((name.equals("create") || name.equals("createStreaming")) && args != null
        && args.length == 2 && args[0] instanceof ChatCompletionCreateParams) {
      return (ChatCompletionCreateParams) args[0];
    }
    return null;
  }
}
