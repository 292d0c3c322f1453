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
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Delivers a JSON body to an HTTP endpoint the way Nora's exporters do: gzip-compressed when
 * asked, network errors, {@code 429} and {@code 5xx} retried with exponential backoff and jitter
 * (at least what {@code Retry-After} asks) within the export timeout and the attempts allowed;
 * other {@code 4xx} answers dropped with their reason logged once, a refused key said once, an
 * unreachable endpoint said once until it answers again. Never on the application's threads.
 */
final class HttpDelivery {
  /**
   * How to deliver.
   *
   * @param endpoint where to
   * @param headers sent with every request (authentication, say)
   * @param what the destination as log lines name it, such as "the Nora server"
   */
  record Settings(URI endpoint, Map<String, String> headers, String what, Duration connectTimeout,
      Duration requestTimeout, Duration exportTimeout, Duration initialBackoff, Duration maxBackoff,
      int maxAttempts, boolean gzip) {}

  private final Settings s;
  private final Backoff backoff;
  private final Object sleeper = new Object();
  private volatile HttpClient client;
  private volatile boolean shutdown;
  private boolean failing;
  private long droppedWhileFailing;

  HttpDelivery(Settings settings) {
    this.s = settings;
    this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
  }

  URI endpoint() {
    return s.endpoint();
  }

  /**
   * Sends {@code json}, retrying as described; true when the endpoint accepted it.
   *
   * @param items how many items it holds, for the log
   * @param onAccepted sees a 2xx answer (to report a partial success)
   */
  boolean deliver(String json, int items, Consumer<HttpResponse<String>> onAccepted) {
    if (shutdown && client == null) {
      return false;
    }
    byte[] body;
    try {
      body = encode(json);
    } catch (IOException e) {
      NoraLog.warnOnce("http:encode", "could not encode a batch; dropped", e);
      return false;
    }
    long deadline = System.nanoTime() + s.exportTimeout().toNanos();
    String lastProblem = null;
    for (int attempt = 1; attempt <= s.maxAttempts(); attempt++) {
      long waitNanos;
      try {
        HttpResponse<String> response = send(body, deadline);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          onAccepted.accept(response);
          recovered();
          return true;
        }
        if (status == 401 || status == 403) {
          NoraLog.warnOnce("http:auth:" + s.endpoint(),
              s.what() + " at " + s.endpoint() + " rejected the credentials (HTTP " + status
                  + "). Check the API key (NORA_API_KEY, NoraConfig.apiKey) or the headers;"
                  + " traces are dropped until it is fixed.", null);
          return false;
        }
        if (status != 429 && status < 500) {
          NoraLog.warnOnce("http:" + status + ":" + s.endpoint(),
              s.what() + " refused a batch of " + items + " item(s) with HTTP " + status + ": "
                  + abbreviate(response.body()) + "; batch dropped, not retried", null);
          return false;
        }
        lastProblem = "HTTP " + status;
        waitNanos = Math.max(backoff.delayNanos(attempt), RetryAfter.nanos(response));
      } catch (IOException e) {
        lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        waitNanos = backoff.delayNanos(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (attempt == s.maxAttempts() || System.nanoTime() + waitNanos > deadline || shutdown) {
        break;
      }
      if (!sleep(waitNanos)) {
        return false;
      }
    }
    gaveUp(items, lastProblem);
    return false;
  }

  private HttpResponse<String> send(byte[] body, long deadline) throws IOException, InterruptedException {
    long left = Math.max(1, deadline - System.nanoTime());
    HttpRequest.Builder request = HttpRequest.newBuilder(s.endpoint())
        .timeout(Duration.ofNanos(Math.min(left, s.requestTimeout().toNanos())))
        .header("Content-Type", "application/json")
        .header("User-Agent", IngestPayload.SDK_NAME + "/" + SdkVersion.get())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (s.gzip()) {
      request.header("Content-Encoding", "gzip");
    }
    s.headers().forEach(request::header);
    return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(s.connectTimeout()).build();
          client = c;
        }
      }
    }
    return c;
  }

  private void recovered() {
    if (failing) {
      failing = false;
      NoraLog.info(s.what() + " at " + s.endpoint() + " accepts traces again; " + droppedWhileFailing
          + " item(s) were dropped while it could not be reached");
      droppedWhileFailing = 0;
    }
  }

  private void gaveUp(int items, String problem) {
    droppedWhileFailing += items;
    if (!failing) {
      failing = true;
      NoraLog.warn("could not deliver traces to " + s.what() + " at " + s.endpoint() + " (" + problem
          + "); batches are dropped after retries until it answers. The application is not affected.");
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
    if (!s.gzip()) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  /**
   * {@code value} as an endpoint: an http:// or https:// URL with a host.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static URI endpoint(String value) {
    java.util.Objects.requireNonNull(value, "endpoint");
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid URL: '" + value + "'", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("expected an http:// or https:// URL with a host, got '" + value + "'");
    }
    return uri;
  }

  /** {@code value}, which must be a positive duration (the exporters' and processors' settings). */
  static Duration positive(Duration value, String name) {
    java.util.Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    String t = body.strip();
    return t.length() > 500 ? t.substring(0, 500) + "…" : t;
  }

  void shutdown() {
    shutdown = true;
    synchronized (sleeper) {
      sleeper.notifyAll(); // a retry waiting out its backoff gives up now
    }
  }
}
