package ai.nora.internal.instrument.langchain4j;

import ai.nora.internal.instrument.ToolCallTracker;
import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import ai.nora.trace.RetrievalSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.SpanError;
import ai.nora.trace.ToolSpanData;
import ai.nora.trace.TraceContext;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the advice woven into LangChain4j calls. Every method takes and returns {@code Object}, so
 * woven code links to nothing of LangChain4j's or Nora's but this class, and catches its own
 * failures: the application's calls, results and exceptions are never changed. This class is
 * internal and is hence not for public use.
 */
public final class LangChain4jHooks {
  /** A streamed call's handler, from its creation to the request it belongs to (same thread). */
  private static final ThreadLocal<Object> NEW_STREAM = new ThreadLocal<>();

  private LangChain4jHooks() {}

  // ------------------------------------------------------------------ chat model calls

  /** A streamed call's observing handler was made: the request that follows streams into it. */
  public static void streamCreated(Object handler) {
    NEW_STREAM.set(handler);
  }

  /** Streamed content arrived in {@code handler}. */
  public static void streamed(Object handler) {
    try {
      LangChain4jCalls.streamed(handler);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
  }

  /** Before LangChain4j tells a model's listeners of a request. */
  @SuppressWarnings("unchecked")
  public static void onRequest(Object request, Object provider, Object attributes, Object listeners) {
    Object handler = NEW_STREAM.get();
    NEW_STREAM.remove();
    if (!(attributes instanceof Map) || !(request instanceof ChatRequest)) {
      return;
    }
    try {
      Map<Object, Object> attrs = (Map<Object, Object>) attributes;
      if (handler != null) {
        attrs.put(LangChain4jCalls.STREAM, handler);
      }
      if (!hasNoraListener(listeners)) {
        LangChain4jCalls.start((ChatRequest) request, provider, attrs);
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("lc4j:request", "could not record a LangChain4j call; it runs untraced", t);
    }
  }

  /** Before LangChain4j tells a model's listeners of a response. */
  @SuppressWarnings("unchecked")
  public static void onResponse(Object response, Object attributes, Object listeners) {
    if (attributes instanceof Map && response instanceof ChatResponse && !hasNoraListener(listeners)) {
      LangChain4jCalls.succeed((ChatResponse) response, (Map<Object, Object>) attributes);
    }
  }

  /** Before LangChain4j tells a model's listeners of an error. */
  @SuppressWarnings("unchecked")
  public static void onError(Object error, Object attributes, Object listeners) {
    if (attributes instanceof Map && error instanceof Throwable && !hasNoraListener(listeners)) {
      LangChain4jCalls.fail((Throwable) error, (Map<Object, Object>) attributes);
    }
  }

  private static boolean hasNoraListener(Object listeners) {
    return listeners instanceof Collection
        && ((Collection<?>) listeners).contains(NoraChatModelListener.INSTANCE);
  }

  // ------------------------------------------------------------------ tools

  /** Before a tool runs: a tool span, under the call that asked for it, current while it runs. */
  public static Object toolStart(Object request) {
    if (!(request instanceof ToolExecutionRequest)) {
      return null;
    }
    return LangChain4jRun.begin("tool execution", tracer -> {
      ToolExecutionRequest r = (ToolExecutionRequest) request;
      ToolSpanData data = new ToolSpanData(r.name(), r.arguments()).toolCallId(r.id());
      // The call that asked for it knows where it belongs, also on a thread of a tool executor.
      Span above = ToolCallTracker.claimById(r.id());
      Span span = above != null
          ? tracer.startSpan(r.name(), data, TraceContext.of(above))
          : tracer.startSpan(r.name(), data);
      return LangChain4jRun.started(tracer, span, data);
    });
  }

  /** After it: its result, or its error (a tool error LangChain4j turned into a result too). */
  public static void toolEnd(Object run, Object result, Throwable thrown) {
    LangChain4jRun.finish(run, thrown, r -> {
      if (result instanceof ToolExecutionResult) {
        ToolExecutionResult res = (ToolExecutionResult) result;
        ((ToolSpanData) r.data).result(res.resultText());
        if (res.isError()) {
          r.span.setError(new SpanError("tool_error", res.resultText(), null));
        }
      }
    });
  }

  // ------------------------------------------------------------------ retrieval

  /** Before the retrieval augmentor asks its retrievers: a retrieval span for the queries. */
  public static Object retrievalStart(Object queries) {
    if (!(queries instanceof Collection)) {
      return null;
    }
    return LangChain4jRun.begin("retrieval", tracer -> {
      List<String> texts = new ArrayList<>();
      for (Object q : (Collection<?>) queries) {
        texts.add(q instanceof Query ? ((Query) q).text() : String.valueOf(q));
      }
      RetrievalSpanData data = new RetrievalSpanData(texts.size() == 1 ? texts.get(0) : texts);
      return LangChain4jRun.started(tracer, tracer.startSpan("retrieve", data), data);
    });
  }

  /** After it: every content found, with its score and its segment's metadata. */
  public static void retrievalEnd(Object run, Object result, Throwable thrown) {
    LangChain4jRun.finish(run, thrown, r -> {
      if (result instanceof Map) {
        for (Object found : ((Map<?, ?>) result).values()) {
          for (Object list : (Collection<?>) found) {
            for (Object c : (Collection<?>) list) {
              document((RetrievalSpanData) r.data, (Content) c);
            }
          }
        }
      }
    });
  }

  private static void document(RetrievalSpanData data, Content c) {
    Object score = c.metadata() == null ? null : c.metadata().get(ContentMetadata.SCORE);
    Map<String, Object> meta = c.textSegment() == null || c.textSegment().metadata() == null
        ? null : c.textSegment().metadata().toMap();
    data.document(c.textSegment() == null ? null : c.textSegment().text(),
        score instanceof Number ? ((Number) score).doubleValue() : null, meta);
  }

  // ------------------------------------------------------------------ embeddings

  /** Before an embedding model embeds {@code input} (segments, or an embedding request). */
  public static Object embedStart(Object model, Object input) {
    try {
      return LangChain4jEmbeddings.start(model, input);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("lc4j:embedding", "could not record a LangChain4j embedding call", t);
      return null;
    }
  }

  /** After it. */
  public static void embedEnd(Object call, Object result, Throwable thrown) {
    if (call instanceof ai.nora.internal.instrument.LlmCall) {
      LangChain4jEmbeddings.end((ai.nora.internal.instrument.LlmCall) call, result, thrown);
    }
  }
}
