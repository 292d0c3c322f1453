package ai.nora;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Usage;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Starts Nora for a test with no export and a recording processor, isolated from the env. */
public final class TestNora {
  private TestNora() {}

  public static NoraConfig.Builder config() {
    // No auto-patch: tests of the engine leave the JVM's classes alone; instrumentation tests
    // turn it on, in a JVM of their own.
    return NoraConfig.builder(ConfigSource.of(Map.of())).apiKey("test-key").exporters(List.of("none"))
        .autoPatch(false);
  }

  public static RecordingProcessor init() {
    return init(b -> {});
  }

  public static RecordingProcessor init(Consumer<NoraConfig.Builder> customise) {
    RecordingProcessor recorder = new RecordingProcessor();
    NoraConfig.Builder b = config().addProcessor(recorder);
    customise.accept(b);
    Nora.init(b.build());
    return recorder;
  }

  /** Records an LLM call the way provider instrumentation does. */
  public static Span llmCall(String model, String prompt, String answer, long in, long out) {
    Span span =
        Nora.tracer()
            .startSpan(
                "openai.chat " + model,
                new GenerationSpanData("openai", model)
                    .input(List.of(Message.of("user", prompt))));
    ((GenerationSpanData) span.data())
        .output(List.of(Message.of("assistant", answer)))
        .usage(Usage.of(in, out))
        .finishReason("stop");
    span.end();
    return span;
  }

  /** Records an LLM call that asks for a tool. */
  public static Span toolCallingLlmCall(String model, String toolName, String args) {
    Span span =
        Nora.tracer()
            .startSpan("openai.chat " + model, new GenerationSpanData("openai", model));
    ((GenerationSpanData) span.data())
        .output(List.of(Message.toolCalls(null, List.of(new ToolCall("call_1", toolName, args)))))
        .usage(Usage.of(50, 10))
        .finishReason("tool_calls");
    span.end();
    return span;
  }
}
