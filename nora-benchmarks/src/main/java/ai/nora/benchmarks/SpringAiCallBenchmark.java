package ai.nora.benchmarks;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.export.BatchTraceProcessor;
import ai.nora.export.ExportBatch;
import ai.nora.spring.NoraSpringAi;
import io.micrometer.observation.ObservationRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * One chat call through Spring AI 1.1's OpenAI model (its own {@code OpenAiApi} on Spring's
 * RestClient), untraced and traced by Nora's observation handler, in the same run. The
 * RestClient is given an in-memory request factory answering the recorded response, so Spring AI
 * does all its own work and no socket adds noise. Untraced is Spring AI with an observation
 * registry but no handler (what an application without tracing runs); traced adds Nora's
 * handler, spans to a batch processor whose exporter discards; between them, a handler that does
 * nothing, which turns Spring AI's observations on: their own cost, which any tracing pays.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class SpringAiCallBenchmark {
  private ChatModel plain;
  private ChatModel observed;
  private ChatModel traced;

  /** Spring's HTTP client, answering from memory. */
  static final class InMemory implements ClientHttpRequestFactory {
    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
      HttpHeaders headers = new HttpHeaders();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      return new ClientHttpRequest() {
        @Override
        public ClientHttpResponse execute() {
          return new ClientHttpResponse() {
            @Override
            public HttpStatusCode getStatusCode() {
              return HttpStatus.OK;
            }

            @Override
            public String getStatusText() {
              return "OK";
            }

            @Override
            public void close() {}

            @Override
            public InputStream getBody() {
              return new ByteArrayInputStream(ProviderCallBenchmark.ANSWER.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public HttpHeaders getHeaders() {
              HttpHeaders h = new HttpHeaders();
              h.setContentType(MediaType.APPLICATION_JSON);
              return h;
            }
          };
        }

        @Override
        public OutputStream getBody() {
          return body;
        }

        @Override
        public HttpMethod getMethod() {
          return method;
        }

        @Override
        public URI getURI() {
          return uri;
        }

        @Override
        public HttpHeaders getHeaders() {
          return headers;
        }

        @Override
        public java.util.Map<String, Object> getAttributes() {
          return new java.util.HashMap<>();
        }
      };
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Nora.init(NoraConfig.builder().apiKey("bench").exporters(List.of("none")).autoPatch(false)
        .addProcessor(BatchTraceProcessor.create((ExportBatch b) -> true)).build());
    ObservationRegistry untraced = ObservationRegistry.create();
    ObservationRegistry withNora = ObservationRegistry.create();
    withNora.observationConfig().observationHandler(NoraSpringAi.observationHandler());
    // Observation turned on by any handler at all: Micrometer's and Spring AI's own share.
    ObservationRegistry withEmptyHandler = ObservationRegistry.create();
    withEmptyHandler.observationConfig().observationHandler(context -> true);
    plain = model(untraced);
    observed = model(withEmptyHandler);
    traced = model(withNora);
  }

  private static ChatModel model(ObservationRegistry registry) {
    OpenAiApi api = OpenAiApi.builder().baseUrl("http://in-memory").apiKey("bench")
        .restClientBuilder(RestClient.builder().requestFactory(new InMemory())).build();
    return OpenAiChatModel.builder().openAiApi(api)
        .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").temperature(0.2).build())
        .observationRegistry(registry).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Nora.shutdown();
  }

  @Benchmark
  public String call_plain() {
    return plain.call("What is the capital of France?");
  }

  @Benchmark
  public String call_observedOnly() {
    return observed.call("What is the capital of France?");
  }

  @Benchmark
  public String call_nora() {
    return traced.call("What is the capital of France?");
  }
}
