package ai.nora.internal.instrument.langchain4j;

import ai.nora.internal.Getters;
import ai.nora.internal.Throwables;
import ai.nora.trace.AgentSpanData;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.TraceContext;
import ai.nora.trace.Tracer;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the advice woven into LangChain4j's AI services, their token streams and
 * langchain4j-agentic calls. As in {@link LangChain4jHooks}, every method takes and returns
 * {@code Object}, so woven code links to nothing of LangChain4j's or Nora's but this class, and
 * catches its own failures: the application's calls, results and exceptions are never changed.
 * This class is internal and is hence not for public use.
 */
public final class LangChain4jServiceHooks {
  /** Streaming AI service calls, by their token stream and by their response handlers. */
  private static final Map<Object, LangChain4jRun> STREAMS = Collections.synchronizedMap(new WeakHashMap<>());
  /** The AI service call running on this thread, for the token stream made inside it. */
  private static final ThreadLocal<LangChain4jRun> SERVICE = new ThreadLocal<>();
  /**
   * An agentic agent's span just started here, which the workflow or AI service that implements
   * the agent takes as its own rather than starting a second one.
   */
  private static final ThreadLocal<Span> AGENT_TO_CLAIM = new ThreadLocal<>();


  private LangChain4jServiceHooks() {}

  // ------------------------------------------------------------------ AI services

  /** An AI service method was called: an agent span named after it, current while it runs. */
  public static Object serviceStart(Object invocationContext) {
    if (!(invocationContext instanceof InvocationContext)) {
      return null;
    }
    return LangChain4jRun.begin("AI service call", tracer -> {
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
      LangChain4jRun run = LangChain4jRun.started(tracer, span, data);
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
    if (!(run instanceof LangChain4jRun)) {
      return;
    }
    LangChain4jRun r = (LangChain4jRun) run;
    try {
      LangChain4jRun.closeScope(r);
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
    LangChain4jRun r = currentRun();
    if (r != null) {
      r.streaming = true;
      STREAMS.put(stream, r);
    }
  }

  /** What {@link #enterStream} made current, to be undone. */
  private static final class Entered {
    final Scope scope;
    final LangChain4jRun previous;

    Entered(Scope scope, LangChain4jRun previous) {
      this.scope = scope;
      this.previous = previous;
    }
  }

  /**
   * A token stream starts, or one of its responses completes (maybe later, maybe on another
   * thread): its AI service call is current meanwhile, so the calls and tools it causes nest.
   */
  public static Object enterStream(Object streamOrHandler) {
    LangChain4jRun r = STREAMS.get(streamOrHandler);
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

  private static void restore(LangChain4jRun previous) {
    if (previous == null) {
      SERVICE.remove();
    } else {
      SERVICE.set(previous);
    }
  }

  /** A streaming response handler of the AI service call current here was made. */
  public static void streamHandlerCreated(Object handler) {
    LangChain4jRun r = currentRun();
    if (r != null) {
      r.handlers.incrementAndGet();
      STREAMS.put(handler, r);
    }
  }

  /** Before a streamed response completes in {@code handler}: how many handlers there were. */
  public static int handlersBefore(Object handler) {
    LangChain4jRun r = STREAMS.get(handler);
    return r == null ? -1 : r.handlers.get();
  }

  /**
   * After it: when it asked for no further round (no new handler was made), the AI service call
   * is answered and its span ends, with the answer or the error.
   */
  public static void streamDone(Object handler, int handlersBefore, Object response, Throwable error) {
    LangChain4jRun r = STREAMS.get(handler);
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
    return LangChain4jRun.begin("agentic agent", tracer -> {
      Object name = Getters.get(invoker, "name");
      String agent = name == null ? "agent" : String.valueOf(name);
      Object named = arguments == null ? null : Getters.get(arguments, "namedArgs");
      AgentSpanData data = new AgentSpanData(agent).input(inputs(named));
      LangChain4jRun run = LangChain4jRun.started(tracer, tracer.startSpan(agent, data), data);
      if (run != null) {
        run.previousToClaim = AGENT_TO_CLAIM.get();
        AGENT_TO_CLAIM.set(run.span);
      }
      return run;
    });
  }

  /** The agent answered, or failed. */
  public static void agentEnd(Object run, Object result, Throwable thrown) {
    if (run instanceof LangChain4jRun) {
      Span previous = ((LangChain4jRun) run).previousToClaim;
      if (previous == null) {
        AGENT_TO_CLAIM.remove();
      } else {
        AGENT_TO_CLAIM.set(previous);
      }
    }
    LangChain4jRun.finish(run, thrown, r -> ((AgentSpanData) r.data).output(output(result)));
  }

  /**
   * A workflow (sequence, loop, parallel, supervisor...) runs: the span of the agent invocation
   * that called it, or for a workflow the application called, an agent span of its own.
   */
  public static Object workflowStart(Object handler, Object args) {
    if (handler == null || claimAgent() != null) {
      return null;
    }
    return LangChain4jRun.begin("agentic workflow", tracer -> {
      Object name = Getters.get(handler, "name");
      String workflow = name == null ? "workflow" : String.valueOf(name);
      AgentSpanData data = new AgentSpanData(workflow)
          .input(args instanceof Object[] ? arguments(java.util.Arrays.asList((Object[]) args)) : null);
      LangChain4jRun run = LangChain4jRun.started(tracer, tracer.startSpan(workflow, data), data);
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

  // ------------------------------------------------------------------ shared

  /** The AI service call running on this thread, if any. */
  private static LangChain4jRun currentRun() {
    LangChain4jRun r = SERVICE.get();
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
