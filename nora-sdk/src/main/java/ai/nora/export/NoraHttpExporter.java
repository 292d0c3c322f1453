package ai.nora.export;

import ai.nora.internal.NoraLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

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
  private final URI endpoint;
  private final String apiKey;
  private final String serviceUrl;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration exportTimeout;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int maxAttempts;
  private final boolean gzip;
  private final Backoff backoff;
  private final Object sleeper = new Object();
  private volatile HttpClient client;
  private volatile boolean shutdown;
  private boolean failing;
  private long droppedWhileFailing;

  private NoraHttpExporter(Builder b) {
    this.endpoint = b.endpoint;
    this.apiKey = b.apiKey;
    this.serviceUrl = b.serviceUrl;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.exportTimeout = b.exportTimeout;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxAttempts = b.maxAttempts;
    this.gzip = b.gzip;
    this.backoff = new Backoff(initialBackoff, maxBackoff);
  }

  /** A builder; {@link Builder#apiUrl} or {@link Builder#endpoint} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL batches are sent to. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public boolean export(ExportBatch batch) {
    if (shutdown && client == null) {
      return false;
    }
    byte[] body;
    try {
      body = encode(IngestPayload.toJson(batch, serviceUrl));
    } catch (IOException e) {
      NoraLog.warnOnce("http:encode", "could not encode a batch; dropped", e);
      return false;
    }
    long deadline = System.nanoTime() + exportTimeout.toNanos();
    String lastProblem = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      long waitNanos;
      try {
        HttpResponse<String> response = send(body, deadline);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          accepted(response, batch);
          return true;
        }
        if (status == 401 || status == 403) {
          NoraLog.warnOnce(
              "http:auth",
              "the Nora server at " + endpoint + " rejected the API key (HTTP " + status
                  + "). Check NORA_API_KEY (or NoraConfig.apiKey); traces are dropped until it"
                  + " is fixed.",
              null);
          return false;
        }
        if (status != 429 && status < 500) {
          NoraLog.warnOnce(
              "http:" + status,
              "the Nora server refused a batch of " + batch.size() + " item(s) with HTTP "
                  + status + ": " + abbreviate(response.body()) + "; batch dropped, not retried",
              null);
          return false;
        }
        lastProblem = "HTTP " + status;
        waitNanos = Math.max(backoff.delayNanos(attempt), RetryAfter.nanos(response));
      } catch (IOException e) {
        lastProblem = e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage());
        waitNanos = backoff.delayNanos(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (attempt == maxAttempts || System.nanoTime() + waitNanos > deadline || shutdown) {
        break;
      }
      if (!sleep(waitNanos)) {
        return false;
      }
    }
    gaveUp(batch, lastProblem);
    return false;
  }

  private HttpResponse<String> send(byte[] body, long deadline)
      throws IOException, InterruptedException {
    long left = Math.max(1, deadline - System.nanoTime());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofNanos(Math.min(left, requestTimeout.toNanos())))
            .header("Content-Type", "application/json")
            .header("User-Agent", IngestPayload.SDK_NAME + "/" + SdkVersion.get())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(connectTimeout)
                  .build();
          client = c;
        }
      }
    }
    return c;
  }

  private void accepted(HttpResponse<String> response, ExportBatch batch) {
    if (response.statusCode() == 207) {
      NoraLog.warnOnce(
          "http:207",
          "the Nora server rejected some items of a batch: " + abbreviate(response.body()),
          null);
    }
    if (failing) {
      failing = false;
      NoraLog.info(
          "the Nora server at " + endpoint + " accepts traces again; " + droppedWhileFailing
              + " item(s) were dropped while it could not be reached");
      droppedWhileFailing = 0;
    }
  }

  private void gaveUp(ExportBatch batch, String problem) {
    droppedWhileFailing += batch.size();
    if (!failing) {
      failing = true;
      NoraLog.warn(
          "could not deliver traces to the Nora server at " + endpoint + " (" + problem
              + "); batches are dropped after retries until it answers. The application is not"
              + " affected.");
    }
  }

  private boolean sleep(long nanos) {
    long until = System.nanoTime() + nanos;
    synchronized (sleeper) {
      try {
        long left;
        while (!shutdown && (left = until - System.nanoTime()) > 0) {
          sleeper.wait(Math.max(1, left / 1_000_000), 0);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !shutdown;
  }

  private byte[] encode(String json) throws IOException {
    byte[] raw = json.getBytes(StandardCharsets.UTF_8);
    if (!gzip) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    String s = body.strip();
    return s.length() > 500 ? s.substring(0, 500) + "…" : s;
  }

  @Override
  public void shutdown() {
    shutdown = true;
    synchronized (sleeper) {
      sleeper.notifyAll(); // a retry waiting out its backoff gives up now
    }
  }

  @Override
  public String toString() {
    return "NoraHttpExporter{" + endpoint + "}";
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
      Objects.requireNonNull(value, "endpoint");
      URI uri;
      try {
        uri = URI.create(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a valid URL: '" + value + "'", e);
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "expected an http:// or https:// URL with a host, got '" + value + "'");
      }
      this.endpoint = uri;
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
      this.connectTimeout = positive(value, "connectTimeout");
      return this;
    }

    /** How long one request may take (default 10 s). */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = positive(value, "requestTimeout");
      return this;
    }

    /** How long one batch may take, retries included (default 30 s). */
    public Builder exportTimeout(Duration value) {
      this.exportTimeout = positive(value, "exportTimeout");
      return this;
    }

    /** The first retry's delay (default 500 ms); each next one doubles, up to maxBackoff. */
    public Builder initialBackoff(Duration value) {
      this.initialBackoff = positive(value, "initialBackoff");
      return this;
    }

    /** The longest delay between retries (default 30 s). */
    public Builder maxBackoff(Duration value) {
      this.maxBackoff = positive(value, "maxBackoff");
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

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
