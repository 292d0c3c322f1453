package ai.nora.export;

import ai.nora.internal.NoraLog;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Sends batches to a Nora server's ingest route ({@code POST {apiUrl}/ingest}, see {@code
 * docs/ingest-protocol.md}), gzip-compressed, with the API key as a bearer token.
 *
 * <ul>
 *   <li>Network errors, {@code 429} and {@code 5xx} are retried with exponential backoff and
 *       jitter, waiting at least what {@code Retry-After} asks, within {@code exportTimeout} per
 *       batch and {@code maxAttempts} tries. Batches are idempotent by ids, so a retry of a batch
 *       that did arrive duplicates nothing.
 *   <li>Other {@code 4xx} answers are not retried: the batch is dropped and the server's reason
 *       is logged once. A rejected API key ({@code 401}, {@code 403}) is reported once, clearly.
 *   <li>Nothing here runs on the application's threads: {@link BatchTraceProcessor} calls it from
 *       its worker.
 * </ul>
 */
public final class NoraHttpExporter implements SpanExporter {
  private final HttpDelivery delivery;
  private final String serviceUrl;

  private NoraHttpExporter(Builder b) {
    this.serviceUrl = b.serviceUrl;
    this.delivery = new HttpDelivery(new HttpDelivery.Settings(b.endpoint,
        b.apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + b.apiKey), "the Nora server",
        b.connectTimeout, b.requestTimeout, b.exportTimeout, b.initialBackoff, b.maxBackoff,
        b.maxAttempts, b.gzip));
  }

  /** A builder; {@link Builder#apiUrl} or {@link Builder#endpoint} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL batches are sent to. */
  public URI endpoint() {
    return delivery.endpoint();
  }

  @Override
  public boolean export(ExportBatch batch) {
    return delivery.deliver(IngestPayload.toJson(batch, serviceUrl), batch.size(), response -> {
      if (response.statusCode() == 207) {
        NoraLog.warnOnce("http:207",
            "the Nora server rejected some items of a batch: " + HttpDelivery.abbreviate(response.body()), null);
      }
    });
  }

  @Override
  public void shutdown() {
    delivery.shutdown();
  }

  @Override
  public String toString() {
    return "NoraHttpExporter{" + delivery.endpoint() + "}";
  }

  /** Configures a {@link NoraHttpExporter}. */
  public static final class Builder {
    private URI endpoint;
    private String apiKey;
    private String serviceUrl;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration exportTimeout = Duration.ofSeconds(30);
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private int maxAttempts = 5;
    private boolean gzip = true;

    private Builder() {}

    /** The server's API base, such as {@code http://localhost:8000/v1}; sends to {@code /ingest}. */
    public Builder apiUrl(String value) {
      Objects.requireNonNull(value, "apiUrl");
      String base = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      return endpoint(base + "/ingest");
    }

    /** The full URL to send batches to. */
    public Builder endpoint(String value) {
      this.endpoint = HttpDelivery.endpoint(value);
      return this;
    }

    /** The project's API key. */
    public Builder apiKey(String value) {
      this.apiKey = value;
      return this;
    }

    /** The application's feedback service URL, sent with every batch; may be null. */
    public Builder serviceUrl(String value) {
      this.serviceUrl = value;
      return this;
    }

    /** How long to wait for a connection (default 5 s). */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = HttpDelivery.positive(value, "connectTimeout");
      return this;
    }

    /** How long one request may take (default 10 s). */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = HttpDelivery.positive(value, "requestTimeout");
      return this;
    }

    /** How long one batch may take, retries included (default 30 s). */
    public Builder exportTimeout(Duration value) {
      this.exportTimeout = HttpDelivery.positive(value, "exportTimeout");
      return this;
    }

    /** The first retry's delay (default 500 ms); each next one doubles, up to maxBackoff. */
    public Builder initialBackoff(Duration value) {
      this.initialBackoff = HttpDelivery.positive(value, "initialBackoff");
      return this;
    }

    /** The longest delay between retries (default 30 s). */
    public Builder maxBackoff(Duration value) {
      this.maxBackoff = HttpDelivery.positive(value, "maxBackoff");
      return this;
    }

    /** How many times a batch is sent at most (default 5). */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + value);
      }
      this.maxAttempts = value;
      return this;
    }

    /** Whether bodies are gzip-compressed (default true). */
    public Builder gzip(boolean value) {
      this.gzip = value;
      return this;
    }

    /** The exporter; it opens no connection until the first export. */
    public NoraHttpExporter build() {
      if (endpoint == null) {
        throw new IllegalStateException("NoraHttpExporter needs apiUrl(...) or endpoint(...)");
      }
      return new NoraHttpExporter(this);
    }

  }
}
