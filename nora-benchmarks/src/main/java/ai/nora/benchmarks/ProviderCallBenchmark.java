package ai.nora.benchmarks;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.export.BatchTraceProcessor;
import ai.nora.export.ExportBatch;
import ai.nora.openai.NoraOpenAI;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One chat completion through the real openai-java client answering a recorded response: plain,
 * traced by Nora (explicit wrapping), and traced by OpenTelemetry's openai-java instrumentation,
 * each exporting to a pipeline that discards. Two transports: a local HTTP server ({@code
 * server_*}: the whole round trip, as an application sees it) and an in-memory transport given
 * to the client ({@code memory_*}: the client still serialises the request and parses the
 * response, but no socket is involved, so the instrumentation's own cost is not lost in the
 * network's noise).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class ProviderCallBenchmark {
  static final String ANSWER = "{\"id\":\"chatcmpl-DerAIY0FItjEiG72ciaVWhlWHr2eM\",\"object\":\"chat.completion\","
      + "\"created\":1778629858,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
      + "{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\",\"refusal\":null,"
      + "\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":14,"
      + "\"completion_tokens\":7,\"total_tokens\":21,\"prompt_tokens_details\":{\"cached_tokens\":0,"
      + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
      + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\","
      + "\"system_fingerprint\":\"fp_3ef558a83f\"}";

  private HttpServer server;
  private OpenAIClient plain;
  private OpenAIClient nora;
  private OpenAIClient otel;
  private OpenAIClient plainMemory;
  private OpenAIClient noraMemory;
  private OpenAIClient otelMemory;
  private SdkTracerProvider otelProvider;
  private ChatCompletionCreateParams params;
  private OpenAIClient plainStream;
  private OpenAIClient noraStream;
  private OpenAIClient otelStream;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    // Without it the JDK server's separate header and body writes meet delayed ACKs: 40 ms a call.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    plain = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
        .apiKey("sk-bench").maxRetries(0).build();
    params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
        .addSystemMessage("You are a helpful assistant").addUserMessage("What is the capital of France?")
        .maxTokens(50).build();

    Nora.init(NoraConfig.builder().apiKey("bench").exporters(List.of("none")).autoPatch(false)
        .captureContent(!"false".equals(System.getProperty("nora.bench.content")))
        .addProcessor(BatchTraceProcessor.create((ExportBatch b) -> true)).build());
    nora = NoraOpenAI.wrap(plain);

    otelProvider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(new TraceGroupBenchmark.DiscardingOtelExporter()).build())
        .build();
    OpenAITelemetry telemetry = OpenAITelemetry.builder(
        OpenTelemetrySdk.builder().setTracerProvider(otelProvider).build()).build();
    otel = telemetry.wrap(plain);

    plainMemory = plain.withOptions(b -> b.httpClient(new AnsweringHttpClient(body, "application/json")));
    noraMemory = NoraOpenAI.wrap(plainMemory);
    otelMemory = telemetry.wrap(plainMemory);

    plainStream = plain.withOptions(b -> b.httpClient(new AnsweringHttpClient(STREAM.getBytes(StandardCharsets.UTF_8),
        "text/event-stream")));
    noraStream = NoraOpenAI.wrap(plainStream);
    otelStream = telemetry.wrap(plainStream);
  }

  /** The recorded stream of the same answer: 10 chunks, usage in the last. */
  static final String STREAM = streamOf("The capital of France is Paris.");

  static String streamOf(String text) {
    StringBuilder sb = new StringBuilder();
    String head = "data: {\"id\":\"chatcmpl-Derstream\",\"object\":\"chat.completion.chunk\",\"created\":1778629858,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_3ef558a83f\",\"choices\":[";
    sb.append(head).append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    for (String word : text.split("(?<= )")) {
      sb.append(head).append("{\"index\":0,\"delta\":{\"content\":\"").append(word)
          .append("\"},\"finish_reason\":null}]}\n\n");
    }
    sb.append(head).append("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    sb.append(head).append("],\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":7,\"total_tokens\":21}}\n\n");
    return sb.append("data: [DONE]\n\n").toString();
  }

  /** A transport that answers every request with the recorded body, after reading the request. */
  static final class AnsweringHttpClient implements HttpClient {
    private final byte[] body;
    private final String contentType;

    AnsweringHttpClient(byte[] body, String contentType) {
      this.body = body;
      this.contentType = contentType;
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
      HttpRequestBody requestBody = request.body();
      if (requestBody != null) {
        requestBody.writeTo(new ByteArrayOutputStream(512));
      }
      Headers headers = Headers.builder().put("Content-Type", contentType).build();
      return new HttpResponse() {
        @Override
        public int statusCode() {
          return 200;
        }

        @Override
        public Headers headers() {
          return headers;
        }

        @Override
        public InputStream body() {
          return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
      return CompletableFuture.completedFuture(execute(request, options));
    }

    @Override
    public void close() {}
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Nora.shutdown();
    otelProvider.shutdown().join(10, TimeUnit.SECONDS);
    plain.close();
    server.stop(0);
  }

  @Benchmark
  public ChatCompletion server_plain() {
    return plain.chat().completions().create(params);
  }

  @Benchmark
  public ChatCompletion server_nora() {
    return nora.chat().completions().create(params);
  }

  @Benchmark
  public ChatCompletion server_otel() {
    return otel.chat().completions().create(params);
  }

  @Benchmark
  public ChatCompletion memory_plain() {
    return plainMemory.chat().completions().create(params);
  }

  @Benchmark
  public ChatCompletion memory_nora() {
    return noraMemory.chat().completions().create(params);
  }

  @Benchmark
  public ChatCompletion memory_otel() {
    return otelMemory.chat().completions().create(params);
  }

  @Benchmark
  public long stream_plain() {
    return read(plainStream);
  }

  @Benchmark
  public long stream_nora() {
    return read(noraStream);
  }

  @Benchmark
  public long stream_otel() {
    return read(otelStream);
  }

  private long read(OpenAIClient client) {
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
      return s.stream().count();
    }
  }
}
