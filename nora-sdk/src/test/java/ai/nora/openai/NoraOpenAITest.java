package ai.nora.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nora.Nora;
import ai.nora.RecordingProcessor;
import ai.nora.TestNora;
import ai.nora.TraceGroup;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.Status;
import ai.nora.trace.ToolSpanData;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.ChatModel;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real openai-java client, wrapped, against a fake server replaying recorded responses. */
class NoraOpenAITest {
  private FakeProvider provider;
  private OpenAIClient client;
  private RecordingProcessor rec;

  @BeforeEach
  void setUp() {
    provider = new FakeProvider();
    client = NoraOpenAI.wrap(OpenAIOkHttpClient.builder().baseUrl(provider.baseUrl() + "/v1")
        .apiKey("sk-test").maxRetries(0).build());
    rec = TestNora.init();
  }

  @AfterEach
  void tearDown() {
    Nora.shutdown();
    provider.close();
  }

  static ChatCompletionCreateParams question() {
    return ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
        .addSystemMessage("You are a helpful assistant")
        .addUserMessage("What is the capital of France?").maxTokens(50).temperature(0.0).build();
  }

  private GenerationSpanData onlyGeneration() {
    List<Span> gens = rec.endedSpans.stream().filter(s -> s.type().equals("generation")).toList();
    assertThat(gens).hasSize(1);
    return (GenerationSpanData) gens.get(0).data();
  }

  @Test
  void syncCall_isOneGenerationWithEverythingTheResponseSaid() {
    provider.answer("openai/chat-plain.json");

    ChatCompletion c = client.chat().completions().create(question());

    assertThat(c.choices().get(0).message().content()).contains("The capital of France is Paris.");
    GenerationSpanData g = onlyGeneration();
    assertThat(g.provider()).isEqualTo("openai");
    assertThat(g.model()).isEqualTo("gpt-4o-mini");
    assertThat(g.responseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(g.responseId()).isEqualTo("chatcmpl-DerAIY0FItjEiG72ciaVWhlWHr2eM");
    assertThat(g.parameters()).containsEntry("max_tokens", 50L).containsKey("temperature");
    assertThat(g.input()).extracting(m -> m.role() + ":" + m.content())
        .containsExactly("system:You are a helpful assistant", "user:What is the capital of France?");
    assertThat(g.output().get(0).content()).isEqualTo("The capital of France is Paris.");
    assertThat(g.finishReason()).isEqualTo("stop");
    assertThat(g.usage().inputTokens()).isEqualTo(14);
    assertThat(g.usage().outputTokens()).isEqualTo(7);
    assertThat(g.usage().total()).isEqualTo(21);
    assertThat(g.usage().cachedTokens()).isZero();
    assertThat(g.cost()).isEqualTo((14 * 0.15 + 7 * 0.60) / 1e6);
    assertThat(rec.endedTraces).singleElement()
        .satisfies(t -> assertThat(t.output()).isEqualTo("The capital of France is Paris."));
    // The request the provider got is the one the user built, untouched.
    assertThat(provider.requests.get(0)).contains("\"max_tokens\":50", "What is the capital of France?");
  }

  @Test
  void toolResults_sentBack_becomeAToolSpanBetweenTheTwoCalls() {
    provider.answer("openai/chat-tool-call.json").answer("openai/chat-plain.json");
    ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder().name("get_weather").description("Get the weather")
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                .build()).build()).build();

    try (TraceGroup g = Nora.traceGroup("weather_assistant")) {
      ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model("gpt-4o")
          .addUserMessage("What is the weather like in Paris, France?").addTool(weather).build();
      ChatCompletion first = client.chat().completions().create(ask);
      ChatCompletionMessageToolCall call = first.choices().get(0).message().toolCalls().orElseThrow().get(0);
      String result = "Sunny, 22°C"; // the application's own tool, not traced by any code
      client.chat().completions().create(ask.toBuilder()
          .addMessage(first.choices().get(0).message())
          .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id())
              .content(result).build())
          .build());
    }

    Span group = rec.span("weather_assistant");
    List<Span> gens = rec.endedSpans.stream().filter(s -> s.type().equals("generation")).toList();
    Span tool = rec.span("get_weather");
    ToolSpanData data = (ToolSpanData) tool.data();
    assertThat(tool.type()).isEqualTo("tool");
    assertThat(tool.parentId()).isEqualTo(group.id());
    assertThat(data.toolCallId()).isEqualTo("call_8qfyhSnlrB8DM6cXKU1C6lOY");
    assertThat(data.arguments()).isEqualTo("{\"location\":\"Paris, France\"}");
    assertThat(data.result()).isEqualTo("Sunny, 22°C");
    assertThat(tool.startEpochNanos()).isEqualTo(gens.get(0).endEpochNanos());
    assertThat(tool.endEpochNanos()).isLessThanOrEqualTo(gens.get(1).startEpochNanos());
    GenerationSpanData first = (GenerationSpanData) gens.get(0).data();
    assertThat(first.finishReason()).isEqualTo("tool_calls");
    assertThat(first.tools()).hasSize(1);
    assertThat(first.toolCalls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("get_weather"));
  }

  @Test
  void anExplicitToolSpan_isNotDoubled() {
    provider.answer("openai/chat-tool-call.json").answer("openai/chat-plain.json");

    try (TraceGroup g = Nora.traceGroup("weather")) {
      ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model("gpt-4o")
          .addUserMessage("What is the weather like in Paris, France?").build();
      ChatCompletion first = client.chat().completions().create(ask);
      String id = first.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().id();
      String result = Nora.tool("get_weather", Map.of("location", "Paris"), () -> "Sunny");
      client.chat().completions().create(ask.toBuilder().addMessage(first.choices().get(0).message())
          .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(id).content(result).build()).build());
    }

    List<Span> tools = rec.endedSpans.stream().filter(s -> s.type().equals("tool")).toList();
    assertThat(tools).singleElement().satisfies(t ->
        assertThat(((ToolSpanData) t.data()).toolCallId()).isEqualTo("call_8qfyhSnlrB8DM6cXKU1C6lOY"));
  }

  @Test
  void stream_userGetsEveryChunk_andTheSpanTheAssembledAnswer() {
    provider.answer("openai/chat-stream.sse");
    ChatCompletionCreateParams params = question().toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    String text;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      text = stream.stream().flatMap(c -> c.choices().stream())
          .map(ch -> ch.delta().content().orElse("")).collect(Collectors.joining());
    }

    assertThat(text).isEqualTo("The capital of France is Paris.");
    GenerationSpanData g = onlyGeneration();
    assertThat(g.stream()).isTrue();
    assertThat(g.output().get(0).content()).isEqualTo("The capital of France is Paris.");
    assertThat(g.finishReason()).isEqualTo("stop");
    assertThat(g.usage().total()).isEqualTo(21);
    assertThat(g.timeToFirstTokenNanos()).isNotNull().isPositive();
  }

  @Test
  void stream_closedEarly_stillEndsItsSpan() {
    provider.answer("openai/chat-stream.sse");

    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(question())) {
      stream.stream().limit(3).forEach(c -> { });
    }

    GenerationSpanData g = onlyGeneration();
    assertThat(g.output().get(0).content()).isEqualTo("The capital");
  }

  @Test
  void asyncCall_endsWhenTheFutureDoes_inTheGroupItWasMadeIn() {
    provider.answer("openai/chat-plain.json");

    String traceId;
    try (TraceGroup g = Nora.traceGroup("async_group")) {
      traceId = g.traceId();
      CompletableFuture<ChatCompletion> f = client.async().chat().completions().create(question());
      assertThat(f.join().choices()).hasSize(1);
    }

    Span gen = rec.endedSpans.stream().filter(s -> s.type().equals("generation")).findFirst().orElseThrow();
    assertThat(gen.traceId()).isEqualTo(traceId);
    assertThat(((GenerationSpanData) gen.data()).usage().total()).isEqualTo(21);
  }

  @Test
  void asyncStream_handlerSeesEveryChunk_andTheSpanEndsOnCompletion() throws Exception {
    provider.answer("openai/chat-stream.sse");
    StringBuilder text = new StringBuilder();
    CompletableFuture<Optional<Throwable>> done = new CompletableFuture<>();

    AsyncStreamResponse<ChatCompletionChunk> s = client.async().chat().completions().createStreaming(question());
    s.subscribe(new AsyncStreamResponse.Handler<>() {
      @Override
      public void onNext(ChatCompletionChunk chunk) {
        chunk.choices().forEach(c -> text.append(c.delta().content().orElse("")));
      }

      @Override
      public void onComplete(Optional<Throwable> error) {
        done.complete(error);
      }
    });
    assertThat(done.get()).isEmpty();
    s.onCompleteFuture().get();

    org.awaitility.Awaitility.await().until(() -> !rec.endedSpans.isEmpty());
    assertThat(text.toString()).isEqualTo("The capital of France is Paris.");
    assertThat(onlyGeneration().output().get(0).content()).isEqualTo("The capital of France is Paris.");
  }

  @Test
  void providerErrors_reachTheCallerUnchanged_andMarkTheSpan() {
    provider.answer(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");

    assertThatThrownBy(() -> client.chat().completions().create(question()))
        .isInstanceOf(RateLimitException.class);

    Span gen = rec.endedSpans.get(0);
    assertThat(gen.status()).isEqualTo(Status.ERROR);
    assertThat(gen.error().type()).isEqualTo(RateLimitException.class.getName());
    assertThat(gen.error().httpStatus()).isEqualTo(429);
  }

  @Test
  void withNoraDisabled_theClientWorksAndNothingIsRecorded() {
    provider.answer("openai/chat-plain.json");
    Nora.disable();

    ChatCompletion c = client.chat().completions().create(question());

    assertThat(c.id()).isEqualTo("chatcmpl-DerAIY0FItjEiG72ciaVWhlWHr2eM");
    assertThat(rec.endedSpans).isEmpty();
  }

  @Test
  void wrappingTwice_andDerivedClients_stayTraced() {
    provider.answer("openai/chat-plain.json");

    OpenAIClient twice = NoraOpenAI.wrap(client);
    twice.withOptions(o -> o.maxRetries(0)).chat().completions().create(question());

    assertThat(twice).isSameAs(client);
    assertThat(rec.endedSpans).hasSize(1);
  }

  /** A structured output type. */
  public record Capital(String city, String country) {}

  @Test
  void structuredOutputs_areTracedThroughTheSameCall() {
    String plain = new String(FakeProvider.fixture("openai/chat-plain.json"), java.nio.charset.StandardCharsets.UTF_8);
    provider.answer(200, plain.replace("\"The capital of France is Paris.\"",
        "\"{\\\"city\\\":\\\"Paris\\\",\\\"country\\\":\\\"France\\\"}\""));

    Capital c = client.chat().completions().create(ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
        .addUserMessage("What is the capital of France?").responseFormat(Capital.class).build())
        .choices().get(0).message().content().orElseThrow();

    assertThat(c).isEqualTo(new Capital("Paris", "France"));
    GenerationSpanData g = onlyGeneration();
    assertThat(g.parameters().get("response_format").toString()).startsWith("json_schema");
    assertThat(g.output().get(0).content()).isEqualTo("{\"city\":\"Paris\",\"country\":\"France\"}");
  }

  @Test
  void aStreamDroppedUnread_isEndedWhenCollected_notHeldForever() {
    provider.answer("openai/chat-stream.sse");

    readTwoChunksAndDrop();

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
      System.gc();
      return !rec.endedSpans.isEmpty();
    });
    GenerationSpanData g = onlyGeneration();
    assertThat(g.stream()).isTrue();
    assertThat(g.output().get(0).content()).isEqualTo("The capital");
  }

  private void readTwoChunksAndDrop() {
    java.util.Iterator<ChatCompletionChunk> it = client.chat().completions().createStreaming(question()).stream().iterator();
    it.next();
    it.next();
    it.next(); // role, "The", " capital"
  }

  @Test
  void servicesDerivedWithOptions_atEveryLevel_stayTraced() {
    provider.answer("openai/chat-plain.json").answer("openai/chat-plain.json");

    client.chat().withOptions(o -> o.maxRetries(0)).completions().create(question());
    client.chat().completions().withOptions(o -> o.maxRetries(0)).create(question());

    assertThat(rec.endedSpans).hasSize(2);
  }
}
