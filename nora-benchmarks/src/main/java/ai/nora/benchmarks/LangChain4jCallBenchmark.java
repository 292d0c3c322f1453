package ai.nora.benchmarks;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.export.BatchTraceProcessor;
import ai.nora.export.ExportBatch;
import ai.nora.langchain4j.NoraLangChain4j;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * One chat call through LangChain4j's own OpenAI module ({@code langchain4j-open-ai}, on
 * LangChain4j's HTTP client, not the official SDK), untraced and traced by Nora, sync and
 * streamed, in the same run. The model is given an in-memory HTTP client that answers the
 * recorded response, so LangChain4j does all its own work (building and serialising the request,
 * parsing the answer, telling its listeners) but no socket adds noise. Nora records through its
 * LangChain4j listener, the code the woven advice runs too, to a batch processor whose exporter
 * discards.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class LangChain4jCallBenchmark {
  /** The same answer streamed: a role chunk, 10 content chunks, the finish, usage. */
  static final String STREAM = chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
      + tokens() + chunk("{}", "\"stop\"")
      + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1778629858,"
      + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":14,"
      + "\"completion_tokens\":10,\"total_tokens\":24}}\n\ndata: [DONE]\n\n";

  private ChatModel plain;
  private ChatModel traced;
  private StreamingChatModel plainStream;
  private StreamingChatModel tracedStream;

  private static String tokens() {
    StringBuilder sb = new StringBuilder();
    for (String t : "The capital of France is Paris, a city of art.".split(" ")) {
      sb.append(chunk("{\"content\":\"" + t + " \"}", null));
    }
    return sb.toString();
  }

  private static String chunk(String delta, String finish) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1778629858,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":" + delta
        + ",\"finish_reason\":" + finish + "}]}\n\n";
  }

  /** LangChain4j's HTTP client, answering from memory. */
  static final class InMemory implements HttpClient, HttpClientBuilder {
    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
      return SuccessfulHttpResponse.builder().statusCode(200)
          .headers(Map.of("content-type", List.of("application/json"))).body(ProviderCallBenchmark.ANSWER).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
      listener.onOpen(SuccessfulHttpResponse.builder().statusCode(200)
          .headers(Map.of("content-type", List.of("text/event-stream"))).build());
      parser.parse(new ByteArrayInputStream(STREAM.getBytes(StandardCharsets.UTF_8)), listener);
      listener.onClose();
    }

    @Override
    public Duration connectTimeout() {
      return Duration.ofSeconds(1);
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
      return this;
    }

    @Override
    public Duration readTimeout() {
      return Duration.ofSeconds(1);
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
      return this;
    }

    @Override
    public HttpClient build() {
      return this;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Nora.init(NoraConfig.builder().apiKey("bench").exporters(List.of("none")).autoPatch(false)
        .addProcessor(BatchTraceProcessor.create((ExportBatch b) -> true)).build());
    plain = model(List.of());
    traced = model(List.of(NoraLangChain4j.listener()));
    plainStream = streamingModel(List.of());
    tracedStream = streamingModel(List.of(NoraLangChain4j.listener()));
  }

  private static ChatModel model(List<ChatModelListener> listeners) {
    return OpenAiChatModel.builder().httpClientBuilder(new InMemory()).baseUrl("http://in-memory/v1")
        .apiKey("bench").modelName("gpt-4o-mini").temperature(0.2).listeners(listeners).build();
  }

  private static StreamingChatModel streamingModel(List<ChatModelListener> listeners) {
    return OpenAiStreamingChatModel.builder().httpClientBuilder(new InMemory()).baseUrl("http://in-memory/v1")
        .apiKey("bench").modelName("gpt-4o-mini").temperature(0.2).listeners(listeners).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Nora.shutdown();
  }

  @Benchmark
  public String sync_plain() {
    return plain.chat("What is the capital of France?");
  }

  @Benchmark
  public String sync_nora() {
    return traced.chat("What is the capital of France?");
  }

  @Benchmark
  public ChatResponse stream_plain() throws Exception {
    return stream(plainStream);
  }

  @Benchmark
  public ChatResponse stream_nora() throws Exception {
    return stream(tracedStream);
  }

  private static ChatResponse stream(StreamingChatModel model) throws Exception {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat("What is the capital of France?", new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partialResponse) {}

      @Override
      public void onCompleteResponse(ChatResponse completeResponse) {
        done.complete(completeResponse);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    return done.get(10, TimeUnit.SECONDS);
  }
}
