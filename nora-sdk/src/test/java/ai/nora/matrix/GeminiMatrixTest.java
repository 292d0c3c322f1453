package ai.nora.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.TraceGroup;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Span;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * google-genai, the real client against recorded responses: generateContent sync, async and
 * streamed, each plain, with a function call and failing; and the automatic function-calling loop.
 * Run once per way in ({@link Ways}).
 */
public class GeminiMatrixTest extends MatrixSupport {
  static final String MODEL = "gemini-3.1-flash-lite-preview";
  private Client client;

  /** The application's tool, run by google-genai's automatic function calling. */
  public static String getWeather(String city) {
    return "Sunny in " + city;
  }

  @BeforeEach
  void client() {
    client = Ways.gemini(Client.builder().apiKey("g-test")
        .httpOptions(HttpOptions.builder().baseUrl(provider.baseUrl() + "/").build()));
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  /** What the application reads back: the text, and the model's turn with any function calls. */
  record Answer(String text, Content turn, List<FunctionCall> calls) {}

  private Answer ask(Mode mode, List<Content> contents, GenerateContentConfig config) {
    switch (mode) {
      case SYNC:
        return of(client.models.generateContent(MODEL, contents, config));
      case ASYNC:
        return of(client.async.models.generateContent(MODEL, contents, config).join());
      default:
        StringBuilder text = new StringBuilder();
        List<FunctionCall> calls = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> s = client.models.generateContentStream(MODEL, contents, config)) {
          for (GenerateContentResponse chunk : s) {
            text.append(chunk.text() == null ? "" : chunk.text());
            calls.addAll(chunk.functionCalls());
            chunk.candidates().ifPresent(c -> c.get(0).content().flatMap(Content::parts).ifPresent(parts::addAll));
          }
        }
        return new Answer(text.toString(), Content.builder().role("model").parts(parts).build(), calls);
    }
  }

  private static Answer of(GenerateContentResponse r) {
    return new Answer(r.text(), r.candidates().orElseThrow().get(0).content().orElseThrow(),
        r.functionCalls() == null ? List.of() : r.functionCalls());
  }

  private static List<Content> user(String text) {
    return List.of(Content.builder().role("user").parts(Part.fromText(text)).build());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void plainCall_isOneGenerationWithTheAnswerAndUsage(Mode mode) {
    provider.answer(mode == Mode.STREAM ? "gemini/generate-stream.sse" : "gemini/generate-plain.json");
    GenerateContentConfig config = GenerateContentConfig.builder().temperature(0.2f).maxOutputTokens(50)
        .systemInstruction(Content.fromParts(Part.fromText("Be brief."))).build();

    Answer a = Nora.traceGroup("matrix", Map.of(), () -> ask(mode, user("What is the capital of France?"), config));

    assertThat(a.text()).isEqualTo("The capital of France is Paris.");
    GenerationSpanData g = onlyGenerationIn("matrix", mode);
    assertThat(g.provider()).isEqualTo("gemini");
    assertThat(g.model()).isEqualTo(MODEL);
    assertThat(g.parameters()).containsEntry("maxOutputTokens", 50).containsKey("temperature");
    assertThat(g.input()).extracting(m -> m.role() + ":" + m.content())
        .containsExactly("system:Be brief.", "user:What is the capital of France?");
    assertThat(g.output().get(0).content()).isEqualTo("The capital of France is Paris.");
    assertThat(g.finishReason()).isEqualTo("STOP");
    assertThat(g.usage().inputTokens()).isEqualTo(8);
    assertThat(g.usage().outputTokens()).isEqualTo(7);
    assertThat(g.usage().total()).isEqualTo(15);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void functionCall_thenItsResponse_tracesTheToolBetweenTheCalls(Mode mode) {
    provider.answer(mode == Mode.STREAM ? "gemini/generate-stream-function-call.sse" : "gemini/generate-function-call.json")
        .answer(mode == Mode.STREAM ? "gemini/generate-stream.sse" : "gemini/generate-plain.json");
    GenerateContentConfig config = GenerateContentConfig.builder().tools(Tool.builder().functionDeclarations(
        FunctionDeclaration.builder().name("getWeather").description("The weather in a city").build()).build()).build();

    try (TraceGroup g = Nora.traceGroup("matrix")) {
      List<Content> history = new ArrayList<>(user("Weather in Paris?"));
      Answer first = ask(mode, history, config);
      assertThat(first.calls()).singleElement().satisfies(c -> assertThat(c.name()).contains("getWeather"));
      history.add(first.turn());
      history.add(Content.builder().role("user").parts(Part.fromFunctionResponse("getWeather",
          Map.of("result", "Sunny in Paris"))).build());
      ask(mode, history, config);
    }

    List<Span> gens = generations(2);
    assertThat(data(gens.get(0)).toolCalls()).extracting(c -> c.name()).containsExactly("getWeather");
    assertToolSpanBetween("matrix", "getWeather", "gemini:getWeather", "Sunny in Paris");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void providerError_reachesTheCallerUnchanged_andMarksTheSpan(Mode mode) {
    // 400: google-genai retries 429s with back-off, which would only slow the test down.
    provider.answer(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid\",\"status\":\"INVALID_ARGUMENT\"}}");

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> ask(mode, user("What is the capital of France?"), null));

    Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
    assertThat(cause).isInstanceOf(ClientException.class);
    assertFailedWith(400);
  }

  @Test
  void automaticFunctionCalling_isOneSpanPerRoundTrip_withTheJavaToolBetween() throws Exception {
    provider.answer("gemini/generate-function-call.json").answer("gemini/generate-plain.json");
    GenerateContentConfig config = GenerateContentConfig.builder()
        .tools(Tool.builder().functions(GeminiMatrixTest.class.getMethod("getWeather", String.class)).build())
        .build();

    String answer = Nora.traceGroup("matrix", Map.of(),
        () -> client.models.generateContent(MODEL, "Weather in Paris?", config).text());

    assertThat(answer).isEqualTo("The capital of France is Paris.");
    assertToolSpanBetween("matrix", "getWeather", "gemini:getWeather", "Sunny in Paris");
  }
}
