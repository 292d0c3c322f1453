package ai.nora.internal.instrument.langchain4j;

import net.bytebuddy.asm.Advice;

/**
 * Advice woven into LangChain4j. Bodies only call {@link LangChain4jHooks} and {@link
 * LangChain4jServiceHooks} with plain objects:
 * nothing that could fail to link inside LangChain4j's classes; any throwable of Nora's is
 * suppressed. This class is internal and is hence not for public use.
 */
public final class LangChain4jAdvice {
  private LangChain4jAdvice() {}

  /** {@code ChatModelListenerUtils.onRequest(request, provider, attributes, listeners)}. */
  public static final class OnRequest {
    private OnRequest() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object provider,
        @Advice.Argument(2) Object attributes, @Advice.Argument(3) Object listeners) {
      LangChain4jHooks.onRequest(request, provider, attributes, listeners);
    }
  }

  /** {@code ChatModelListenerUtils.onResponse(response, request, provider, attributes, listeners)}. */
  public static final class OnResponse {
    private OnResponse() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object response, @Advice.Argument(3) Object attributes,
        @Advice.Argument(4) Object listeners) {
      LangChain4jHooks.onResponse(response, attributes, listeners);
    }
  }

  /** {@code ChatModelListenerUtils.onError(error, request, provider, attributes, listeners)}. */
  public static final class OnError {
    private OnError() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object error, @Advice.Argument(3) Object attributes,
        @Advice.Argument(4) Object listeners) {
      LangChain4jHooks.onError(error, attributes, listeners);
    }
  }

  /** The constructor of the handler {@code StreamingChatModel.chat} streams through. */
  public static final class StreamCreated {
    private StreamCreated() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object handler) {
      LangChain4jHooks.streamCreated(handler);
    }
  }

  /** Its {@code onPartial*} and {@code onCompleteToolCall} methods: something streamed. */
  public static final class Streamed {
    private Streamed() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object handler) {
      LangChain4jHooks.streamed(handler);
    }
  }

  /** {@code ToolService.executeWithErrorHandling(request, executor, context, ...)}. */
  public static final class Tool {
    private Tool() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object request) {
      return LangChain4jHooks.toolStart(request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object run, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown) {
      LangChain4jHooks.toolEnd(run, result, thrown);
    }
  }

  /** The AI service proxy's {@code invoke(method, args, invocationContext)}. */
  public static final class Service {
    private Service() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(2) Object invocationContext) {
      return LangChain4jServiceHooks.serviceStart(invocationContext);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object run, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown) {
      LangChain4jServiceHooks.serviceEnd(run, result, thrown);
    }
  }

  /** {@code AgentInvoker.invoke(scope, agent, arguments)} of langchain4j-agentic. */
  public static final class AgenticAgent {
    private AgenticAgent() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object invoker, @Advice.Argument(2) Object arguments) {
      return LangChain4jServiceHooks.agentStart(invoker, arguments);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object run, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown) {
      LangChain4jServiceHooks.agentEnd(run, result, thrown);
    }
  }

  /** {@code PlannerBasedInvocationHandler.executeAgentMethod(registry, method, args)} of langchain4j-agentic. */
  public static final class AgenticWorkflow {
    private AgenticWorkflow() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object handler, @Advice.Argument(2) Object args) {
      return LangChain4jServiceHooks.workflowStart(handler, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object run, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown) {
      LangChain4jServiceHooks.agentEnd(run, result, thrown);
    }
  }

  /** {@code AiServiceTokenStream}'s constructor. */
  public static final class TokenStreamCreated {
    private TokenStreamCreated() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object stream) {
      LangChain4jServiceHooks.tokenStreamCreated(stream);
    }
  }

  /** {@code AiServiceTokenStream.start()}. */
  public static final class TokenStreamStart {
    private TokenStreamStart() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object stream) {
      return LangChain4jServiceHooks.enterStream(stream);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object entered) {
      LangChain4jServiceHooks.exitStream(entered);
    }
  }

  /** {@code AiServiceStreamingResponseHandler}'s constructor. */
  public static final class HandlerCreated {
    private HandlerCreated() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object handler) {
      LangChain4jServiceHooks.streamHandlerCreated(handler);
    }
  }

  /** {@code AiServiceStreamingResponseHandler.onCompleteResponse(response)} and {@code onError(error)}. */
  public static final class HandlerDone {
    private HandlerDone() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object handler, @Advice.Local("before") int before) {
      before = LangChain4jServiceHooks.handlersBefore(handler);
      return LangChain4jServiceHooks.enterStream(handler);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object handler, @Advice.Enter Object entered,
        @Advice.Local("before") int before, @Advice.Argument(0) Object responseOrError) {
      LangChain4jServiceHooks.exitStream(entered);
      LangChain4jServiceHooks.streamDone(handler, before, responseOrError instanceof Throwable ? null : responseOrError,
          responseOrError instanceof Throwable ? (Throwable) responseOrError : null);
    }
  }

  /** An embedding model's {@code embedAll(segments)}, or {@code EmbeddingModel.embed(request)}. */
  public static final class Embed {
    private Embed() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object model, @Advice.Argument(0) Object input) {
      return LangChain4jHooks.embedStart(model, input);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object call, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown) {
      LangChain4jHooks.embedEnd(call, result, thrown);
    }
  }

  /** {@code DefaultRetrievalAugmentor.process(queries)}. */
  public static final class Retrieval {
    private Retrieval() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object queries) {
      return LangChain4jHooks.retrievalStart(queries);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object run, @Advice.Return Object result,
        @Advice.Thrown Throwable thrown) {
      LangChain4jHooks.retrievalEnd(run, result, thrown);
    }
  }
}
