package ai.nora.examples;

import ai.nora.Nora;
import ai.nora.TraceGroup;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.openai.core.JsonValue;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * "with / async with": in Java, {@code try (TraceGroup g = Nora.traceGroup(..))}. Groups nest; an
 * exception marks the group failed; async calls started inside a group belong to it.
 */
final class GroupExamples {
  private GroupExamples() {}

  static String ask(Providers p, String prompt) {
    return p.openai.chat().completions().create(ChatCompletionCreateParams.builder().model(p.openAiModel())
        .addUserMessage(prompt).build()).choices().get(0).message().content().orElse("");
  }

  static List<Example> all() {
    return List.of(
        new Example("group-basic", "with", "Two calls of one request, one group", "user_request_handler", p -> {
          try (TraceGroup g = Nora.traceGroup("user_request_handler")) {
            String intent = ask(p, "I want to book a flight to Paris");
            String details = ask(p, "Extract flight details from: " + intent);
            g.setOutput(details);
            return "Intent: " + intent + " Details: " + details;
          }
        }),
        new Example("group-metadata", "with", "Metadata: user, session and input", "chat_conversation", p -> {
          try (TraceGroup g = Nora.traceGroup("chat_conversation", Map.of("user_id", "user_12345",
              "session_id", "sess_abc", "input", "How do I reset my password?"))) {
            String answer = p.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(p.openAiModel()).addSystemMessage("You are a helpful support agent.")
                .addUserMessage("How do I reset my password?").build()).choices().get(0).message().content().orElse("");
            g.setOutput(answer);
            return answer;
          }
        }),
        new Example("group-error", "with", "A failed call marks the group failed; the error passes on", "risky_operation", p -> {
          // The lambda form sees the exception; try-with-resources closes its group before any
          // catch runs, so there call g.recordError(e) in a catch inside the try.
          try {
            return Nora.traceGroup("risky_operation", Map.of(), () -> ask(p, "Some query " + StandInProvider.RATE_LIMITED));
          } catch (RateLimitException e) {
            return "Error occurred: " + e.getMessage();
          }
        }),
        new Example("group-nested", "with", "Nested groups: a workflow and its steps", "document_processing", p -> {
          try (TraceGroup outer = Nora.traceGroup("document_processing")) {
            String analysis;
            try (TraceGroup step = Nora.traceGroup("analyze_document")) {
              analysis = ask(p, "Analyze this document...");
            }
            try (TraceGroup step = Nora.traceGroup("generate_summary")) {
              return ask(p, "Summarize: " + analysis);
            }
          }
        }),
        new Example("group-async", "async with", "Parallel async calls inside one group", "async_multi_query", p -> {
          try (TraceGroup g = Nora.traceGroup("async_multi_query")) {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (String query : List.of("Query 1", "Query 2")) {
              answers.add(p.openai.async().chat().completions().create(ChatCompletionCreateParams.builder()
                  .model(p.openAiModel()).addUserMessage(query).build())
                  .thenApply(c -> c.choices().get(0).message().content().orElse("")));
            }
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> answers.stream().map(CompletableFuture::join).toList()).join();
          }
        }),
        new Example("group-loop", "with", "A loop of calls in one group", "batch_queries", p -> {
          List<String> queries = List.of("What is AI?", "Explain ML", "Define DL");
          try (TraceGroup g = Nora.traceGroup("batch_queries", Map.of("count", queries.size()))) {
            List<String> results = new ArrayList<>();
            for (String query : queries) {
              results.add(ask(p, query));
            }
            return results.size() + " queries done";
          }
        }),
        new Example("group-tools", "with", "The full tool-calling flow", "weather_query", p -> {
          try (TraceGroup g = Nora.traceGroup("weather_query", Map.of("input", "Seoul weather"))) {
            ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model(p.openAiModel())
                .addUserMessage("What's the weather in Seoul?").addTool(weatherTool("Get current weather"))
                .toolChoice(ChatCompletionToolChoiceOption.Auto.AUTO).build();
            ChatCompletionMessage first = p.openai.chat().completions().create(ask).choices().get(0).message();
            ChatCompletionCreateParams.Builder next = ChatCompletionCreateParams.builder().model(p.openAiModel())
                .addUserMessage("What's the weather in Seoul?").addMessage(first);
            for (ChatCompletionMessageToolCall call : first.toolCalls().orElse(List.of())) {
              String location = call.asFunction().function().arguments().contains("Seoul") ? "Seoul" : "?";
              next.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id())
                  .content(getWeather(location)).build());
            }
            String answer = p.openai.chat().completions().create(next.build()).choices().get(0).message().content().orElse("");
            g.setOutput(answer);
            return answer;
          }
        }),
        new Example("group-anthropic", "with", "Claude and Gemini calls grouped the same way", "claude_pipeline", p -> {
          try (TraceGroup g = Nora.traceGroup("claude_pipeline")) {
            MessageCreateParams ask = MessageCreateParams.builder().model(Model.CLAUDE_HAIKU_4_5).maxTokens(256)
                .addUserMessage("Draft a short poem").build();
            p.anthropic.messages().create(ask);
            return p.gemini.models.generateContent("gemini-2.5-flash", "Review the poem", null).text();
          }
        }));
  }

  /** The README's tool: the weather of a place. */
  static String getWeather(String location) {
    return "Weather in " + location + ": Sunny, 22°C";
  }

  static ChatCompletionFunctionTool weatherTool(String description) {
    return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").description(description).parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
            .build()).build()).build();
  }
}
