package ai.nora.examples;

import ai.nora.Nora;
import ai.nora.Traced;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * "@nora.trace_group decorator": in Java, {@code @Traced} on a method (or the method's name in
 * {@code NoraConfig.tracedFunctions}). Every call inside the method joins its group; a method
 * returning a future or a stream keeps its group open until it completes or is read to the end.
 */
public final class TracedExamples {
  private final Providers p;

  TracedExamples(Providers p) {
    this.p = p;
  }

  private String ask(String system, String user) {
    ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(p.openAiModel());
    if (system != null) {
      b.addSystemMessage(system);
    }
    return p.openai.chat().completions().create(b.addUserMessage(user).build())
        .choices().get(0).message().content().orElse("");
  }

  @Traced(name = "summarize_article")
  public String summarizeArticle(String article) {
    return ask("You are a summarization expert.", "Summarize this: " + article);
  }

  @Traced // no name: the group is named after the method
  public String translateText(String text, String targetLanguage) {
    return ask(null, "Translate to " + targetLanguage + ": " + text);
  }

  @Traced(name = "multi_agent_research")
  public String multiAgentResearch(String topic) {
    String analysis = ask(null, "Analyze topic: " + topic);      // agent 1
    String research = ask(null, "Research based on: " + analysis); // agent 2
    return ask(null, "Summarize: " + research);                   // agent 3
  }

  @Traced(name = "async_translate")
  public CompletableFuture<String> asyncTranslate(String text) {
    return p.openai.async().chat().completions().create(ChatCompletionCreateParams.builder().model(p.openAiModel())
        .addUserMessage("Translate: " + text).build()).thenApply(c -> c.choices().get(0).message().content().orElse(""));
  }

  @Traced(name = "streaming_chat")
  public Stream<String> streamingChat(String prompt) {
    StreamResponse<ChatCompletionChunk> stream = p.openai.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model(p.openAiModel()).addUserMessage(prompt)
            // Without it OpenAI sends no usage on a stream, and the call would show no tokens.
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());
    return stream.stream().onClose(stream::close).flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse("")).filter(s -> !s.isEmpty());
  }

  @Traced(name = "weather_assistant")
  public String weatherAssistant(String city) {
    ChatCompletionFunctionTool weather = GroupExamples.weatherTool("Get weather information");
    ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model(p.openAiModel())
        .addUserMessage("What's the weather in " + city + "?").addTool(weather).build();
    ChatCompletion first = p.openai.chat().completions().create(ask);
    ChatCompletionCreateParams.Builder next = ask.toBuilder().addMessage(first.choices().get(0).message());
    for (ChatCompletionMessageToolCall call : first.choices().get(0).message().toolCalls().orElse(List.of())) {
      // The application's own tool: Nora sees its result in the next request and traces it.
      next.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id())
          .content(GroupExamples.getWeather(city)).build());
    }
    return p.openai.chat().completions().create(next.build()).choices().get(0).message().content().orElse("");
  }

  /** Named in NoraConfig.tracedFunctions, not annotated: the README's traced_functions. */
  public String processOrder(String order) {
    return ask(null, "Write a confirmation for order " + order);
  }

  static List<Example> all() {
    return List.of(
        new Example("traced-basic", "@Traced", "A named group around one call", "summarize_article",
            p -> new TracedExamples(p).summarizeArticle("Long article text here...")),
        new Example("traced-unnamed", "@Traced", "No name: the method's name", "translateText",
            p -> new TracedExamples(p).translateText("Hello", "Korean")),
        new Example("traced-metadata", "@Traced", "Metadata (user_id, session_id) for filtering", "user_query_handler",
            p -> Nora.traceGroup("user_query_handler", Map.of("user_id", "user_123", "session_id", "sess_456"),
                () -> new TracedExamples(p).ask(null, "What can you do?"))),
        new Example("traced-multi-agent", "@Traced", "Three agents, one group", "multi_agent_research",
            p -> new TracedExamples(p).multiAgentResearch("Quantum Computing")),
        new Example("traced-async", "@Traced", "An async method: open until its future completes", "async_translate",
            p -> new TracedExamples(p).asyncTranslate("Hello world").join()),
        new Example("traced-stream", "@Traced", "A streaming method (the README's generator)", "streaming_chat",
            p -> {
              try (Stream<String> s = new TracedExamples(p).streamingChat("Tell me a story")) {
                return String.join("", s.toList());
              }
            }),
        new Example("traced-tools", "@Traced", "Tool calling: the tool's run traced between the calls", "weather_assistant",
            p -> new TracedExamples(p).weatherAssistant("Seoul")),
        new Example("init-traced-functions", "Nora.init", "tracedFunctions: a method named at init", "processOrder",
            p -> new TracedExamples(p).processOrder("A-1001")));
  }

  /** What the demo's init names in tracedFunctions. */
  static final List<String> TRACED_FUNCTIONS = List.of(TracedExamples.class.getName() + "#processOrder");
}
