package ai.nora.trace;

import ai.nora.cost.PriceTable;
import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Creates traces and spans and hands them to the processors: the engine behind {@link
 * ai.nora.Nora} and provider instrumentation. A span started while another is current becomes
 * its child; a span started outside any trace begins a trace of its own.
 *
 * <pre>{@code
 * Span span = tracer.startSpan("retrieve", new CustomSpanData(Map.of("index", "docs")));
 * try (Scope ignored = tracer.makeCurrent(span)) {
 *   ... // spans started here are children of "retrieve"
 * } catch (RuntimeException e) {
 *   span.recordError(e);
 *   throw e;
 * } finally {
 *   span.end();
 * }
 * }</pre>
 *
 * <p>No method throws: a failure inside Nora is logged once and the call degrades to a span
 * that records nothing.
 */
public final class Tracer {
  private final Clock clock;
  private final IdGenerator ids;
  private final String environment;
  private final ContentPolicy policy;
  private final PriceTable prices;
  private final long sampleThreshold;
  private final boolean sampleAll;
  private final boolean joinOpenTelemetry;
  private final MultiTraceProcessor processors = new MultiTraceProcessor();
  private volatile boolean enabled;

  private Tracer(Builder b) {
    this.clock = b.clock;
    this.ids = b.ids;
    this.environment = b.environment;
    this.policy = b.policy;
    this.prices = b.prices;
    this.sampleAll = b.sampleRate >= 1.0;
    this.joinOpenTelemetry = b.joinOpenTelemetry;
    this.sampleThreshold = (long) (b.sampleRate * Long.MAX_VALUE);
    this.enabled = b.enabled;
    processors.set(b.processors);
  }

  /** A builder with defaults: enabled, every trace kept, the bundled price table. */
  public static Builder builder() {
    return new Builder();
  }

  /** A tracer that records nothing. */
  public static Tracer noop() {
    return Noop.TRACER;
  }

  /** Whether spans are recorded. */
  public boolean isEnabled() {
    return enabled;
  }

  /** The environment every trace is tagged with. */
  public String environment() {
    return environment;
  }

  /** The content policy applied to every span as it ends. */
  public ContentPolicy contentPolicy() {
    return policy;
  }

  /** The price table used to cost LLM calls that carry no cost of their own. */
  public PriceTable priceTable() {
    return prices;
  }

  Clock clock() {
    return clock;
  }

  /** The processors, in order. */
  public List<TraceProcessor> processors() {
    return processors.list();
  }

  /** The span current on this thread, or null. */
  public static Span currentSpan() {
    return ContextStorage.current().span();
  }

  /** Makes {@code span} current on this thread until the scope is closed. */
  public Scope makeCurrent(Span span) {
    return TraceContext.of(span).makeCurrent();
  }

  /** Starts a span, child of the current span, or the root of a new trace named after it. */
  public Span startSpan(String name, SpanData data) {
    return startSpan(name, data, ContextStorage.current());
  }

  /** Starts a span, child of {@code parent}'s span, or the root of a new trace. */
  public Span startSpan(String name, SpanData data, TraceContext parent) {
    if (!enabled) {
      return nonRecording(name, data);
    }
    try {
      Span parentSpan = parent == null ? null : parent.span();
      if (parentSpan != null && parentSpan.isRecording()) {
        Span span = new Span(parentSpan.trace(), parentSpan, ids.spanId(), name, data);
        if (span.trace().sampled()) {
          processors.onSpanStart(span);
        }
        return span;
      }
      return startRoot(name, data);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("tracer:start", "could not start span '" + name + "'; not traced", t);
      return nonRecording(name, data);
    }
  }

  /**
   * Starts a span that began at {@code startEpochNanos}, a time already past, as the child of
   * {@code parent} (which must be a recording span): for work learnt of after it happened.
   * Returns a non-recording span when that is impossible.
   */
  public Span startSpanAt(String name, SpanData data, Span parent, long startEpochNanos) {
    if (!enabled || parent == null || !parent.isRecording()) {
      return nonRecording(name, data);
    }
    try {
      Span span = new Span(parent.trace(), parent, ids.spanId(), name, data, startEpochNanos);
      if (span.trace().sampled()) {
        processors.onSpanStart(span);
      }
      return span;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("tracer:startAt", "could not record span '" + name + "'", t);
      return nonRecording(name, data);
    }
  }

  /**
   * A span that records nothing but still carries its data, so that code filling the data in
   * works the same whether Nora is on or off.
   */
  private static Span nonRecording(String name, SpanData data) {
    return new Span(Noop.TRACE, null, 0, name, data);
  }

  static boolean isRecording(Trace trace) {
    return trace != Noop.TRACE;
  }

  private Span startRoot(String name, SpanData data) {
    long[] otel = joinOpenTelemetry ? OtelContext.current() : null;
    long high = otel != null ? otel[0] : ids.traceIdHigh();
    long low = otel != null ? otel[1] : ids.traceIdLow();
    boolean sampled = sampleAll || (low >>> 1) < sampleThreshold;
    Trace trace = new Trace(this, high, low, name, sampled);
    if (otel != null) {
      trace.joinedParent(Ids.hex(otel[2]));
    }
    if (data instanceof GroupSpanData) {
      GroupSpanData g = (GroupSpanData) data;
      trace.start(g.metadata(), g.input(), policy);
    }
    Span span = new Span(trace, null, ids.spanId(), name, data);
    if (sampled) {
      processors.onTraceStart(trace);
      processors.onSpanStart(span);
    }
    return span;
  }

  void onEnd(Span span) {
    if (!span.isRecording()) {
      return;
    }
    try {
      SpanData data = span.data();
      data.applyPolicy(policy);
      account(span, data);
      Trace trace = span.trace();
      boolean root = span.parent() == null;
      if (root) {
        // The trace is complete before its root span is handed on, so that whoever receives
        // the root (an export queue) finds the trace's final state with it.
        endTrace(trace, span, data);
      }
      data.freeze();
      if (trace.sampled()) {
        processors.onSpanEnd(span);
        if (root) {
          processors.onTraceEnd(trace);
        }
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("tracer:end", "could not record the end of " + span + "; dropped", t);
    }
  }

  /** Prices LLM calls and adds calls, tokens, cost and errors to every enclosing group. */
  private void account(Span span, SpanData data) {
    Usage usage = null;
    Double cost = null;
    boolean isCall = false;
    if (data instanceof GenerationSpanData) {
      GenerationSpanData g = (GenerationSpanData) data;
      isCall = true;
      usage = g.usage();
      if (g.cost() == null && usage != null) {
        g.cost(price(g.provider(), g.responseModel(), g.model(), usage));
      }
      cost = g.cost();
    } else if (data instanceof EmbeddingSpanData) {
      EmbeddingSpanData e = (EmbeddingSpanData) data;
      isCall = true;
      usage = e.usage();
      if (e.cost() == null && usage != null) {
        e.cost(price(e.provider(), null, e.model(), usage));
      }
      cost = e.cost();
    }
    boolean error = span.error() != null;
    if (!isCall && !error) {
      return;
    }
    for (Span p = span.parent(); p != null; p = p.parent()) {
      if (p.data() instanceof GroupSpanData) {
        ((GroupSpanData) p.data()).aggregate().add(usage, cost, error, isCall);
      }
    }
    span.trace().aggregate().add(usage, cost, error, isCall);
  }

  private Double price(String provider, String responseModel, String model, Usage usage) {
    ai.nora.cost.Tokens tokens = usage.tokens();
    Double cost = responseModel == null ? null : prices.cost(provider, responseModel, tokens);
    return cost != null ? cost : prices.cost(provider, model, tokens);
  }

  private void endTrace(Trace trace, Span root, SpanData data) {
    Object input = null;
    Object output = null;
    if (data instanceof GroupSpanData) {
      input = ((GroupSpanData) data).input();
      output = ((GroupSpanData) data).output();
    } else if (data instanceof GenerationSpanData) {
      GenerationSpanData g = (GenerationSpanData) data;
      input = lastUserText(g.input());
      output = g.output() == null || g.output().isEmpty() ? null : g.output().get(0).content();
    } else if (data instanceof AgentSpanData) {
      input = ((AgentSpanData) data).input();
      output = ((AgentSpanData) data).output();
    } else if (data instanceof RetrievalSpanData) {
      input = ((RetrievalSpanData) data).query();
    } else if (data instanceof ToolSpanData) {
      input = ((ToolSpanData) data).arguments();
      output = ((ToolSpanData) data).result();
    }
    trace.end(root.status(), root.error(), input, output);
  }

  private static String lastUserText(List<Message> messages) {
    if (messages == null) {
      return null;
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) {
        return messages.get(i).content();
      }
    }
    return null;
  }

  /** Asks every processor to deliver what it has, waiting at most {@code timeout}. */
  public boolean forceFlush(Duration timeout) {
    return processors.forceFlush(timeout);
  }

  /** Stops recording and shuts every processor down within {@code timeout}. */
  public void shutdown(Duration timeout) {
    enabled = false;
    processors.shutdown(timeout);
  }

  /** Configures a {@link Tracer}. */
  public static final class Builder {
    private Clock clock = Clock.system();
    private IdGenerator ids = IdGenerator.random();
    private String environment = "default";
    private ContentPolicy policy = ContentPolicy.defaults();
    private PriceTable prices;
    private double sampleRate = 1.0;
    private boolean enabled = true;
    private boolean joinOpenTelemetry = true;
    private List<? extends TraceProcessor> processors = List.of();

    private Builder() {}

    /** The clock; tests pass one they control. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** The id generator; tests pass a predictable one. */
    public Builder idGenerator(IdGenerator value) {
      this.ids = Objects.requireNonNull(value, "idGenerator");
      return this;
    }

    /** The environment every trace is tagged with. */
    public Builder environment(String value) {
      this.environment = Objects.requireNonNull(value, "environment");
      return this;
    }

    /** What is kept of prompts, responses and tool data. */
    public Builder contentPolicy(ContentPolicy value) {
      this.policy = Objects.requireNonNull(value, "contentPolicy");
      return this;
    }

    /** The price table for LLM calls. */
    public Builder priceTable(PriceTable value) {
      this.prices = Objects.requireNonNull(value, "priceTable");
      return this;
    }

    /**
     * The share of traces kept, from 0 to 1. The decision is made once per trace, from its id,
     * so a trace is kept or dropped whole and every process that sees the id decides alike.
     */
    public Builder sampleRate(double value) {
      if (!(value >= 0.0 && value <= 1.0)) {
        throw new IllegalArgumentException("sampleRate must be between 0 and 1, was " + value);
      }
      this.sampleRate = value;
      return this;
    }

    /**
     * Whether a trace started inside a current OpenTelemetry span takes its trace id and records
     * it as the parent of its root spans (default true).
     */
    public Builder joinOpenTelemetry(boolean value) {
      this.joinOpenTelemetry = value;
      return this;
    }

    /** Whether the tracer starts enabled. */
    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    /** The processors, in order. */
    public Builder processors(List<? extends TraceProcessor> value) {
      this.processors = List.copyOf(value);
      return this;
    }

    /** The tracer. Its configuration is fixed: see {@link #buildControlled()} for one that can change. */
    public Tracer build() {
      return buildControlled().tracer();
    }

    /**
     * The tracer with its {@link Controls}: whoever builds a tracer this way, and only they, can
     * switch it off and on and change its processors afterwards.
     */
    public Controls buildControlled() {
      if (prices == null) {
        prices = PriceTable.bundled();
      }
      return new Controls(new Tracer(this));
    }
  }

  /**
   * The switches of one tracer: recording on or off, and its processors. They are handed only to
   * the code that built the tracer ({@link Builder#buildControlled()}; for Nora's own tracer, {@code
   * Nora}), so that code holding the tracer, from {@code Nora.tracer()} for instance, cannot
   * reconfigure it behind the owner's back.
   */
  public static final class Controls {
    private final Tracer tracer;

    private Controls(Tracer tracer) {
      this.tracer = tracer;
    }

    /** The tracer these controls switch. */
    public Tracer tracer() {
      return tracer;
    }

    /** Turns recording on or off; spans already started still end normally. */
    public void setEnabled(boolean value) {
      tracer.enabled = value && tracer != Noop.TRACER;
    }

    /** Adds a processor after those present. */
    public void addProcessor(TraceProcessor processor) {
      tracer.processors.add(Objects.requireNonNull(processor, "processor"));
    }

    /** Replaces every processor. */
    public void setProcessors(List<? extends TraceProcessor> list) {
      Objects.requireNonNull(list, "list");
      list.forEach(p -> Objects.requireNonNull(p, "processor"));
      tracer.processors.set(list);
    }
  }

  /** Built on first use, so that loading {@code Tracer} costs nothing. */
  private static final class Noop {
    static final Tracer TRACER = builder().enabled(false).priceTable(PriceTable.empty()).build();
    static final Trace TRACE = new Trace(TRACER, 0, 0, "", false);
  }
}
