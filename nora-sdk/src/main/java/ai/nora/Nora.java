package ai.nora;

import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import ai.nora.trace.AgentSpanData;
import ai.nora.trace.CustomSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.SpanData;
import ai.nora.trace.ToolSpanData;
import ai.nora.trace.TraceContext;
import ai.nora.trace.TraceProcessor;
import ai.nora.trace.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Nora's entry point.
 *
 * <pre>{@code
 * Nora.init("nora-api-key");                  // or Nora.init(NoraConfig.builder()...build())
 *
 * // Group the LLM calls of one piece of work into one trace.
 * try (TraceGroup g = Nora.traceGroup("user_request_handler", Map.of("user_id", "u-42"))) {
 *   intent = client.chat().completions().create(params);
 * }
 *
 * // The lambda form records an exception as the group's error, and the result as its output.
 * String answer = Nora.traceGroup("rag_query", Map.of(), () -> answer(question));
 *
 * // A tool execution of your own, as a span.
 * String weather = Nora.tool("get_weather", Map.of("city", "Seoul"), () -> weatherApi.get("Seoul"));
 *
 * Nora.flush();                               // before a short-lived program exits
 * }</pre>
 *
 * <p>Every method is safe to call before {@code init} and when disabled: groups and spans then
 * record nothing and cost almost nothing. At runtime Nora never throws into the application
 * and never makes it wait on the network; only {@code init} fails, on a configuration mistake.
 */
public final class Nora {
  private static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(10);
  private static volatile NoraRuntime runtime;
  private static volatile Thread shutdownHook;

  private Nora() {}

  /**
   * Starts Nora with this API key; every other setting from the environment or its default.
   * A second {@code init} shuts the first down (delivering what it queued) and replaces it.
   *
   * @param apiKey the project's key on the Nora server; null to take {@code NORA_API_KEY}
   * @throws IllegalArgumentException on a configuration mistake, saying which and how to fix it
   */
  public static void init(String apiKey) {
    NoraConfig.Builder b = NoraConfig.builder();
    if (apiKey != null) {
      b.apiKey(apiKey);
    }
    init(b.build());
  }

  /**
   * Starts Nora with {@code config}. A second {@code init} replaces the first cleanly.
   *
   * @throws NullPointerException when config is null
   */
  public static synchronized void init(NoraConfig config) {
    Objects.requireNonNull(config, "config");
    NoraRuntime old = runtime;
    NoraLog.resetOnce();
    runtime = NoraRuntime.create(config);
    ai.nora.internal.instrument.CurrentTracer.set(runtime.tracer);
    if (old != null) {
      old.tracer.shutdown(old.config.shutdownTimeout());
    }
    if (shutdownHook == null) {
      Thread hook = new Thread(Nora::shutdownOnExit, "nora-shutdown");
      try {
        Runtime.getRuntime().addShutdownHook(hook);
        shutdownHook = hook;
      } catch (IllegalStateException exiting) {
        // The JVM is already exiting: nothing to hook.
      }
    }
    if (config.disabled()) {
      NoraLog.info("tracing is disabled (NORA_DISABLED); nothing will be recorded or sent");
    } else if (config.autoPatch()) {
      autoPatch(config.tracedFunctions());
    }
  }

  /** Instruments the provider SDKs; kept apart so that Nora loads where Byte Buddy cannot. */
  private static void autoPatch(List<String> tracedFunctions) {
    try {
      ai.nora.internal.instrument.AutoPatch.install(Nora.class.getClassLoader(), tracedFunctions);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("autopatch", "could not instrument the provider SDKs; calls are not traced", t);
    }
  }

  /** Whether {@code init} was called (and {@link #shutdown()} was not since). */
  public static boolean isInitialized() {
    return runtime != null;
  }

  /** The configuration in force, or null before {@code init}. */
  public static NoraConfig config() {
    NoraRuntime r = runtime;
    return r == null ? null : r.config;
  }

  /**
   * The tracer behind Nora, for instrumentation and custom spans; a tracer that records nothing
   * before {@code init}.
   */
  public static Tracer tracer() {
    NoraRuntime r = runtime;
    return r == null ? Tracer.noop() : r.tracer;
  }

  // ---------------------------------------------------------------- trace groups

  /** Opens a trace group; close it, with try-with-resources. */
  public static TraceGroup traceGroup(String name) {
    return traceGroup(name, (Map<String, ?>) null);
  }

  /**
   * Opens a trace group with metadata; close it, with try-with-resources. The keys {@code
   * user_id} and {@code session_id} of the outermost group become the trace's user and session;
   * {@code input} its input.
   */
  public static TraceGroup traceGroup(String name, Map<String, ?> metadata) {
    Tracer tracer = tracer();
    if (!tracer.isEnabled()) {
      return TraceGroup.NOOP;
    }
    try {
      Span span = tracer.startSpan(nameOr(name, "trace_group"), new GroupSpanData(metadata));
      if (!span.isRecording()) {
        return TraceGroup.NOOP;
      }
      return new TraceGroup(span, tracer.makeCurrent(span));
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("group:open", "could not open trace group '" + name + "'", t);
      return TraceGroup.NOOP;
    }
  }

  /** Runs {@code body} in a trace group; see {@link #traceGroup(String, Map, ThrowingSupplier)}. */
  public static <T, E extends Throwable> T traceGroup(String name, ThrowingSupplier<T, E> body)
      throws E {
    return traceGroup(name, (Map<String, ?>) null, body);
  }

  /**
   * Runs {@code body} in a trace group and returns its result. The result becomes the group's
   * output unless one was set; an exception marks the group as failed and is rethrown as it is.
   */
  public static <T, E extends Throwable> T traceGroup(
      String name, Map<String, ?> metadata, ThrowingSupplier<T, E> body) throws E {
    Objects.requireNonNull(body, "body");
    TraceGroup group = traceGroup(name, metadata);
    try {
      T result = body.get();
      if (group.isRecording() && group.output() == null) {
        group.setOutput(result);
      }
      return result;
    } catch (Throwable t) {
      group.recordError(t);
      throw t;
    } finally {
      group.close();
    }
  }

  /** Runs {@code body} in a trace group; an exception marks the group failed and is rethrown. */
  public static <E extends Throwable> void traceGroup(
      String name, Map<String, ?> metadata, ThrowingRunnable<E> body) throws E {
    Objects.requireNonNull(body, "body");
    TraceGroup group = traceGroup(name, metadata);
    try {
      body.run();
    } catch (Throwable t) {
      group.recordError(t);
      throw t;
    } finally {
      group.close();
    }
  }

  /**
   * Runs asynchronous work in a trace group that stays open until the work's future completes.
   * {@code body} runs on this thread inside the group, so LLM calls it starts (async ones
   * included) belong to the group; work it hands to other threads joins the group when wrapped
   * with {@link #wrap(Executor)} and kin.
   *
   * <pre>{@code
   * CompletableFuture<List<String>> answers = Nora.traceGroupAsync("async_multi_query", Map.of(),
   *     () -> {
   *       var a = asyncClient.chat().completions().create(query1);
   *       var b = asyncClient.chat().completions().create(query2);
   *       return a.thenCombine(b, (x, y) -> List.of(text(x), text(y)));
   *     });
   * }</pre>
   *
   * @return a future that completes as the work's does, after the group has ended
   */
  public static <T, E extends Throwable> CompletableFuture<T> traceGroupAsync(
      String name,
      Map<String, ?> metadata,
      ThrowingSupplier<? extends CompletionStage<T>, E> body)
      throws E {
    Objects.requireNonNull(body, "body");
    TraceGroup group = traceGroup(name, metadata);
    CompletionStage<T> stage;
    try {
      stage = body.get();
    } catch (Throwable t) {
      group.recordError(t);
      group.close();
      throw t;
    }
    group.detach();
    if (stage == null) {
      group.end();
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    stage.whenComplete(
        (value, error) -> {
          try {
            if (error != null) {
              group.recordError(unwrap(error));
            } else if (group.isRecording() && group.output() == null) {
              group.setOutput(value);
            }
            group.end();
          } catch (Throwable t) {
            Throwables.propagateIfFatal(t);
          } finally {
            if (error != null) {
              result.completeExceptionally(error);
            } else {
              result.complete(value);
            }
          }
        });
    return result;
  }

  // ---------------------------------------------------------------- other spans

  /**
   * Runs a tool of your own as a {@code tool} span: its name, arguments, result, duration and
   * error are recorded. Tool executions that answer an LLM's tool calls are also traced
   * automatically by provider instrumentation; use this for tools that do not.
   */
  public static <T, E extends Throwable> T tool(
      String name, Object arguments, ThrowingSupplier<T, E> body) throws E {
    ToolSpanData data = new ToolSpanData(name, arguments);
    if (tracer().isEnabled()) {
      // An LLM call that asked for this tool is answered by this explicit span, not a second one.
      data.toolCallId(ai.nora.internal.instrument.ToolCallTracker.claim(name, Tracer.currentSpan()));
    }
    return inSpan(name, data, body, result -> data.result(result));
  }

  /** Runs {@code body} as an {@code agent} span named after the agent. */
  public static <T, E extends Throwable> T agent(String name, ThrowingSupplier<T, E> body)
      throws E {
    return inSpan(name, new AgentSpanData(name), body, result -> {});
  }

  /** Runs {@code body} as a {@code custom} span carrying {@code data} (retrieval, parsing...). */
  public static <T, E extends Throwable> T span(
      String name, Map<String, ?> data, ThrowingSupplier<T, E> body) throws E {
    CustomSpanData custom = new CustomSpanData(data);
    return inSpan(name, custom, body, result -> {});
  }

  private static <T, E extends Throwable> T inSpan(
      String name, SpanData data, ThrowingSupplier<T, E> body, java.util.function.Consumer<T> out)
      throws E {
    Objects.requireNonNull(body, "body");
    Tracer tracer = tracer();
    if (!tracer.isEnabled()) {
      return body.get();
    }
    Span span = tracer.startSpan(nameOr(name, data.type()), data);
    try (Scope ignored = tracer.makeCurrent(span)) {
      T result = body.get();
      try {
        out.accept(result);
      } catch (Throwable t) {
        Throwables.propagateIfFatal(t);
      }
      return result;
    } catch (Throwable t) {
      span.recordError(t);
      throw t;
    } finally {
      span.end();
    }
  }

  // ---------------------------------------------------------------- context

  /** {@code task}, run in the trace context current now, on whichever thread runs it. */
  public static Runnable wrap(Runnable task) {
    return TraceContext.current().wrap(task);
  }

  /** {@code task}, run in the trace context current now. */
  public static <T> Callable<T> wrap(Callable<T> task) {
    return TraceContext.current().wrap(task);
  }

  /** {@code supplier}, run in the trace context current now ({@code supplyAsync}). */
  public static <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
    return TraceContext.current().wrapSupplier(supplier);
  }

  /** An executor running each task in the context current where it was submitted. */
  public static Executor wrap(Executor executor) {
    return TraceContext.taskWrapping(executor);
  }

  /** An executor service running each task in the context current where it was submitted. */
  public static ExecutorService wrap(ExecutorService executor) {
    return TraceContext.taskWrapping(executor);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Blocks until everything recorded so far was delivered to the exporters' destinations, or
   * 10 seconds passed.
   *
   * @return true when everything was delivered
   */
  public static boolean flush() {
    return flush(DEFAULT_FLUSH_TIMEOUT);
  }

  /** As {@link #flush()}, waiting at most {@code timeout}. */
  public static boolean flush(Duration timeout) {
    NoraRuntime r = runtime;
    if (r == null) {
      return true;
    }
    try {
      return r.tracer.forceFlush(timeout);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("flush", "flush failed", t);
      return false;
    }
  }

  /** Stops recording until {@link #enable()}; spans already started still end normally. */
  public static void disable() {
    NoraRuntime r = runtime;
    if (r != null) {
      r.controls.setEnabled(false);
    }
  }

  /** Records again after {@link #disable()}. Has no effect under {@code NORA_DISABLED=true}. */
  public static void enable() {
    NoraRuntime r = runtime;
    if (r == null) {
      return;
    }
    if (r.config.disabled()) {
      NoraLog.warnOnce("enable:disabled", "Nora.enable() ignored: NORA_DISABLED is set", null);
      return;
    }
    r.controls.setEnabled(true);
  }

  /** Whether new groups and calls are recorded now. */
  public static boolean isEnabled() {
    return tracer().isEnabled();
  }

  /**
   * Delivers what is queued (within the shutdown timeout) and stops; Nora is then as before
   * {@code init}. The JVM's exit does this by itself.
   */
  public static synchronized void shutdown() {
    NoraRuntime r = runtime;
    runtime = null;
    ai.nora.internal.instrument.CurrentTracer.set(null);
    if (r != null) {
      r.tracer.shutdown(r.config.shutdownTimeout());
    }
    // Tool calls still waiting for their answer hold spans: nothing will answer them now.
    ai.nora.internal.instrument.ToolCallTracker.clear();
  }

  private static void shutdownOnExit() {
    try {
      shutdown();
    } catch (Throwable t) {
      // Logging may already be gone at this point of the JVM's exit.
      System.err.println("[nora] shutdown failed: " + t);
    }
  }

  // ---------------------------------------------------------------- processors

  /** Adds a processor next to Nora's own export. */
  public static void addTraceProcessor(TraceProcessor processor) {
    requireRuntime("addTraceProcessor").controls.addProcessor(processor);
  }

  /**
   * Replaces Nora's processors, its export to the server included, with {@code processors}
   * (those replaced are shut down). The local queries keep working.
   */
  public static void setTraceProcessors(List<? extends TraceProcessor> processors) {
    requireRuntime("setTraceProcessors").setProcessors(processors);
  }

  private static NoraRuntime requireRuntime(String method) {
    NoraRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException("Nora." + method + " needs Nora.init(...) first");
    }
    return r;
  }

  // ---------------------------------------------------------------- local queries

  /** How export is doing, over every exporter; {@link ExportStatus#NONE} before {@code init}. */
  public static ExportStatus exportStatus() {
    NoraRuntime r = runtime;
    if (r == null) {
      return ExportStatus.NONE;
    }
    long exported = 0;
    long failed = 0;
    long dropped = 0;
    long queued = 0;
    long success = 0;
    long failure = 0;
    boolean failing = false;
    for (ai.nora.trace.TraceProcessor p : r.tracer.processors()) {
      if (p instanceof ai.nora.export.BatchTraceProcessor) {
        ai.nora.export.BatchTraceProcessor b = (ai.nora.export.BatchTraceProcessor) p;
        exported += b.exportedCount();
        failed += b.failedCount();
        dropped += b.droppedCount();
        queued += b.queuedCount();
        success = Math.max(success, b.lastSuccessMillis());
        failure = Math.max(failure, b.lastFailureMillis());
        failing |= b.lastExportFailed();
      }
    }
    return new ExportStatus(exported, failed, dropped, queued, success, failure, failing);
  }

  /** The recent finished trace groups of this process, newest first. */
  public static List<GroupSummary> getTraceGroups() {
    NoraRuntime r = runtime;
    return r == null ? List.of() : r.local.groups();
  }

  /** The recent LLM calls made inside a group named {@code name}, at any depth, oldest first. */
  public static List<Span> findTracesByGroup(String name) {
    NoraRuntime r = runtime;
    return r == null || name == null ? List.of() : r.local.callsInGroup(name);
  }

  /** The recent LLM calls made inside the group with this id (or in the trace with this id). */
  public static List<Span> findTracesByGroupId(String groupId) {
    NoraRuntime r = runtime;
    return r == null || groupId == null ? List.of() : r.local.callsInGroupId(groupId);
  }

  // ---------------------------------------------------------------- helpers

  private static String nameOr(String name, String fallback) {
    return name == null || name.isBlank() ? fallback : name;
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
