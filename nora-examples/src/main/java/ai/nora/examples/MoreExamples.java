package ai.nora.examples;

import ai.nora.GroupSummary;
import ai.nora.Nora;
import ai.nora.TraceGroup;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rest of the README: the full tool-calling flow, advanced use (flush, disable and enable,
 * local queries) and the practical collection (RAG, a multi-agent system, batch processing, an
 * A/B test, retries with every attempt traced).
 */
public final class MoreExamples {
  private static final java.util.Random RANDOM = new java.util.Random();

  private MoreExamples() {}

  static List<Example> all() {
    return List.of(
        new Example("anthropic-tools", "with", "The full tool-calling flow with Claude's tool use", "tool_calling_flow", p -> {
          try (TraceGroup g = Nora.traceGroup("tool_calling_flow")) {
            MessageCreateParams ask = MessageCreateParams.builder().model("claude-3-5-sonnet-20240620").maxTokens(500)
                .addTool(Tool.builder().name("get_current_weather").description("The weather in a city")
                    .inputSchema(Tool.InputSchema.builder().putAdditionalProperty("type",
                        com.anthropic.core.JsonValue.from("object")).build()).build())
                .addUserMessage("What's the weather like in Seattle and San Francisco?").build();
            Message first = p.anthropic.messages().create(ask);
            List<ContentBlockParam> results = new ArrayList<>();
            first.content().stream().filter(b -> b.isToolUse()).forEach(b -> results.add(ContentBlockParam.ofToolResult(
                ToolResultBlockParam.builder().toolUseId(b.asToolUse().id()).content("Sunny, 18°C").build())));
            Message answer = p.anthropic.messages().create(ask.toBuilder().addMessage(first)
                .addUserMessageOfContentBlockParams(results).build());
            return answer.content().get(0).asText().text();
          }
        }),
        new Example("advanced-flush", "Advanced", "flush before a short program exits", "flushed_job", p -> {
          Nora.traceGroup("flushed_job", Map.of(), () -> GroupExamples.ask(p, "One last question"));
          return Nora.flush() ? "flushed" : "flush timed out";
        }),
        new Example("advanced-disable", "Advanced", "disable and enable: calls in between are not traced", "after_enable", p -> {
          Nora.disable();
          GroupExamples.ask(p, "This call is not traced");
          Nora.enable();
          return Nora.traceGroup("after_enable", Map.of(), () -> GroupExamples.ask(p, "This one is"));
        }),
        new Example("advanced-queries", "Advanced", "Local queries: groups, and traces by group", "queried_group", p -> {
          String groupId;
          try (TraceGroup g = Nora.traceGroup("queried_group")) {
            groupId = g.groupId();
            GroupExamples.ask(p, "Something to find later");
          }
          List<GroupSummary> groups = Nora.getTraceGroups();
          return groups.size() + " groups recorded here; " + Nora.findTracesByGroup("queried_group").size()
              + " call(s) in queried_group; " + Nora.findTracesByGroupId(groupId).size() + " by its id";
        }),
        new Example("practical-rag", "Practical", "RAG: retrieval, embedding, answer", "rag_query", p ->
            Nora.traceGroup("rag_query", Map.of("session_id", "rag-demo"), () -> {
              p.openai.embeddings().create(EmbeddingCreateParams.builder().model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL)
                  .input("What is machine learning?").build());
              String context = Nora.tool("search_documents", Map.of("query", "machine learning"),
                  () -> "Doc1: ML is...\nDoc2: AI involves...");
              return p.openai.chat().completions().create(ChatCompletionCreateParams.builder().model(p.openAiModel())
                  .addSystemMessage("Answer based on the context.")
                  .addUserMessage("Context:\n" + context + "\n\nQuestion: What is machine learning?").build())
                  .choices().get(0).message().content().orElse("");
            })),
        new Example("practical-multi-agent", "Practical", "A multi-agent system: planner, executor, reviewer",
            "multi_agent_system", p -> Nora.traceGroup("multi_agent_system", Map.of(), () -> {
              String plan = Nora.agent("planner", () -> GroupExamples.ask(p, "Create a plan for: a product launch"));
              String work = Nora.agent("executor", () -> GroupExamples.ask(p, "Execute: " + plan));
              return Nora.agent("reviewer", () -> GroupExamples.ask(p, "Review: " + work));
            })),
        new Example("practical-batch", "Practical", "Batch processing: one group, a call per document",
            "batch_summarization", p -> {
              List<String> documents = List.of("Doc 1 text...", "Doc 2 text...", "Doc 3 text...");
              try (TraceGroup g = Nora.traceGroup("batch_summarization", Map.of("count", documents.size()))) {
                List<String> summaries = new ArrayList<>();
                for (String doc : documents) {
                  summaries.add(GroupExamples.ask(p, "Summarize: " + doc));
                }
                return "Processed " + summaries.size() + "/" + documents.size();
              }
            }),
        new Example("practical-ab-test", "Practical", "An A/B test: the model drawn at random, the variant in metadata",
            "ab_test", p -> {
              String model = List.of("gpt-4o-mini", "gpt-4o").get(RANDOM.nextInt(2));
              try (TraceGroup g = Nora.traceGroup("ab_test",
                  Map.of("model", model, "variant", "gpt-4o-mini".equals(model) ? "A" : "B"))) {
                return "Model: " + model + ": " + p.openai.chat().completions().create(ChatCompletionCreateParams
                    .builder().model(model).addUserMessage("Explain photosynthesis").build())
                    .choices().get(0).message().content().orElse("");
              }
            }),
        new Example("practical-retry", "Practical", "Retries around a traced method: every attempt is a trace",
            "robust_query", p -> {
              // The README's @retry outside @nora.trace_group: each attempt is a group of its own.
              for (int attempt = 1; ; attempt++) {
                try {
                  return Nora.traceGroup("robust_query", Map.of("attempt", attempt), () ->
                      GroupExamples.ask(p, "Tell me about quantum physics " + StandInProvider.RATE_LIMITED));
                } catch (RateLimitException e) {
                  if (attempt == 3) {
                    return "Failed after retries: " + e.getMessage();
                  }
                  Thread.sleep(50L * attempt);
                }
              }
            }),
        new Example("tips-metadata", "Tips", "Metadata to search and filter by", "customer_support", p -> {
          try (TraceGroup g = Nora.traceGroup("customer_support", Map.of("user_id", "customer_789",
              "ticket_id", "T-1042", "priority", "high", "category", "billing"))) {
            return GroupExamples.ask(p, "My invoice is wrong, what can I do?");
          }
        }),
        new Example("practical-gemini-tools", "Practical", "Gemini automatic function calling: a span per round trip",
            "gemini_weather_agent", p -> {
              com.google.genai.types.GenerateContentConfig config = com.google.genai.types.GenerateContentConfig.builder()
                  .tools(com.google.genai.types.Tool.builder().functions(MoreExamples.class.getMethod("getWeather", String.class))
                      .build()).build();
              return Nora.traceGroup("gemini_weather_agent", Map.of(), () ->
                  p.gemini.models.generateContent("gemini-2.5-flash", "What's the weather in Paris?", config).text());
            }));
  }

  /** The Java tool Gemini's automatic function calling runs. */
  public static String getWeather(String city) {
    return "Sunny in " + city;
  }

}
