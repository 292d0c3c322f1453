package ai.nora.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.TraceGroup;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Span;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.core.opentelemetry.OpenTelemetryOptions;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * anthropic-java, the real client against recorded responses: messages sync, async and streamed,
 * each plain, with tool use and failing. Run once per way in ({@link Ways}).
 */
class AnthropicMatrixTest extends MatrixSupport {
  private AnthropicClient client;

  @BeforeEach
  void client() {
    client = Ways.anthropic(AnthropicOkHttpClient.builder().baseUrl(provider.baseUrl())
        .apiKey("sk-ant-test").maxRetries(0).build());
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  private Message ask(Mode mode, MessageCreateParams params) {
    switch (mode) {
      case SYNC:
        return client.messages().create(params);
      case ASYNC:
        return client.async().messages().create(params).join();
      default:
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params)) {
          s.stream().forEach(acc::accumulate);
        }
        return acc.message();
    }
  }

  static MessageCreateParams question() {
    return MessageCreateParams.builder().model(Model.CLAUDE_HAIKU_4_5).maxTokens(50)
        .system("Be brief.").addUserMessage("What is the capital of France?").build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void plainCall_isOneGenerationWithTheAnswerAndUsage(Mode mode) {
    provider.answer(mode == Mode.STREAM ? "anthropic/messages-stream.sse" : "anthropic/messages-plain.json");

    Message m = Nora.traceGroup("matrix", Map.of(), () -> ask(mode, question()));

    GenerationSpanData g = onlyGenerationIn("matrix", mode);
    assertThat(g.provider()).isEqualTo("anthropic");
    assertThat(g.responseModel()).isEqualTo("claude-haiku-4-5-20251001");
    assertThat(g.input()).extracting(x -> x.role() + ":" + x.content())
        .containsExactly("system:Be brief.", "user:What is the capital of France?");
    assertThat(g.output().get(0).content()).isEqualTo(m.content().get(0).asText().text())
        .startsWith("The capital of France is **Paris**");
    assertThat(g.finishReason()).isEqualTo("end_turn");
    assertThat(g.usage().inputTokens()).isEqualTo(19);
    assertThat(g.usage().outputTokens()).isEqualTo(36);
    assertThat(g.cost()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void toolUse_thenItsResults_tracesEachToolBetweenTheCalls(Mode mode) {
    provider.answer(mode == Mode.STREAM ? "anthropic/messages-stream-tool-use.sse" : "anthropic/messages-tool-use.json")
        .answer(mode == Mode.STREAM ? "anthropic/messages-stream.sse" : "anthropic/messages-plain.json");
    MessageCreateParams ask = MessageCreateParams.builder().model("claude-3-5-sonnet-20240620")
        .maxTokens(500).addUserMessage("Weather in Seattle?").build();

    List<String> ids = new ArrayList<>();
    try (TraceGroup g = Nora.traceGroup("matrix")) {
      Message first = ask(mode, ask);
      List<ContentBlockParam> results = new ArrayList<>();
      first.content().stream().filter(b -> b.isToolUse()).forEach(b -> {
        ids.add(b.asToolUse().id());
        results.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
            .toolUseId(b.asToolUse().id()).content("Sunny in " + b.asToolUse()._input()).build()));
      });
      ask(mode, ask.toBuilder().addMessage(first).addUserMessageOfContentBlockParams(results).build());
    }

    List<Span> gens = generations(2);
    assertThat(data(gens.get(0)).finishReason()).isEqualTo("tool_use");
    assertThat(data(gens.get(0)).toolCalls()).extracting(c -> c.name() + c.arguments())
        .contains("get_current_weather{\"location\":\"Seattle\"}");
    assertThat(tools()).extracting(t -> ((ai.nora.trace.ToolSpanData) t.data()).toolCallId())
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(tools()).allSatisfy(t -> {
      assertThat(t.name()).isEqualTo("get_current_weather");
      assertThat(t.parentId()).isEqualTo(rec.span("matrix").id());
      assertThat(t.startEpochNanos()).isGreaterThanOrEqualTo(gens.get(0).endEpochNanos());
      assertThat(t.endEpochNanos()).isLessThanOrEqualTo(gens.get(1).startEpochNanos());
    });
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void providerError_reachesTheCallerUnchanged_andMarksTheSpan(Mode mode) {
    provider.answer(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ask(mode, question()));

    Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
    assertThat(cause).isInstanceOf(RateLimitException.class);
    assertFailedWith(429);
  }

  /** Collects what anthropic-java's own tracing exports. */
  static final class Collected implements SpanExporter {
    final List<SpanData> spans = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(java.util.Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theSdksOwnOpenTelemetrySpan_isNotMadeForACallNoraRecords(Mode mode) {
    provider.answer(mode == Mode.STREAM ? "anthropic/messages-stream.sse" : "anthropic/messages-plain.json")
        .answer(mode == Mode.STREAM ? "anthropic/messages-stream.sse" : "anthropic/messages-plain.json");
    Collected exported = new Collected();
    SdkTracerProvider tracing = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    AnthropicClient base = AnthropicOkHttpClient.builder().baseUrl(provider.baseUrl()).apiKey("sk-ant-test")
        .maxRetries(0).openTelemetry(OpenTelemetryOptions.builder().tracerProvider(tracing).build()).build();
    client = Ways.anthropic(base);

    ask(mode, question());
    generations(1);
    // Without Nora, the SDK does trace the same call: the setting above is live.
    Nora.disable();
    AnthropicClient untraced = client;
    client = base;
    ask(mode, question());
    client = untraced;

    Awaitility.await().until(() -> !exported.spans.isEmpty());
    assertThat(exported.spans).singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("anthropic.messages.create"));
    tracing.shutdown();
    base.close();
  }
}
