package ai.nora.instrument.langchain4j;

import ai.nora.Nora;
import ai.nora.instrument.ToolCallTracker;
import ai.nora.internal.Getters;
import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import ai.nora.trace.AgentSpanData;
import ai.nora.trace.RetrievalSpanData;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.SpanData;
import ai.nora.trace.SpanError;
import ai.nora.trace.ToolSpanData;
import ai.nora.trace.TraceContext;
import ai.nora.trace.Tracer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the advice woven into LangChain4j calls. Every method takes and returns {@code Object}, so
 * woven code links to nothing of LangChain4j's or Nora's but this class, and catches its own
 * failures: the application's calls, results and exceptions are never changed. This class is
 * internal and is hence not for public use.
 */
public final class LangChain4jHooks {
  /** A streamed call's handler, from its creation to the request it belongs to (same thread). */
  private static final ThreadLocal<Object> NEW_STREAM = new ThreadLocal<>();
  /** Streaming AI service calls, by their token stream and by their response handlers. */
  private static final Map<Object, Run> STREAMS = Collections.synchronizedMap(new WeakHashMap<>());
  /** The AI service call running on this thread, for the token stream made inside it. */
  private static final ThreadLocal<Run> SERVICE = new ThreadLocal<>();
  /**
   * An agentic agent's span just started here, which the workflow or AI service that implements
   * the agent takes as its own rather than starting a second one.
   */
  private static final ThreadLocal<Span> AGENT_TO_CLAIM = new ThreadLocal<>();

  /** A span being recorded by woven code, made current on the thread that runs it. */
  private static final class Run {
    final Span span;
    final SpanData data;
    Scope scope;
    Run previous;
    Span previousToClaim;
    volatile boolean streaming;
    final AtomicInteger handlers = new AtomicInteger();
    final AtomicBoolean ended = new AtomicBoolean();

    Run(Span span, SpanData data) {
      this.span = span;
      this.data = data;
    }

    void end() {
      if (ended.compareAndSet(false, true)) {
        span.end();
      }
    }
  }

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
    return begin("tool execution", tracer -> {
      ToolExecutionRequest r = (ToolExecutionRequest) request;
      ToolSpanData data = new ToolSpanData(r.name(), r.arguments()).toolCallId(r.id());
      // The call that asked for it knows where it belongs, also on a thread of a tool executor.
      Span above = ToolCallTracker.claimById(r.id());
      Span span = above != null
          ? tracer.startSpan(r.name(), data, TraceContext.of(above))
          : tracer.startSpan(r.name(), data);
      return started(tracer, span, data);
    });
  }

  /** After it: its result, or its error (a tool error LangChain4j turned into a result too). */
  public static void toolEnd(Object run, Object result, Throwable thrown) {
    finish(run, thrown, r -> {
      if (result instanceof ToolExecutionResult) {
        ToolExecutionResult res = (ToolExecutionResult) result;
        ((ToolSpanData) r.data).result(res.resultText());
        if (res.isError()) {
          r.span.setError(new SpanError("tool_error", res.resultText(), null));
        }
      }
    });
  }

  // ------------------------------------------------------------------ AI services

  /** An AI service method was called: an agent span named after it, current while it runs. */
  public static Object serviceStart(Object invocationContext) {
    if (!(invocationContext instanceof InvocationContext)) {
      return null;
    }
    return begin("AI service call", tracer -> {
      InvocationContext ic = (InvocationContext) invocationContext;
      Span claimed = claimAgent();
      if (claimed != null) {
        defaultSession(claimed, ic.chatMemoryId());
        return null; // the agentic agent's span is this call's
      }
      String iface = ic.interfaceName() == null ? "AiService" : ic.interfaceName();
      // The interface's simple name, also for one nested in a class: "Assistant.chat".
      String name = iface.substring(Math.max(iface.lastIndexOf('.'), iface.lastIndexOf('$')) + 1)
          + "." + ic.methodName();
      AgentSpanData data = new AgentSpanData(name).input(arguments(ic.methodArguments()));
      Span span = tracer.startSpan(name, data);
      defaultSession(span, ic.chatMemoryId());
      Run run = started(tracer, span, data);
      if (run != null) {
        run.previous = SERVICE.get();
        SERVICE.set(run);
      }
      return run;
    });
  }

  private static void defaultSession(Span span, Object memoryId) {
    if (memoryId != null && !"default".equals(String.valueOf(memoryId))) {
      span.trace().defaultSessionId(String.valueOf(memoryId));
    }
  }

  /** It returned: its result as the span's output; a streamed answer ends the span later. */
  public static void serviceEnd(Object run, Object result, Throwable thrown) {
    if (!(run instanceof Run)) {
      return;
    }
    Run r = (Run) run;
    try {
      closeScope(r);
      restore(r.previous);
      if (thrown != null) {
        r.span.recordError(thrown);
      } else if (r.streaming) {
        return; // the token stream ends it
      } else {
        ((AgentSpanData) r.data).output(output(result));
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
    r.end();
  }

  /** A token stream was made for the AI service call current here: it carries the call on. */
  public static void tokenStreamCreated(Object stream) {
    Run r = currentRun();
    if (r != null) {
      r.streaming = true;
      STREAMS.put(stream, r);
    }
  }

  /** What {@link #enterStream} made current, to be undone. */
  private static final class Entered {
    final Scope scope;
    final Run previous;

    Entered(Scope scope, Run previous) {
      this.scope = scope;
      this.previous = previous;
    }
  }

  /**
   * A token stream starts, or one of its responses completes (maybe later, maybe on another
   * thread): its AI service call is current meanwhile, so the calls and tools it causes nest.
   */
  public static Object enterStream(Object streamOrHandler) {
    Run r = STREAMS.get(streamOrHandler);
    if (r == null || r.ended.get()) {
      return null;
    }
    Entered e = new Entered(TraceContext.of(r.span).makeCurrent(), SERVICE.get());
    SERVICE.set(r);
    return e;
  }

  /** Undoes what {@link #enterStream} did. */
  public static void exitStream(Object entered) {
    if (entered instanceof Entered) {
      ((Entered) entered).scope.close();
      restore(((Entered) entered).previous);
    }
  }

  private static void restore(Run previous) {
    if (previous == null) {
      SERVICE.remove();
    } else {
      SERVICE.set(previous);
    }
  }

  /** A streaming response handler of the AI service call current here was made. */
  public static void streamHandlerCreated(Object handler) {
    Run r = currentRun();
    if (r != null) {
      r.handlers.incrementAndGet();
      STREAMS.put(handler, r);
    }
  }

  /** Before a streamed response completes in {@code handler}: how many handlers there were. */
  public static int handlersBefore(Object handler) {
    Run r = STREAMS.get(handler);
    return r == null ? -1 : r.handlers.get();
  }

  /**
   * After it: when it asked for no further round (no new handler was made), the AI service call
   * is answered and its span ends, with the answer or the error.
   */
  public static void streamDone(Object handler, int handlersBefore, Object response, Throwable error) {
    Run r = STREAMS.get(handler);
    if (r == null || handlersBefore < 0 || r.handlers.get() != handlersBefore) {
      return;
    }
    try {
      if (error != null) {
        r.span.recordError(error);
      } else if (response instanceof ChatResponse && ((ChatResponse) response).aiMessage() != null) {
        ((AgentSpanData) r.data).output(((ChatResponse) response).aiMessage().text());
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
    r.end();
  }

  // ------------------------------------------------------------------ agentic agents

  /**
   * A workflow or agent of {@code langchain4j-agentic} invokes one of its agents: an agent span
   * named after it, with its named arguments as input, current while it runs.
   */
  public static Object agentStart(Object invoker, Object arguments) {
    if (invoker == null) {
      return null;
    }
    return begin("agentic agent", tracer -> {
      Object name = Getters.get(invoker, "name");
      String agent = name == null ? "agent" : String.valueOf(name);
      Object named = arguments == null ? null : Getters.get(arguments, "namedArgs");
      AgentSpanData data = new AgentSpanData(agent).input(inputs(named));
      Run run = started(tracer, tracer.startSpan(agent, data), data);
      if (run != null) {
        run.previousToClaim = AGENT_TO_CLAIM.get();
        AGENT_TO_CLAIM.set(run.span);
      }
      return run;
    });
  }

  /** The agent answered, or failed. */
  public static void agentEnd(Object run, Object result, Throwable thrown) {
    if (run instanceof Run) {
      Span previous = ((Run) run).previousToClaim;
      if (previous == null) {
        AGENT_TO_CLAIM.remove();
      } else {
        AGENT_TO_CLAIM.set(previous);
      }
    }
    finish(run, thrown, r -> ((AgentSpanData) r.data).output(output(result)));
  }

  /**
   * A workflow (sequence, loop, parallel, supervisor...) runs: the span of the agent invocation
   * that called it, or for a workflow the application called, an agent span of its own.
   */
  public static Object workflowStart(Object handler, Object args) {
    if (handler == null || claimAgent() != null) {
      return null;
    }
    return begin("agentic workflow", tracer -> {
      Object name = Getters.get(handler, "name");
      String workflow = name == null ? "workflow" : String.valueOf(name);
      AgentSpanData data = new AgentSpanData(workflow)
          .input(args instanceof Object[] ? arguments(java.util.Arrays.asList((Object[]) args)) : null);
      Run run = started(tracer, tracer.startSpan(workflow, data), data);
      if (run != null) {
        run.previousToClaim = AGENT_TO_CLAIM.get(); // left as it is; restored as it was
      }
      return run;
    });
  }

  /** The agent span an agentic agent invocation just started here, taken; null when none. */
  private static Span claimAgent() {
    Span pending = AGENT_TO_CLAIM.get();
    if (pending == null || pending != Tracer.currentSpan()) {
      return null;
    }
    AGENT_TO_CLAIM.remove();
    return pending;
  }

  private static Object inputs(Object named) {
    if (!(named instanceof Map)) {
      return null;
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    ((Map<?, ?>) named).forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
    return out;
  }

  // ------------------------------------------------------------------ retrieval

  /** Before the retrieval augmentor asks its retrievers: a retrieval span for the queries. */
  public static Object retrievalStart(Object queries) {
    if (!(queries instanceof Collection)) {
      return null;
    }
    return begin("retrieval", tracer -> {
      List<String> texts = new ArrayList<>();
      for (Object q : (Collection<?>) queries) {
        texts.add(q instanceof Query ? ((Query) q).text() : String.valueOf(q));
      }
      RetrievalSpanData data = new RetrievalSpanData(texts.size() == 1 ? texts.get(0) : texts);
      return started(tracer, tracer.startSpan("retrieve", data), data);
    });
  }

  /** After it: every content found, with its score and its segment's metadata. */
  public static void retrievalEnd(Object run, Object result, Throwable thrown) {
    finish(run, thrown, r -> {
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
    if (call instanceof ai.nora.instrument.LlmCall) {
      LangChain4jEmbeddings.end((ai.nora.instrument.LlmCall) call, result, thrown);
    }
  }

  // ------------------------------------------------------------------ shared

  /**
   * Starts recording a {@code what} where Nora is on; a failure of Nora's own costs one log line
   * and leaves the work untraced.
   */
  private static Run begin(String what, java.util.function.Function<Tracer, Run> start) {
    Tracer tracer = Nora.tracer();
    if (!tracer.isEnabled()) {
      return null;
    }
    try {
      return start.apply(tracer);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("lc4j:" + what, "could not record a LangChain4j " + what + "; it runs untraced", t);
      return null;
    }
  }

  /** Ends a recording: the error thrown, or what {@code fill} reads of the result. */
  private static void finish(Object run, Throwable thrown, java.util.function.Consumer<Run> fill) {
    if (!(run instanceof Run)) {
      return;
    }
    Run r = (Run) run;
    try {
      closeScope(r);
      if (thrown != null) {
        r.span.recordError(thrown);
      } else {
        fill.accept(r);
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    } finally {
      r.end();
    }
  }

  private static Run started(Tracer tracer, Span span, SpanData data) {
    if (!span.isRecording()) {
      return null;
    }
    Run run = new Run(span, data);
    run.scope = tracer.makeCurrent(span);
    return run;
  }

  private static void closeScope(Run r) {
    if (r.scope != null) {
      r.scope.close();
      r.scope = null;
    }
  }

  /** The AI service call running on this thread, if any. */
  private static Run currentRun() {
    Run r = SERVICE.get();
    return r == null || r.ended.get() ? null : r;
  }

  static Object arguments(List<Object> args) {
    if (args == null || args.isEmpty()) {
      return null;
    }
    List<Object> out = new ArrayList<>(args.size());
    for (Object a : args) {
      out.add(plain(a));
    }
    return out.size() == 1 ? out.get(0) : out;
  }

  static Object output(Object result) {
    if (result instanceof Result) {
      return plain(((Result<?>) result).content());
    }
    return plain(result);
  }

  private static Object plain(Object v) {
    return v == null || v instanceof String || v instanceof Number || v instanceof Boolean
        ? v : String.valueOf(v);
  }
}
