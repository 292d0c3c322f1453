package ai.nora;

import ai.nora.cost.PriceTable;
import ai.nora.trace.ContentPolicy;
import ai.nora.trace.TraceProcessor;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Nora's settings. Every setting not set in code comes from its system property or environment
 * variable (listed in {@code docs/configuration.md}), else its default.
 *
 * <pre>{@code
 * Nora.init(NoraConfig.builder()
 *     .apiKey(System.getenv("NORA_API_KEY"))
 *     .apiUrl("http://localhost:8000/v1")
 *     .environment("production")
 *     .tracedFunctions(List.of("com.acme.Agents#research"))
 *     .mask(text -> text.replaceAll("\\d{16}", "[card]"))
 *     .build());
 * }</pre>
 *
 * <p>A mistake (a malformed URL, a sample rate of 2, no API key) fails {@link Builder#build()}
 * with a message that names the setting and its variable.
 */
public final class NoraConfig {
  /** The default server API base. */
  public static final String DEFAULT_API_URL = "http://localhost:8000/v1";

  private static final Set<String> EXPORTERS = Set.of("http", "otlp", "console", "jsonl", "none");

  private final String apiKey;
  private final String apiUrl;
  private final String environment;
  private final boolean autoPatch;
  private final List<String> tracedFunctions;
  private final String serviceUrl;
  private final boolean disabled;
  private final ContentPolicy contentPolicy;
  private final double sampleRate;
  private final List<String> exporters;
  private final Path exportFile;
  private final String otlpEndpoint;
  private final Map<String, String> otlpHeaders;
  private final String serviceName;
  private final boolean joinOpenTelemetry;
  private final int maxQueueSize;
  private final int maxBatchSize;
  private final Duration scheduleDelay;
  private final Duration exportTimeout;
  private final Duration shutdownTimeout;
  private final int localBufferSize;
  private final PriceTable priceTable;
  private final List<TraceProcessor> processors;

  private NoraConfig(Builder b, ContentPolicy policy) {
    this.apiKey = b.apiKey;
    this.apiUrl = b.apiUrl;
    this.environment = b.environment;
    this.autoPatch = b.autoPatch;
    this.tracedFunctions = List.copyOf(b.tracedFunctions);
    this.serviceUrl = b.serviceUrl;
    this.disabled = b.disabled;
    this.contentPolicy = policy;
    this.sampleRate = b.sampleRate;
    this.exporters = List.copyOf(b.exporters);
    this.exportFile = b.exportFile;
    this.otlpEndpoint = b.otlpEndpoint;
    this.otlpHeaders = Map.copyOf(b.otlpHeaders);
    this.serviceName = b.serviceName;
    this.joinOpenTelemetry = b.joinOpenTelemetry;
    this.maxQueueSize = b.maxQueueSize;
    this.maxBatchSize = b.maxBatchSize;
    this.scheduleDelay = b.scheduleDelay;
    this.exportTimeout = b.exportTimeout;
    this.shutdownTimeout = b.shutdownTimeout;
    this.localBufferSize = b.localBufferSize;
    this.priceTable = b.priceTable == null ? PriceTable.bundled() : b.priceTable;
    this.processors = List.copyOf(b.processors);
  }

  /** A builder starting from the system properties and environment. */
  public static Builder builder() {
    return new Builder(ConfigSource.system());
  }

  static Builder builder(ConfigSource source) {
    return new Builder(source);
  }

  /** The project's API key on the Nora server. */
  public String apiKey() {
    return apiKey;
  }

  /** The server's API base, such as {@code http://localhost:8000/v1}. */
  public String apiUrl() {
    return apiUrl;
  }

  /** The environment every trace is tagged with. */
  public String environment() {
    return environment;
  }

  /** Whether provider SDKs are instrumented on init. */
  public boolean autoPatch() {
    return autoPatch;
  }

  /** Methods that become trace groups when called ({@code com.acme.Workflow#run}). */
  public List<String> tracedFunctions() {
    return tracedFunctions;
  }

  /** The application's feedback service URL, sent along with every batch; or null. */
  public String serviceUrl() {
    return serviceUrl;
  }

  /** Whether tracing is off altogether ({@code NORA_DISABLED=true}). */
  public boolean disabled() {
    return disabled;
  }

  /** What is kept of prompts, responses and tool data. */
  public ContentPolicy contentPolicy() {
    return contentPolicy;
  }

  /** The share of traces kept, 0 to 1. */
  public double sampleRate() {
    return sampleRate;
  }

  /** Where traces go: {@code http}, {@code console}, {@code jsonl}, or {@code none}. */
  public List<String> exporters() {
    return exporters;
  }

  /** The file the {@code jsonl} exporter appends to. */
  public Path exportFile() {
    return exportFile;
  }

  /**
   * Where the {@code otlp} exporter sends spans: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, or
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT} with {@code /v1/traces} appended; null when neither is set.
   */
  public String otlpEndpoint() {
    return otlpEndpoint;
  }

  /** Headers of the {@code otlp} exporter ({@code OTEL_EXPORTER_OTLP_HEADERS}). */
  public Map<String, String> otlpHeaders() {
    return otlpHeaders;
  }

  /** The application's name for OpenTelemetry ({@code OTEL_SERVICE_NAME}). */
  public String serviceName() {
    return serviceName;
  }

  /**
   * Whether a trace started inside a current OpenTelemetry span joins it: same trace id, that
   * span as its root's parent ({@code NORA_JOIN_OPENTELEMETRY}, default true).
   */
  public boolean joinOpenTelemetry() {
    return joinOpenTelemetry;
  }

  /** How many spans may wait for export before new ones are dropped. */
  public int maxQueueSize() {
    return maxQueueSize;
  }

  /** The most spans in one export. */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** The longest a span waits before export. */
  public Duration scheduleDelay() {
    return scheduleDelay;
  }

  /** How long one batch may take to deliver, retries included. */
  public Duration exportTimeout() {
    return exportTimeout;
  }

  /** How long the JVM's exit waits for queued traces to be delivered. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** How many recent groups and calls the local queries ({@link Nora#getTraceGroups()}) keep. */
  public int localBufferSize() {
    return localBufferSize;
  }

  /** The prices used to cost LLM calls. */
  public PriceTable priceTable() {
    return priceTable;
  }

  /** Processors added to Nora's own. */
  public List<TraceProcessor> processors() {
    return processors;
  }

  /** Builds a {@link NoraConfig}. */
  public static final class Builder {
    private final List<String> problems = new ArrayList<>();
    private String apiKey;
    private String apiUrl;
    private String environment;
    private boolean autoPatch;
    private List<String> tracedFunctions;
    private String serviceUrl;
    private boolean disabled;
    private boolean captureContent;
    private UnaryOperator<String> mask = UnaryOperator.identity();
    private int maxFieldChars;
    private double sampleRate;
    private List<String> exporters;
    private Path exportFile;
    private String otlpEndpoint;
    private Map<String, String> otlpHeaders = Map.of();
    private String serviceName;
    private boolean joinOpenTelemetry;
    private int maxQueueSize;
    private int maxBatchSize;
    private Duration scheduleDelay;
    private Duration exportTimeout;
    private Duration shutdownTimeout;
    private int localBufferSize;
    private PriceTable priceTable;
    private final List<TraceProcessor> processors = new ArrayList<>();

    private Builder(ConfigSource src) {
      Settings s = new Settings(src, problems);
      apiKey = s.string("NORA_API_KEY", null);
      apiUrl = s.string("NORA_API_URL", DEFAULT_API_URL);
      environment = s.string("NORA_ENVIRONMENT", "default");
      autoPatch = s.bool("NORA_AUTO_PATCH", true);
      tracedFunctions = s.list("NORA_TRACED_FUNCTIONS");
      serviceUrl = s.string("NORA_SERVICE_URL", null);
      disabled = s.bool("NORA_DISABLED", false);
      captureContent = s.bool("NORA_CAPTURE_CONTENT", true);
      maxFieldChars = s.integer("NORA_MAX_FIELD_CHARS", ContentPolicy.DEFAULT_MAX_FIELD_CHARS);
      sampleRate = s.decimal("NORA_SAMPLE_RATE", 1.0);
      List<String> exp = s.list("NORA_EXPORTER");
      exporters = exp.isEmpty() ? List.of("http") : exp;
      exportFile = Path.of(s.string("NORA_EXPORT_FILE", "nora-traces.jsonl"));
      String otlpBase = s.string("OTEL_EXPORTER_OTLP_ENDPOINT", null);
      otlpEndpoint = s.string("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
          otlpBase == null ? null : otlpBase.replaceAll("/+$", "") + "/v1/traces");
      try {
        otlpHeaders = ai.nora.export.OtlpHttpExporter.parseHeaders(
            s.string("OTEL_EXPORTER_OTLP_TRACES_HEADERS", s.string("OTEL_EXPORTER_OTLP_HEADERS", null)));
      } catch (IllegalArgumentException e) {
        problems.add("OTEL_EXPORTER_OTLP_HEADERS: " + e.getMessage());
      }
      serviceName = s.string("OTEL_SERVICE_NAME", "unknown_service:java");
      joinOpenTelemetry = s.bool("NORA_JOIN_OPENTELEMETRY", true);
      maxQueueSize = s.integer("NORA_MAX_QUEUE_SIZE", 8192);
      maxBatchSize = s.integer("NORA_MAX_BATCH_SIZE", 512);
      scheduleDelay = Duration.ofMillis(s.integer("NORA_SCHEDULE_DELAY_MS", 1000));
      exportTimeout = Duration.ofMillis(s.integer("NORA_EXPORT_TIMEOUT_MS", 30_000));
      shutdownTimeout = Duration.ofMillis(s.integer("NORA_SHUTDOWN_TIMEOUT_MS", 5_000));
      localBufferSize = s.integer("NORA_LOCAL_BUFFER_SIZE", 1000);
    }

    /** The project's API key on the Nora server ({@code NORA_API_KEY}). */
    public Builder apiKey(String value) {
      this.apiKey = value;
      return this;
    }

    /** The server's API base ({@code NORA_API_URL}, default {@value #DEFAULT_API_URL}). */
    public Builder apiUrl(String value) {
      this.apiUrl = Objects.requireNonNull(value, "apiUrl");
      return this;
    }

    /** The environment tag ({@code NORA_ENVIRONMENT}, default {@code default}). */
    public Builder environment(String value) {
      this.environment = Objects.requireNonNull(value, "environment");
      return this;
    }

    /** Whether to instrument provider SDKs on init ({@code NORA_AUTO_PATCH}, default true). */
    public Builder autoPatch(boolean value) {
      this.autoPatch = value;
      return this;
    }

    /**
     * Methods that become trace groups ({@code NORA_TRACED_FUNCTIONS}, comma-separated), each
     * {@code com.acme.Workflow#run} or {@code com.acme.Workflow.run}.
     */
    public Builder tracedFunctions(List<String> value) {
      this.tracedFunctions = List.copyOf(value);
      return this;
    }

    /** The application's feedback service URL ({@code NORA_SERVICE_URL}). */
    public Builder serviceUrl(String value) {
      this.serviceUrl = value;
      return this;
    }

    /** Turns all tracing off ({@code NORA_DISABLED}, default false). */
    public Builder disabled(boolean value) {
      this.disabled = value;
      return this;
    }

    /**
     * Whether prompts, responses and tool data are captured ({@code NORA_CAPTURE_CONTENT},
     * default true). Off, Nora still records models, usage, cost, timing and errors.
     */
    public Builder captureContent(boolean value) {
      this.captureContent = value;
      return this;
    }

    /** A function applied to every captured text before it leaves the span. */
    public Builder mask(UnaryOperator<String> value) {
      this.mask = Objects.requireNonNull(value, "mask");
      return this;
    }

    /** The length at which captured texts are cut ({@code NORA_MAX_FIELD_CHARS}). */
    public Builder maxFieldChars(int value) {
      this.maxFieldChars = value;
      return this;
    }

    /** The share of traces kept, 0 to 1 ({@code NORA_SAMPLE_RATE}, default 1). */
    public Builder sampleRate(double value) {
      this.sampleRate = value;
      return this;
    }

    /**
     * Where traces go ({@code NORA_EXPORTER}, comma-separated, default {@code http}): {@code
     * http} (the Nora server), {@code console} (a log line per span), {@code jsonl} (a file),
     * {@code none}.
     */
    public Builder exporters(List<String> value) {
      this.exporters = List.copyOf(value);
      return this;
    }

    /** The full URL the {@code otlp} exporter sends to ({@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}). */
    public Builder otlpEndpoint(String value) {
      this.otlpEndpoint = value;
      return this;
    }

    /** Headers the {@code otlp} exporter sends, such as an API key ({@code OTEL_EXPORTER_OTLP_HEADERS}). */
    public Builder otlpHeaders(Map<String, String> value) {
      this.otlpHeaders = Map.copyOf(value);
      return this;
    }

    /** The application's name for OpenTelemetry ({@code OTEL_SERVICE_NAME}). */
    public Builder serviceName(String value) {
      this.serviceName = Objects.requireNonNull(value, "serviceName");
      return this;
    }

    /** Whether traces join a current OpenTelemetry span ({@code NORA_JOIN_OPENTELEMETRY}). */
    public Builder joinOpenTelemetry(boolean value) {
      this.joinOpenTelemetry = value;
      return this;
    }

    /** The file of the {@code jsonl} exporter ({@code NORA_EXPORT_FILE}). */
    public Builder exportFile(Path value) {
      this.exportFile = Objects.requireNonNull(value, "exportFile");
      return this;
    }

    /** Export queue capacity ({@code NORA_MAX_QUEUE_SIZE}, default 8192). */
    public Builder maxQueueSize(int value) {
      this.maxQueueSize = value;
      return this;
    }

    /** Spans per export ({@code NORA_MAX_BATCH_SIZE}, default 512). */
    public Builder maxBatchSize(int value) {
      this.maxBatchSize = value;
      return this;
    }

    /** The longest a span waits before export ({@code NORA_SCHEDULE_DELAY_MS}, 1 s). */
    public Builder scheduleDelay(Duration value) {
      this.scheduleDelay = Objects.requireNonNull(value, "scheduleDelay");
      return this;
    }

    /** Time to deliver one batch, retries included ({@code NORA_EXPORT_TIMEOUT_MS}, 30 s). */
    public Builder exportTimeout(Duration value) {
      this.exportTimeout = Objects.requireNonNull(value, "exportTimeout");
      return this;
    }

    /** How long JVM exit waits for delivery ({@code NORA_SHUTDOWN_TIMEOUT_MS}, 5 s). */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = Objects.requireNonNull(value, "shutdownTimeout");
      return this;
    }

    /** Recent groups and calls kept for local queries ({@code NORA_LOCAL_BUFFER_SIZE}). */
    public Builder localBufferSize(int value) {
      this.localBufferSize = value;
      return this;
    }

    /** The prices used to cost LLM calls (default: the bundled table). */
    public Builder priceTable(PriceTable value) {
      this.priceTable = Objects.requireNonNull(value, "priceTable");
      return this;
    }

    /** Adds a processor next to Nora's own export. */
    public Builder addProcessor(TraceProcessor value) {
      processors.add(Objects.requireNonNull(value, "processor"));
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming every setting that is wrong
     */
    public NoraConfig build() {
      List<String> errors = new ArrayList<>(problems);
      checkUrl(errors, "apiUrl (NORA_API_URL)", apiUrl, false);
      checkUrl(errors, "serviceUrl (NORA_SERVICE_URL)", serviceUrl, true);
      if (!(sampleRate >= 0 && sampleRate <= 1)) {
        errors.add("sampleRate (NORA_SAMPLE_RATE) must be between 0 and 1, was " + sampleRate);
      }
      if (maxFieldChars < 16) {
        errors.add("maxFieldChars (NORA_MAX_FIELD_CHARS) must be at least 16, was "
            + maxFieldChars);
      }
      positive(errors, "maxQueueSize (NORA_MAX_QUEUE_SIZE)", maxQueueSize);
      positive(errors, "maxBatchSize (NORA_MAX_BATCH_SIZE)", maxBatchSize);
      positive(errors, "localBufferSize (NORA_LOCAL_BUFFER_SIZE)", localBufferSize);
      positive(errors, "scheduleDelay (NORA_SCHEDULE_DELAY_MS)", scheduleDelay.toMillis());
      positive(errors, "exportTimeout (NORA_EXPORT_TIMEOUT_MS)", exportTimeout.toMillis());
      positive(errors, "shutdownTimeout (NORA_SHUTDOWN_TIMEOUT_MS)", shutdownTimeout.toMillis());
      for (String f : tracedFunctions) {
        String t = f.strip();
        int split = t.indexOf('#') >= 0 ? t.indexOf('#') : t.lastIndexOf('.');
        if (split <= 0 || split == t.length() - 1) {
          errors.add("tracedFunctions (NORA_TRACED_FUNCTIONS): '" + f + "' is not Class#method or"
              + " Class.method with a fully qualified class, such as com.acme.Agents#research");
        }
      }
      List<String> exp = new ArrayList<>();
      for (String e : exporters) {
        String name = e.strip().toLowerCase(Locale.ROOT);
        if (!EXPORTERS.contains(name)) {
          errors.add("exporters (NORA_EXPORTER): unknown exporter '" + e + "'; expected one of "
              + String.join(", ", Arrays.asList("http", "otlp", "console", "jsonl", "none")));
        } else if (!"none".equals(name)) {
          exp.add(name);
        }
      }
      exporters = exp;
      if (!disabled && exp.contains("http") && (apiKey == null || apiKey.isBlank())) {
        errors.add("no API key: pass it to Nora.init(apiKey) or NoraConfig.builder().apiKey(...),"
            + " or set NORA_API_KEY (set NORA_DISABLED=true to run without tracing)");
      }
      if (!disabled && exp.contains("otlp")) {
        if (otlpEndpoint == null) {
          errors.add("exporter otlp: no endpoint: set OTEL_EXPORTER_OTLP_ENDPOINT (or"
              + " OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or NoraConfig.otlpEndpoint)");
        } else {
          checkUrl(errors, "otlpEndpoint (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)", otlpEndpoint, false);
        }
      }
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException("Nora configuration: " + String.join("; ", errors));
      }
      ContentPolicy policy = ContentPolicy.of(captureContent, mask, maxFieldChars);
      return new NoraConfig(this, policy);
    }

    private static void positive(List<String> errors, String name, long value) {
      if (value <= 0) {
        errors.add(name + " must be positive, was " + value);
      }
    }

    private static void checkUrl(List<String> errors, String name, String url, boolean optional) {
      if (url == null) {
        if (!optional) {
          errors.add(name + " is required");
        }
        return;
      }
      try {
        URI uri = new URI(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          errors.add(name + ": expected an http:// or https:// URL with a host, got '" + url + "'");
        }
      } catch (Exception e) {
        errors.add(name + ": not a valid URL: '" + url + "'");
      }
    }
  }
}
