package ai.nora.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nora.Nora;
import ai.nora.RecordingProcessor;
import ai.nora.TestNora;
import ai.nora.TraceGroup;
import ai.nora.openai.FakeProvider;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.Status;
import ai.nora.trace.ToolSpanData;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.ToolResultBlockParam;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real anthropic-java client, wrapped, against a fake server replaying recorded responses. */
public class NoraAnthropicTest {
  private FakeProvider provider;
  private AnthropicClient client;
  private RecordingProcessor rec;

  @BeforeEach
  void setUp() {
    provider = new FakeProvider();
    client = NoraAnthropic.wrap(AnthropicOkHttpClient.builder().baseUrl(provider.baseUrl())
        .apiKey("sk-ant-test").maxRetries(0).build());
    rec = TestNora.init();
  }

  @AfterEach
  void tearDown() {
    Nora.shutdown();
    provider.close();
  }

  public static MessageCreateParams question() {
    return MessageCreateParams.builder().model(Model.CLAUDE_HAIKU_4_5).maxTokens(50)
        .system("Be brief.").addUserMessage("What is the capital of France?").build();
  }

  private List<Span> generations() {
    return rec.endedSpans.stream().filter(s -> s.type().equals("generation")).toList();
  }

  @Test
  void syncCall_recordsModelMessagesOutputAndNormalisedUsage() {
    provider.answer("anthropic/messages-plain.json");

    Message m = client.messages().create(question());

    assertThat(m.content().get(0).asText().text()).startsWith("The capital of France is **Paris**");
    GenerationSpanData g = (GenerationSpanData) generations().get(0).data();
    assertThat(generations().get(0).name()).isEqualTo("anthropic.messages claude-haiku-4-5");
    assertThat(g.provider()).isEqualTo("anthropic");
    assertThat(g.responseModel()).isEqualTo("claude-haiku-4-5-20251001");
    assertThat(g.responseId()).isEqualTo("msg_014PvFAwDsbxxvvp84aVydvV");
    assertThat(g.parameters()).containsEntry("max_tokens", 50L);
    assertThat(g.input()).extracting(x -> x.role() + ":" + x.content())
        .containsExactly("system:Be brief.", "user:What is the capital of France?");
    assertThat(g.output().get(0).content()).startsWith("The capital of France is **Paris**");
    assertThat(g.finishReason()).isEqualTo("end_turn");
    assertThat(g.usage().inputTokens()).isEqualTo(19);
    assertThat(g.usage().outputTokens()).isEqualTo(36);
    assertThat(g.usage().cachedTokens()).isZero();
    // claude-haiku-4-5: $1 in, $5 out per million tokens
    assertThat(g.cost()).isCloseTo((19 * 1.0 + 36 * 5.0) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void toolUse_thenToolResults_yieldOneToolSpanPerCall() {
    provider.answer("anthropic/messages-tool-use.json").answer("anthropic/messages-plain.json");

    try (TraceGroup g = Nora.traceGroup("weather")) {
      MessageCreateParams ask = MessageCreateParams.builder().model("claude-3-5-sonnet-20240620")
          .maxTokens(500).addUserMessage("Weather in Seattle and San Francisco?").build();
      Message first = client.messages().create(ask);
      List<ContentBlockParam> results = new ArrayList<>();
      first.content().stream().filter(b -> b.isToolUse()).forEach(b -> results.add(
          ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(b.asToolUse().id())
              .content("Sunny in " + b.asToolUse()._input().toString()).build())));
      client.messages().create(ask.toBuilder().addMessage(first)
          .addUserMessageOfContentBlockParams(results).build());
    }

    GenerationSpanData first = (GenerationSpanData) generations().get(0).data();
    assertThat(first.finishReason()).isEqualTo("tool_use");
    assertThat(first.toolCalls()).extracting(c -> c.name() + c.arguments())
        .containsExactly("get_current_weather{\"location\":\"Seattle\"}",
            "get_current_weather{\"location\":\"San Francisco\"}");
    List<Span> tools = rec.endedSpans.stream().filter(s -> s.type().equals("tool")).toList();
    assertThat(tools).hasSize(2).allSatisfy(t -> {
      assertThat(t.parentId()).isEqualTo(rec.span("weather").id());
      assertThat(((ToolSpanData) t.data()).result().toString()).startsWith("Sunny in");
    });
    assertThat(tools).extracting(t -> ((ToolSpanData) t.data()).toolCallId())
        .containsExactlyInAnyOrder("toolu_bdrk_015PLUD5nxagZrH4aFH6Bhhh", "toolu_bdrk_017jBjA1yJfoXcQTtrpyxZaz");
    GenerationSpanData second = (GenerationSpanData) generations().get(1).data();
    assertThat(second.input()).anySatisfy(m -> assertThat(m.role()).isEqualTo("tool"));
  }

  @Test
  void stream_userGetsEveryEvent_andTheSpanTheAssembledMessage() {
    provider.answer("anthropic/messages-stream.sse");

    String text;
    try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(question())) {
      text = s.stream().filter(e -> e.isContentBlockDelta())
          .map(e -> e.asContentBlockDelta().delta().text().map(t -> t.text()).orElse(""))
          .collect(Collectors.joining());
    }

    GenerationSpanData g = (GenerationSpanData) generations().get(0).data();
    assertThat(g.output().get(0).content()).isEqualTo(text).startsWith("The capital of France is **Paris**");
    assertThat(g.finishReason()).isEqualTo("end_turn");
    assertThat(g.usage().inputTokens()).isEqualTo(19);
    assertThat(g.usage().outputTokens()).isEqualTo(36);
    assertThat(g.stream()).isTrue();
    assertThat(g.timeToFirstTokenNanos()).isPositive();
  }

  @Test
  void asyncAndBeta_areTracedToo() {
    provider.answer("anthropic/messages-plain.json").answer("anthropic/messages-plain.json");

    client.async().messages().create(question()).join();
    client.beta().messages().create(com.anthropic.models.beta.messages.MessageCreateParams.builder()
        .model(Model.CLAUDE_HAIKU_4_5).maxTokens(50).addUserMessage("What is the capital of France?").build());

    assertThat(generations()).hasSize(2).allSatisfy(s ->
        assertThat(((GenerationSpanData) s.data()).usage().total()).isEqualTo(55));
  }

  @Test
  void providerErrors_reachTheCallerUnchanged() {
    provider.answer(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");

    assertThatThrownBy(() -> client.messages().create(question())).isInstanceOf(RateLimitException.class);

    Span g = generations().get(0);
    assertThat(g.status()).isEqualTo(Status.ERROR);
    assertThat(g.error().httpStatus()).isEqualTo(429);
  }
}
