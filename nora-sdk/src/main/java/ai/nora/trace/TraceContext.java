package ai.nora.trace;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The trace and span that new spans become children of. It follows the thread it was made
 * current on; to carry it to other threads, capture it and wrap the work:
 *
 * <pre>{@code
 * TraceContext ctx = TraceContext.current();
 * executor.submit(ctx.wrap(() -> client.chat().completions().create(params)));
 * future.thenApplyAsync(ctx.wrapFunction(r -> summarise(r)), pool);
 * ExecutorService traced = TraceContext.taskWrapping(pool); // every task carries its submitter's
 * }</pre>
 */
public final class TraceContext {
  static final TraceContext ROOT = new TraceContext(null);

  private final Span span;

  TraceContext(Span span) {
    this.span = span;
  }

  /** The context current on this thread; never null (outside any trace: an empty context). */
  public static TraceContext current() {
    return ContextStorage.current();
  }

  /** The context whose current span is {@code span}. */
  public static TraceContext of(Span span) {
    return span == null ? ROOT : new TraceContext(span);
  }

  /**
   * Until the scope is closed, a trace started on this thread joins the OpenTelemetry span with
   * these ids (its trace id, and the span as its root's parent), for integrations that know the
   * span before OpenTelemetry makes it current (an observation handler, say). Where the tracer
   * does not join OpenTelemetry, nothing changes.
   *
   * @param traceId 32 hex characters (16 are taken as the low half)
   * @param spanId 16 hex characters
   */
  public static Scope joiningOpenTelemetry(String traceId, String spanId) {
    return OtelContext.given(traceId, spanId);
  }

  /** The current span, or null outside any trace. */
  public Span span() {
    return span;
  }

  /** The current trace, or null outside any trace. */
  public Trace trace() {
    return span == null ? null : span.trace();
  }

  /** Whether this context is inside a trace. */
  public boolean isEmpty() {
    return span == null;
  }

  /** Makes this context current on this thread until the scope is closed. */
  public Scope makeCurrent() {
    return ContextStorage.attach(this);
  }

  /** {@code task}, run in this context on whichever thread runs it. */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try (Scope ignored = makeCurrent()) {
        task.run();
      }
    };
  }

  /** {@code task}, run in this context on whichever thread runs it. */
  public <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try (Scope ignored = makeCurrent()) {
        return task.call();
      }
    };
  }

  /** {@code supplier}, run in this context. */
  public <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> {
      try (Scope ignored = makeCurrent()) {
        return supplier.get();
      }
    };
  }

  /** {@code fn}, run in this context: for {@code CompletableFuture.thenApply} and kin. */
  public <T, R> Function<T, R> wrapFunction(Function<T, R> fn) {
    Objects.requireNonNull(fn, "fn");
    return t -> {
      try (Scope ignored = makeCurrent()) {
        return fn.apply(t);
      }
    };
  }

  /** {@code consumer}, run in this context: for {@code CompletableFuture.thenAccept}. */
  public <T> Consumer<T> wrapConsumer(Consumer<T> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return t -> {
      try (Scope ignored = makeCurrent()) {
        consumer.accept(t);
      }
    };
  }

  /** {@code fn}, run in this context: for {@code thenCombine} and {@code handle}. */
  public <T, U, R> BiFunction<T, U, R> wrapBiFunction(BiFunction<T, U, R> fn) {
    Objects.requireNonNull(fn, "fn");
    return (t, u) -> {
      try (Scope ignored = makeCurrent()) {
        return fn.apply(t, u);
      }
    };
  }

  /** {@code consumer}, run in this context: for {@code whenComplete}. */
  public <T, U> BiConsumer<T, U> wrapBiConsumer(BiConsumer<T, U> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return (t, u) -> {
      try (Scope ignored = makeCurrent()) {
        consumer.accept(t, u);
      }
    };
  }

  /** An executor that runs every task in the context current where the task was submitted. */
  public static Executor taskWrapping(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return task -> executor.execute(current().wrap(task));
  }

  /**
   * An executor service that runs every task in the context current where the task was
   * submitted; shutdown and the rest pass through.
   */
  public static ExecutorService taskWrapping(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return new ContextExecutorService(executor);
  }

  @Override
  public String toString() {
    return span == null ? "TraceContext{empty}" : "TraceContext{" + span + "}";
  }

  private static final class ContextExecutorService implements ExecutorService {
    private final ExecutorService delegate;

    ContextExecutorService(ExecutorService delegate) {
      this.delegate = delegate;
    }

    private static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
      TraceContext ctx = current();
      return tasks.stream().map(ctx::wrap).toList();
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(current().wrap(command));
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
      return delegate.submit(current().wrap(task));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
      return delegate.submit(current().wrap(task), result);
    }

    @Override
    public Future<?> submit(Runnable task) {
      return delegate.submit(current().wrap(task));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
        throws InterruptedException {
      return delegate.invokeAll(wrapAll(tasks));
    }

    @Override
    public <T> List<Future<T>> invokeAll(
        Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException {
      return delegate.invokeAll(wrapAll(tasks), timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
        throws InterruptedException, ExecutionException {
      return delegate.invokeAny(wrapAll(tasks));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return delegate.invokeAny(wrapAll(tasks), timeout, unit);
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }
  }
}
