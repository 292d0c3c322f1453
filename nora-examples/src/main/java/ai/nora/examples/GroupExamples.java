package ai.nora.examples;

import ai.nora.Nora;
import ai.nora.TraceGroup;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * "with / async with": in Java, {@code try (TraceGroup g = Nora.traceGroup(..))}. Groups nest; an
 * exception marks the group failed; work handed to a pool wrapped by {@code Nora.wrap} stays in
 * the group.
 */
final class GroupExamples {
  private GroupExamples() {}

  static String ask(Providers p, String prompt) {
    return p.openai.chat().completions().create(ChatCompletionCreateParams.builder().model(p.openAiModel())
        .addUserMessage(prompt).build()).choices().get(0).message().content().orElse("");
  }

  static List<Example> all() {
    return List.of(
        new Example("group-basic", "with", "Two calls of one request, one group", "user_request_processing", p -> {
          try (TraceGroup g = Nora.traceGroup("user_request_processing")) {
            String intent = ask(p, "Classify the intent: 'Book a flight to Paris'");
            String reply = ask(p, "Answer this intent: " + intent);
            g.setOutput(reply);
            return reply;
          }
        }),
        new Example("group-metadata", "with", "Metadata to search and filter by", "customer_support", p -> {
          try (TraceGroup g = Nora.traceGroup("customer_support", Map.of("user_id", "customer_789",
              "session_id", "support_session_1", "priority", "high", "department", "billing"))) {
            return ask(p, "My invoice is wrong, what can I do?");
          }
        }),
        new Example("group-error", "with", "An exception marks the group failed, and passes on", "risky_operation", p -> {
          // The lambda form sees the exception; try-with-resources closes its group before any
          // catch runs, so there call g.recordError(e) in a catch inside the try.
          try {
            return Nora.traceGroup("risky_operation", Map.of(), () -> {
              ask(p, "Validate this input: 42");
              throw new IllegalStateException("validation failed");
            });
          } catch (IllegalStateException expected) {
            return "caught: " + expected.getMessage();
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
        new Example("group-parallel", "async with", "Parallel async calls inside one group", "parallel_processing", p -> {
          ExecutorService pool = Nora.wrap(Executors.newFixedThreadPool(3));
          try (TraceGroup g = Nora.traceGroup("parallel_processing")) {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (String topic : List.of("AI", "ML", "Data Science")) {
              answers.add(CompletableFuture.supplyAsync(() -> ask(p, "Explain " + topic), pool));
            }
            return answers.stream().map(CompletableFuture::join).toList().size() + " answers";
          } finally {
            pool.shutdown();
          }
        }),
        new Example("group-loop", "with", "A group per item of a loop", "process_item_3", p -> {
          List<String> out = new ArrayList<>();
          for (int i = 1; i <= 3; i++) {
            try (TraceGroup g = Nora.traceGroup("process_item_" + i, Map.of("item", i))) {
              out.add(ask(p, "Process item " + i));
            }
          }
          return out.size() + " items";
        }),
        new Example("group-anthropic", "with", "Claude calls grouped the same way", "claude_pipeline", p -> {
          try (TraceGroup g = Nora.traceGroup("claude_pipeline")) {
            MessageCreateParams ask = MessageCreateParams.builder().model(Model.CLAUDE_HAIKU_4_5).maxTokens(256)
                .addUserMessage("Draft a short poem").build();
            p.anthropic.messages().create(ask);
            return p.gemini.models.generateContent("gemini-2.5-flash", "Review the poem", null).text();
          }
        }));
  }
}
