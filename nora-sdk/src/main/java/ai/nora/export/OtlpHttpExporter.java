package ai.nora.export;

import ai.nora.internal.NoraLog;
import ai.nora.trace.Span;
import ai.nora.trace.Trace;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;

/**
 * Sends Nora's spans to any OpenTelemetry backend (an OpenTelemetry Collector, Langfuse,
 * Phoenix, Grafana Tempo, Datadog, Honeycomb, nora-server's own {@code /otlp/v1/traces}) over
 * OTLP/HTTP with JSON bodies, in the GenAI semantic conventions; message content goes only where
 * the content policy let the span keep it. Delivery retries and logs as {@link NoraHttpExporter}
 * does.
 *
 * <p>Configured by {@code NORA_EXPORTER=otlp} (beside {@code http} or instead of it) and the
 * standard variables: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (the full URL) or {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} (a base, {@code /v1/traces} appended), {@code
 * OTEL_EXPORTER_OTLP_HEADERS} ({@code key=value,key2=value2}), {@code OTEL_SERVICE_NAME}.
 */
public final class OtlpHttpExporter implements SpanExporter {
  /** Root spans sent before their trace ended, by trace id: sent again with the trace. */
  private static final int MAX_OPEN_ROOTS = 2_000;

  private final HttpDelivery delivery;
  private final String serviceName;
  private final Map<String, Span> openRoots = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Span> eldest) {
      return size() > MAX_OPEN_ROOTS;
    }
  };

  private OtlpHttpExporter(Builder b) {
    this.serviceName = b.serviceName;
    this.delivery = new HttpDelivery(new HttpDelivery.Settings(b.endpoint, Map.copyOf(b.headers),
        "the OTLP endpoint", Duration.ofSeconds(5), Duration.ofSeconds(10), b.exportTimeout,
        Duration.ofMillis(500), Duration.ofSeconds(30), 5, b.gzip));
  }

  /** A builder; {@link Builder#endpoint} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL spans are sent to. */
  public URI endpoint() {
    return delivery.endpoint();
  }

  /**
   * OTLP has no trace records: a trace's own fields travel on its root span. A root span that
   * ended in an earlier batch than its trace is sent again with it (the same span id: a Nora
   * server keeps one copy; other backends see the last).
   */
  @Override
  public boolean export(ExportBatch batch) {
    List<Span> spans = new ArrayList<>(batch.spans());
    Set<String> ended = new HashSet<>();
    for (Trace t : batch.traces()) {
      ended.add(t.id());
    }
    Set<String> rootsHere = new HashSet<>();
    for (Span s : batch.spans()) {
      if (s.parent() == null) {
        rootsHere.add(s.traceId());
        if (!ended.contains(s.traceId())) {
          openRoots.put(s.traceId(), s);
        }
      }
    }
    for (Trace t : batch.traces()) {
      Span root = openRoots.remove(t.id());
      if (root != null && !rootsHere.contains(t.id())) {
        spans.add(root);
      }
    }
    if (spans.isEmpty()) {
      return true;
    }
    return delivery.deliver(OtlpJson.request(new ExportBatch(batch.traces(), spans), serviceName), spans.size(), response -> {
      String body = response.body();
      if (body != null && body.contains("\"rejectedSpans\"") && !body.matches("(?s).*\"rejectedSpans\"\\s*:\\s*\"?0\"?[,}].*")) {
        NoraLog.warnOnce("otlp:partial", "the OTLP endpoint rejected some spans: " + HttpDelivery.abbreviate(body), null);
      }
    });
  }

  @Override
  public void shutdown() {
    delivery.shutdown();
  }

  @Override
  public String toString() {
    return "OtlpHttpExporter{" + delivery.endpoint() + "}";
  }

  /**
   * Headers in the form of {@code OTEL_EXPORTER_OTLP_HEADERS}: {@code key=value} pairs separated
   * by commas, values URL-encoded.
   *
   * @throws IllegalArgumentException naming the pair that has no {@code =}
   */
  public static Map<String, String> parseHeaders(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("OTLP headers: '" + pair.strip() + "' is not key=value");
      }
      out.put(pair.substring(0, eq).strip(),
          URLDecoder.decode(pair.substring(eq + 1).strip(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Configures an {@link OtlpHttpExporter}. */
  public static final class Builder {
    private URI endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String serviceName = "unknown_service:java";
    private Duration exportTimeout = Duration.ofSeconds(30);
    private boolean gzip = true;

    private Builder() {}

    /** The full URL to send spans to, such as {@code http://localhost:4318/v1/traces}. */
    public Builder endpoint(String value) {
      this.endpoint = HttpDelivery.endpoint(value);
      return this;
    }

    /** A header sent with every request, such as {@code Authorization}. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Headers sent with every request. */
    public Builder headers(Map<String, String> value) {
      value.forEach(this::header);
      return this;
    }

    /** The resource's {@code service.name} (default {@code unknown_service:java}). */
    public Builder serviceName(String value) {
      this.serviceName = Objects.requireNonNull(value, "serviceName");
      return this;
    }

    /** How long one batch may take, retries included (default 30 s). */
    public Builder exportTimeout(Duration value) {
      this.exportTimeout = HttpDelivery.positive(value, "exportTimeout");
      return this;
    }

    /** Whether bodies are gzip-compressed (default true). */
    public Builder gzip(boolean value) {
      this.gzip = value;
      return this;
    }

    /** The exporter; it opens no connection until the first export. */
    public OtlpHttpExporter build() {
      if (endpoint == null) {
        throw new IllegalStateException("OtlpHttpExporter needs endpoint(...)");
      }
      return new OtlpHttpExporter(this);
    }
  }
}
