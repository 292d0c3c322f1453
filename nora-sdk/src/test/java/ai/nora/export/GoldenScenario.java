package ai.nora.export;

import ai.nora.trace.AgentSpanData;
import ai.nora.trace.Clock;
import ai.nora.trace.CustomSpanData;
import ai.nora.trace.EmbeddingSpanData;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.IdGenerator;
import ai.nora.trace.Message;
import ai.nora.trace.Scope;
import ai.nora.trace.Span;
import ai.nora.trace.SpanError;
import ai.nora.trace.ToolCall;
import ai.nora.trace.ToolSpanData;
import ai.nora.trace.Tracer;
import ai.nora.trace.Usage;
import java.util.List;
import java.util.Map;

/**
 * The traces behind the golden payload files in docs/protocol/golden: recorded with a clock
 * and ids under test control, so that the encoding is byte-for-byte reproducible.
 */
final class GoldenScenario {
  /** A clock that advances 250 ms every time it is read for a span time. */
  static final class StepClock implements Clock {
    private long nanos;

    StepClock(long startEpochNanos) {
      this.nanos = startEpochNanos;
    }

    @Override
    public long epochNanos() {
      return nanos;
    }

    @Override
    public long nanoTime() {
      long now = nanos;
      nanos += 250_000_000L;
      return now;
    }
  }

  /** Ids 1, 2, 3... */
  static final class CountingIds implements IdGenerator {
    private long next = 1;

    @Override
    public long traceIdHigh() {
      return 0x4bf92f3577b34da6L;
    }

    @Override
    public long traceIdLow() {
      return 0xa3ce929d0e0e4700L + next++;
    }

    @Override
    public long spanId() {
      return 0x00f067aa0ba90200L + next++;
    }
  }

  private GoldenScenario() {}

  static Tracer tracer(SimpleTraceProcessor processor) {
    return Tracer.builder()
        .clock(new StepClock(1_765_858_530_123_000_000L))
        .idGenerator(new CountingIds())
        .environment("production")
        .processors(List.of(processor))
        .build();
  }

  /**
   * The original README's "weather_query": a group with a user, a tool-calling LLM call, the
   * tool, the final call; a nested agent group with a retrieval, an embedding and a failed call.
   */
  static void weatherQuery(Tracer tracer) {
    Span group =
        tracer.startSpan(
            "weather_query",
            new GroupSpanData(
                Map.of("user_id", "user_123", "session_id", "sess_456", "input", "Seoul weather")));
    try (Scope g = tracer.makeCurrent(group)) {
      Span first =
          tracer.startSpan(
              "openai.chat gpt-4o-mini",
              new GenerationSpanData("openai", "gpt-4o-mini")
                  .parameter("temperature", 0.2)
                  .parameter("max_tokens", 256)
                  .tools(List.of(Map.of("type", "function", "name", "get_weather")))
                  .input(List.of(Message.of("user", "What's the weather in Seoul?"))));
      ((GenerationSpanData) first.data())
          .responseModel("gpt-4o-mini-2024-07-18")
          .responseId("chatcmpl-CnGgzl3lTNCnFJdhxUUdKcU9k3u1N")
          .output(List.of(Message.toolCalls(null, List.of(
              new ToolCall("call_Gu6m4p8lTxey883A6lGaXeWP", "get_weather",
                  "{\"location\": \"Seoul, South Korea\"}")))))
          .finishReason("tool_calls")
          .usage(new Usage(80L, 50L, 130L, 0L, null, 0L));
      first.end();

      Span tool = tracer.startSpan("get_weather",
          new ToolSpanData("get_weather", Map.of("location", "Seoul, South Korea"))
              .toolCallId("call_Gu6m4p8lTxey883A6lGaXeWP"));
      ((ToolSpanData) tool.data()).result("Weather in Seoul: Sunny, 22°C");
      tool.end();

      Span second =
          tracer.startSpan(
              "openai.chat gpt-4o-mini",
              new GenerationSpanData("openai", "gpt-4o-mini")
                  .stream(true)
                  .input(List.of(
                      Message.of("user", "What's the weather in Seoul?"),
                      Message.toolCalls(null, List.of(new ToolCall(
                          "call_Gu6m4p8lTxey883A6lGaXeWP", "get_weather",
                          "{\"location\": \"Seoul, South Korea\"}"))),
                      Message.toolResult("call_Gu6m4p8lTxey883A6lGaXeWP", "get_weather",
                          "Weather in Seoul: Sunny, 22°C"))));
      ((GenerationSpanData) second.data())
          .responseModel("gpt-4o-mini-2024-07-18")
          .timeToFirstTokenNanos(180_000_000L)
          .output(List.of(Message.of("assistant",
              "The weather in Seoul is sunny with a temperature of 22°C.")))
          .finishReason("stop")
          .usage(new Usage(120L, 15L, null, 64L, null, null));
      second.end();

      Span agent = tracer.startSpan("researcher",
          new AgentSpanData("researcher").tools(List.of("search")).handoffs(List.of("writer")));
      try (Scope a = tracer.makeCurrent(agent)) {
        Span retrieve = tracer.startSpan("retrieve", new CustomSpanData(Map.of("index", "docs", "k", 3)));
        retrieve.end();
        Span embed = tracer.startSpan("openai.embeddings text-embedding-3-small",
            new EmbeddingSpanData("openai", "text-embedding-3-small")
                .input(List.of("Seoul climate"))
                .dimensions(1536).vectorCount(1).usage(new Usage(3L, null, 3L, null, null, null)));
        embed.end();
        Span failed = tracer.startSpan("anthropic.messages claude-sonnet-4-5",
            new GenerationSpanData("anthropic", "claude-sonnet-4-5")
                .operation("chat")
                .input(List.of(Message.of("system", "Be brief."), Message.of("user", "Summarise"))));
        failed.setError(new SpanError("com.anthropic.errors.RateLimitException",
            "429: rate_limit_error", 429));
        failed.end();
      }
      agent.end();
      ((GroupSpanData) group.data())
          .output("The weather in Seoul is sunny with a temperature of 22°C.");
    }
    group.end();
  }

  /** An LLM call outside any group, still running trace included, then ended. */
  static Span lonePendingCall(Tracer tracer) {
    return tracer.startSpan("gemini.generate_content gemini-2.0-flash",
        new GenerationSpanData("gemini", "gemini-2.0-flash").operation("generate_content")
            .input(List.of(Message.of("user", "Write a haiku about AI"))));
  }
}
