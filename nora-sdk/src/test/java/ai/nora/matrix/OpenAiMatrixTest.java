package ai.nora.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nora.Nora;
import ai.nora.TraceGroup;
import ai.nora.trace.EmbeddingSpanData;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Span;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.ChatModel;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * openai-java, the real client against recorded responses: chat completions sync, async and
 * streamed, each plain, with a tool call and failing; the Responses API; embeddings. Run once per
 * way in ({@link Ways}).
 */
class OpenAiMatrixTest extends MatrixSupport {
  private OpenAIClient client;

  @BeforeEach
  void client() {
    client = Ways.openai(OpenAIOkHttpClient.builder().baseUrl(provider.baseUrl() + "/v1")
        .apiKey("sk-test").maxRetries(0).build());
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  static ChatCompletionCreateParams question() {
    return ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
        .addSystemMessage("You are a helpful assistant")
        .addUserMessage("What is the capital of France?").maxTokens(50).temperature(0.0)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
  }

  /** One call in the given mode; what the application reads back: the text and the tool calls. */
  private Answer ask(Mode mode, ChatCompletionCreateParams params) {
    switch (mode) {
      case SYNC:
        return Answer.of(client.chat().completions().create(params));
      case ASYNC:
        return Answer.of(client.async().chat().completions().create(params).join());
      default:
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
          return Answer.of(s.stream().toList());
        }
    }
  }

  record Answer(String text, List<String[]> toolCalls) {
    static Answer of(ChatCompletion c) {
      List<String[]> calls = new ArrayList<>();
      c.choices().get(0).message().toolCalls().orElse(List.of()).forEach(t -> calls.add(new String[] {
          t.asFunction().id(), t.asFunction().function().name(), t.asFunction().function().arguments()}));
      return new Answer(c.choices().get(0).message().content().orElse(""), calls);
    }

    static Answer of(List<ChatCompletionChunk> chunks) {
      StringBuilder text = new StringBuilder();
      Map<Long, String[]> calls = new java.util.TreeMap<>();
      for (ChatCompletionChunk c : chunks) {
        for (ChatCompletionChunk.Choice ch : c.choices()) {
          text.append(ch.delta().content().orElse(""));
          for (ChatCompletionChunk.Choice.Delta.ToolCall t : ch.delta().toolCalls().orElse(List.of())) {
            String[] call = calls.computeIfAbsent(t.index(), k -> new String[] {null, null, ""});
            t.id().ifPresent(id -> call[0] = id);
            t.function().flatMap(f -> f.name()).ifPresent(n -> call[1] = n);
            t.function().flatMap(f -> f.arguments()).ifPresent(a -> call[2] += a);
          }
        }
      }
      return new Answer(text.toString(), new ArrayList<>(calls.values()));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void plainCall_isOneGenerationWithTheAnswerAndUsage(Mode mode) {
    provider.answer(mode == Mode.STREAM ? "openai/chat-stream.sse" : "openai/chat-plain.json");

    Answer a = Nora.traceGroup("matrix", Map.of(), () -> ask(mode, question()));

    assertThat(a.text()).isEqualTo("The capital of France is Paris.");
    GenerationSpanData g = onlyGenerationIn("matrix", mode);
    assertThat(g.provider()).isEqualTo("openai");
    assertThat(g.model()).isEqualTo("gpt-4o-mini");
    assertThat(g.responseModel()).startsWith("gpt-4o-mini");
    assertThat(g.parameters()).containsEntry("max_tokens", 50L);
    assertThat(g.input()).extracting(m -> m.role()).containsExactly("system", "user");
    assertThat(g.output().get(0).content()).isEqualTo("The capital of France is Paris.");
    assertThat(g.finishReason()).isEqualTo("stop");
    assertThat(g.usage().inputTokens()).isEqualTo(14);
    assertThat(g.usage().outputTokens()).isEqualTo(7);
    assertThat(g.usage().total()).isEqualTo(21);
    assertThat(g.cost()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void toolCall_thenItsResult_tracesTheToolBetweenTheCalls(Mode mode) {
    provider.answer(mode == Mode.STREAM ? "openai/chat-stream-tool-call.sse" : "openai/chat-tool-call.json")
        .answer(mode == Mode.STREAM ? "openai/chat-stream.sse" : "openai/chat-plain.json");
    ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder().name("get_weather").parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object")).build()).build()).build();
    ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model("gpt-4o")
        .addUserMessage("What is the weather like in Paris, France?").addTool(weather).build();

    String callId;
    try (TraceGroup g = Nora.traceGroup("matrix")) {
      Answer first = ask(mode, ask);
      String[] call = first.toolCalls().get(0);
      callId = call[0];
      ChatCompletionCreateParams.Builder next = ask.toBuilder().addMessage(
          ChatCompletionAssistantMessageParam.builder().addToolCall(ChatCompletionMessageToolCall.ofFunction(
              ChatCompletionMessageFunctionToolCall.builder().id(call[0]).function(
                  ChatCompletionMessageFunctionToolCall.Function.builder().name(call[1]).arguments(call[2])
                      .build()).build())).build());
      first.toolCalls().forEach(c -> next.addMessage(ChatCompletionToolMessageParam.builder()
          .toolCallId(c[0]).content("Sunny, 22°C").build()));
      ask(mode, next.build());
    }

    List<Span> gens = generations(2);
    assertThat(data(gens.get(0)).finishReason()).isEqualTo("tool_calls");
    assertThat(data(gens.get(0)).toolCalls()).extracting(c -> c.name()).contains("get_weather");
    if (tools().size() == 1) {
      assertToolSpanBetween("matrix", "get_weather", callId, "Sunny");
    } else { // the streamed recording asks for two calls
      assertThat(tools()).hasSize(2).allSatisfy(t -> assertThat(t.name()).isEqualTo("get_weather"));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void providerError_reachesTheCallerUnchanged_andMarksTheSpan(Mode mode) {
    provider.answer(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ask(mode, question()));

    Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
    assertThat(cause).isInstanceOf(RateLimitException.class);
    assertFailedWith(429);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void responsesApi_isAGenerationToo(Mode mode) {
    provider.answer(mode == Mode.STREAM ? "openai/responses-stream.sse" : "openai/responses-plain.json");
    ResponseCreateParams params = ResponseCreateParams.builder().model(ChatModel.GPT_4O_MINI)
        .instructions("You are a helpful assistant").input("What is the capital of France?").build();

    String text = Nora.traceGroup("matrix", Map.of(), () -> {
      switch (mode) {
        case SYNC:
          return client.responses().create(params).output().get(0).asMessage().content().get(0)
              .asOutputText().text();
        case ASYNC:
          return client.async().responses().create(params).join().output().get(0).asMessage().content()
              .get(0).asOutputText().text();
        default:
          try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(params)) {
            return s.stream().filter(ResponseStreamEvent::isOutputTextDelta)
                .map(e -> e.asOutputTextDelta().delta()).collect(Collectors.joining());
          }
      }
    });

    GenerationSpanData g = onlyGenerationIn("matrix", mode);
    assertThat(generations(1).get(0).name()).isEqualTo("openai.responses gpt-4o-mini");
    assertThat(g.operation()).isEqualTo("responses");
    assertThat(g.model()).isEqualTo("gpt-4o-mini");
    assertThat(g.input()).extracting(m -> m.role() + ":" + m.content())
        .containsExactly("system:You are a helpful assistant", "user:What is the capital of France?");
    assertThat(g.output().get(0).content()).isEqualTo(text).isNotBlank();
    assertThat(g.finishReason()).isEqualTo("stop");
    assertThat(g.usage().total()).isEqualTo(31);
    assertThat(g.responseId()).startsWith("resp_");
  }

  @Test
  void responsesFunctionCall_thenItsOutput_tracesTheTool() {
    provider.answer("openai/responses-function-call.json").answer("openai/responses-plain.json");
    ResponseCreateParams ask = ResponseCreateParams.builder().model(ChatModel.GPT_4O_MINI)
        .input("What is the weather like in Paris, France?").build();

    try (TraceGroup g = Nora.traceGroup("matrix")) {
      Response first = client.responses().create(ask);
      ResponseFunctionToolCall call = first.output().get(0).asFunctionCall();
      client.responses().create(ResponseCreateParams.builder().model(ChatModel.GPT_4O_MINI)
          .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(
                  com.openai.models.responses.EasyInputMessage.builder()
                      .role(com.openai.models.responses.EasyInputMessage.Role.USER)
                      .content("What is the weather like in Paris, France?").build()),
              ResponseInputItem.ofFunctionCall(call),
              ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                  .callId(call.callId()).output("Sunny, 22°C").build()))).build());
    }

    assertThat(data(generations(2).get(0)).finishReason()).isEqualTo("tool_calls");
    assertToolSpanBetween("matrix", "get_weather", "call_handwritten_1", "Sunny");
  }

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"SYNC", "ASYNC"})
  void embeddings_areAnEmbeddingSpan_withoutTheVectors(Mode mode) {
    provider.answer("openai/embeddings.json");
    EmbeddingCreateParams params = EmbeddingCreateParams.builder()
        .model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL).input("South Atlantic Ocean.").build();

    if (mode == Mode.SYNC) {
      client.embeddings().create(params);
    } else {
      client.async().embeddings().create(params).join();
    }

    org.awaitility.Awaitility.await().until(() -> !rec.endedSpans.isEmpty());
    Span span = rec.endedSpans.get(0);
    assertThat(span.type()).isEqualTo("embedding");
    assertThat(span.name()).isEqualTo("openai.embeddings text-embedding-3-small");
    EmbeddingSpanData e = (EmbeddingSpanData) span.data();
    assertThat(e.model()).isEqualTo("text-embedding-3-small");
    assertThat(e.input()).containsExactly("South Atlantic Ocean.");
    assertThat(e.vectorCount()).isEqualTo(1);
    assertThat(e.dimensions()).isEqualTo(1536);
    assertThat(e.usage().inputTokens()).isEqualTo(4);
    assertThat(e.cost()).isPositive();
    assertThat(span.toString()).doesNotContain("-0.031545512");
  }

  @Test
  void embeddingError_marksTheSpan() {
    provider.answer(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");

    assertThatThrownBy(() -> client.embeddings().create(EmbeddingCreateParams.builder()
        .model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL).input("x").build())).isInstanceOf(RateLimitException.class);

    org.awaitility.Awaitility.await().until(() -> !rec.endedSpans.isEmpty());
    assertThat(rec.endedSpans.get(0).error().httpStatus()).isEqualTo(429);
  }
}
