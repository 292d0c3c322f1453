package ai.nora.gemini;

import ai.nora.Nora;
import ai.nora.internal.NoraLog;
import ai.nora.internal.instrument.gemini.GeminiHttpInterceptor;
import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Traces a Google Gemini client explicitly, for teams that avoid bytecode instrumentation:
 *
 * <pre>{@code
 * Client gemini = NoraGemini.wrap(Client.builder().apiKey(key));
 * gemini.models.generateContent("gemini-2.5-flash", "Hello", null);   // a generation span
 *
 * // With options of your own: pass them through Nora.
 * Client c = Client.builder().clientOptions(NoraGemini.clientOptions(myOptions)).build();
 * }</pre>
 *
 * <p>google-genai's {@code Client} and {@code Models} are final classes, so the wrapper works one
 * level down: the client's HTTP connection carries Nora's interceptor, which records each
 * generateContent round trip (sync, async, streamed; the automatic function-calling loop shows
 * every model call, and the Java tool run between them as a tool span). Async calls keep the
 * trace group they were made in. What the client returns or throws is unchanged.
 */
public final class NoraGemini {
  private NoraGemini() {}

  /**
   * Builds {@code builder}'s client, traced. Options set on the builder before are replaced. On a
   * google-genai older than 1.58.0 (no {@code ClientOptions.customHttpClient}) the client is built
   * untraced, and Nora says so once.
   */
  public static Client wrap(Client.Builder builder) {
    ClientOptions options;
    try {
      options = clientOptions(null);
    } catch (LinkageError e) {
      NoraLog.warnOnce("gemini:too-old", "NoraGemini.wrap: this google-genai is older than 1.58.0 (it has no"
          + " ClientOptions.customHttpClient); the client is not traced. Upgrade google-genai to trace it.", e);
      return builder.build();
    }
    return builder.clientOptions(options).build();
  }

  /** {@code options} (or none: null) with a traced HTTP client, for {@code Client.Builder.clientOptions}. */
  public static ClientOptions clientOptions(ClientOptions options) {
    ClientOptions.Builder b = options == null ? ClientOptions.builder() : options.toBuilder();
    OkHttpClient base = options == null ? null : options.customHttpClient().orElse(null);
    return b.customHttpClient(httpClient(base)).build();
  }

  /**
   * {@code base} (or a new client: null) with Nora's interceptor, and a dispatcher whose threads
   * run each async call in the caller's trace context.
   */
  public static OkHttpClient httpClient(OkHttpClient base) {
    OkHttpClient.Builder b = base == null ? new OkHttpClient.Builder() : base.newBuilder();
    return b.addInterceptor(new GeminiHttpInterceptor()).dispatcher(new Dispatcher(dispatcherThreads())).build();
  }

  private static ExecutorService dispatcherThreads() {
    AtomicInteger n = new AtomicInteger();
    // As OkHttp's own: no core threads, made on demand, idle ones gone after a minute; daemons.
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "nora-gemini-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    return Nora.wrap(pool);
  }
}
