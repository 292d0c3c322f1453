package ai.nora.langchain4j.it;

import static ai.nora.it.TraceSpans.list;
import static ai.nora.it.TraceSpans.ofType;
import static ai.nora.it.TraceSpans.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.nora.Nora;
import ai.nora.it.FakeLlm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.service.AiServices;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A LangChain4j AI service with two tools and a retriever, on each provider module, sync and
 * streamed, traced the way this JVM was started ({@code nora.test.way}): {@code autopatch}
 * ({@code Nora.init} alone, models built before it), {@code agent} ({@code -javaagent}, no
 * {@code Nora} code in the app but the test's own init for its server) or {@code explicit}
 * ({@code NoraLangChain4j.listener()} on the models, auto-patch off). Each trace is read back
 * from a real nora-server and checked span by span.
 */
class LangChain4jTracingTest {
  static final String WAY = NoraServerFixture.WAY;
  static final boolean EXPLICIT = NoraServerFixture.EXPLICIT;
  static final String QUESTION = "What is the weather and the time in Paris?";
  static final String GUIDE = "Paris guide: the Eiffel Tower opens at 9:00.";

  static FakeLlm llm;
  static NoraServerFixture nora;
  static final Map<Provider, ChatModel> builtBeforeInit = new EnumMap<>(Provider.class);

  @BeforeAll
  static void start() throws Exception {
    llm = new FakeLlm();
    for (Provider p : Provider.values()) {
      builtBeforeInit.put(p, p.chatModel(llm.url(), listeners()));
    }
    nora = new NoraServerFixture();
  }

  @AfterAll
  static void stop() {
    nora.close();
    llm.close();
  }

  static List<ChatModelListener> listeners() {
    return NoraServerFixture.listeners();
  }

  static Assistant assistant(ChatModel model, StreamingChatModel streaming) {
    AiServices<Assistant> b = AiServices.builder(Assistant.class);
    if (model != null) {
      b.chatModel(model);
    } else {
      b.streamingChatModel(streaming);
    }
    return b.tools(new TravelTools())
        .contentRetriever(query -> List.of(Content.from(
            TextSegment.from(GUIDE, Metadata.from("source", "guide.md")), Map.of(ContentMetadata.SCORE, 0.87))))
        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
        .build();
  }

  /** In the explicit way nothing groups the calls but the application: a group of its own. */
  static <T> T run(String session, Supplier<T> body) {
    return EXPLICIT ? Nora.traceGroup("explicit " + session, Map.of("session_id", session), body::get) : body.get();
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void anAiServiceCall_isTracedWithItsRetrievalCallsAndTools(Provider p) throws Exception {
    String session = p + "-sync-" + WAY;
    String answer = run(session, () -> assistant(builtBeforeInit.get(p), null).chat(session, QUESTION));
    assertThat(answer).isEqualTo(FakeLlm.ANSWER);
    check(p, session, false, "Assistant.chat");
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void aStreamedAiServiceCall_isOneTraceWithTimeToFirstToken(Provider p) throws Exception {
    // A listener added by hand sees a streamed call's steps but not the stream itself (no time to
    // first token), and finds where the calls after the tools belong only by the tool call ids.
    assumeFalse(EXPLICIT && !p.toolCallIds, "without tool call ids, explicit listeners lose the trace");
    String session = p + "-stream-" + WAY;
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder streamed = new StringBuilder();
    run(session, () -> {
      assistant(null, p.streamingModel(llm.url(), listeners())).chatStream(session, QUESTION)
          .onPartialResponse(streamed::append)
          .onCompleteResponse(done::complete)
          .onError(done::completeExceptionally)
          .start();
      try {
        return done.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the stream failed; the provider's last requests: "
            + llm.requests.subList(Math.max(0, llm.requests.size() - 2), llm.requests.size()), e);
      }
    });
    assertThat(done.get().aiMessage().text()).isEqualTo(FakeLlm.ANSWER);
    assertThat(streamed.toString()).isEqualTo(FakeLlm.ANSWER);
    check(p, session, true, "Assistant.chatStream");
  }

  @org.junit.jupiter.api.Test
  void anEmbeddingCall_isAnEmbeddingSpan() throws Exception {
    assumeFalse(EXPLICIT, "embedding models have no listener to add before LangChain4j 1.18");
    String session = "embeddings-" + WAY;
    EmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(llm.url() + "/v1").apiKey("test")
        .modelName("text-embedding-3-small").build();
    int vectors = Nora.traceGroup("index documents", Map.of("session_id", session),
        () -> model.embedAll(List.of(TextSegment.from("Paris guide"), TextSegment.from("Lisbon guide"))).content().size());
    assertThat(vectors).isEqualTo(2);

    JsonNode trace = nora.readBack(session, 2);
    JsonNode group = only(list(trace), "group");
    JsonNode e = only(list(trace), "embedding");
    assertThat(e.get("parent_id").asText()).isEqualTo(group.get("id").asText());
    assertThat(e.get("provider").asText()).isEqualTo("openai");
    assertThat(e.get("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(e.get("input")).extracting(JsonNode::asText).containsExactly("Paris guide", "Lisbon guide");
    assertThat(e.get("vector_count").asInt()).isEqualTo(2);
    assertThat(e.get("dimensions").asInt()).isEqualTo(3);
    assertThat(e.get("usage").get("input_tokens").asLong()).isEqualTo(8);
    assertThat(e.get("cost").asDouble()).isPositive();
  }

  /** The tools, with a broken clock (declared here: older releases find only declared tools). */
  public static class BrokenClockTools {
    @dev.langchain4j.agent.tool.Tool("The weather in a city")
    public String weather(@dev.langchain4j.agent.tool.P("the city") String city) {
      return "sunny, 18 C";
    }

    @dev.langchain4j.agent.tool.Tool("The time in a time zone")
    public String time(@dev.langchain4j.agent.tool.P("the time zone") String zone) {
      throw new IllegalStateException("the clock is broken");
    }
  }

  @org.junit.jupiter.api.Test
  void aToolThatFails_isAToolSpanWithItsError_andTheServiceGoesOn() throws Exception {
    String session = "tool-error-" + WAY;
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(Provider.OPENAI.chatModel(llm.url(), listeners())).tools(new BrokenClockTools())
        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20)).build();
    String answer = run(session, () -> assistant.chat(session, QUESTION));
    assertThat(answer).isEqualTo(FakeLlm.ANSWER);

    JsonNode trace = nora.readBack(session, 5);
    List<JsonNode> tools = ofType(list(trace), "tool");
    JsonNode broken = tools.stream().filter(t -> t.get("tool_name").asText().equals("time")).findFirst().orElseThrow();
    JsonNode weather = tools.stream().filter(t -> t.get("tool_name").asText().equals("weather")).findFirst().orElseThrow();
    assertThat(weather.get("status").asText()).isEqualTo("success");
    if (EXPLICIT) {
      // Seen only through the next request: the error text LangChain4j sent back as the result.
      assertThat(broken.get("result").asText()).contains("the clock is broken");
    } else {
      assertThat(broken.get("status").asText()).isEqualTo("error");
      assertThat(broken.get("error").get("message").asText()).contains("the clock is broken");
    }
  }

  @org.junit.jupiter.api.Test
  void toolsOfAToolProvider_runConcurrently_areToolSpansUnderTheService() throws Exception {
    assumeFalse(EXPLICIT, "AI services are traced by auto-patch or the agent");
    String session = "tool-provider-" + WAY;
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    dev.langchain4j.service.tool.ToolExecutor weather = (request, memoryId) -> {
      threads.add(Thread.currentThread().getName());
      return "sunny, 18 C";
    };
    dev.langchain4j.service.tool.ToolExecutor time = (request, memoryId) -> {
      threads.add(Thread.currentThread().getName());
      return "14:00";
    };
    // As an MCP client hands LangChain4j its server's tools: specifications and executors.
    dev.langchain4j.service.tool.ToolProvider provider = request -> dev.langchain4j.service.tool.ToolProviderResult.builder()
        .add(dev.langchain4j.agent.tool.ToolSpecification.builder().name("weather").description("The weather in a city")
            .parameters(dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder().addStringProperty("city").build())
            .build(), weather)
        .add(dev.langchain4j.agent.tool.ToolSpecification.builder().name("time").description("The time in a time zone")
            .parameters(dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder().addStringProperty("zone").build())
            .build(), time)
        .build();
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(Provider.OPENAI.chatModel(llm.url(), listeners())).toolProvider(provider)
        .executeToolsConcurrently().chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20)).build();
    assertThat(assistant.chat(session, QUESTION)).isEqualTo(FakeLlm.ANSWER);
    assertThat(threads).as("the tools ran on LangChain4j's executor").noneMatch(t -> t.equals(Thread.currentThread().getName()));

    JsonNode trace = nora.readBack(session, 5);
    JsonNode service = only(list(trace), "agent");
    assertThat(ofType(list(trace), "tool")).hasSize(2).allSatisfy(t -> {
      assertThat(t.get("parent_id").asText()).isEqualTo(service.get("id").asText());
      assertThat(t.get("tool_call_id").asText()).startsWith("call_");
    });
  }

  @org.junit.jupiter.api.Test
  void aModelError_isAFailedGenerationWithItsHttpStatus() throws Exception {
    String session = "model-error-" + WAY;
    ChatModel model = dev.langchain4j.model.openai.OpenAiChatModel.builder().baseUrl(llm.url() + "/v1")
        .apiKey("test").modelName("gpt-4o-mini").maxRetries(0).listeners(listeners()).build();
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Nora.traceGroup("failing call",
        Map.of("session_id", session), () -> model.chat("Answer this " + FakeLlm.FAIL)));
    assertThat(thrown).isNotNull();

    JsonNode trace = nora.readBack(session, 2);
    JsonNode g = only(list(trace), "generation");
    assertThat(g.get("status").asText()).isEqualTo("error");
    assertThat(g.get("error").get("http_status").asInt()).isEqualTo(503);
    assertThat(g.get("input").toString()).contains(FakeLlm.FAIL);
    assertThat(trace.get("status").asText()).isEqualTo("error");
  }


  /** The trace of an AI service call, {@code streamed} or not, as this JVM's way records it. */
  private void check(Provider p, String session, boolean streamed, String serviceName) throws Exception {
    // A listener added by hand cannot tell a streamed call from another.
    boolean recordedAsStream = streamed && !EXPLICIT;
    JsonNode trace = nora.readBack(session, EXPLICIT ? (p.toolCallIds ? 5 : 3) : 6);
    List<JsonNode> spans = new ArrayList<>();
    trace.get("spans").forEach(spans::add);
    spans.sort(Comparator.comparing(s -> s.get("start_time").asText()));
    assertThat(trace.path("session_id").asText()).isEqualTo(session);
    assertThat(trace.path("status").asText()).isEqualTo("success");

    JsonNode root = only(spans, EXPLICIT ? "group" : "agent");
    assertThat(root.path("parent_id").isNull()).isTrue();
    String rootId = root.get("id").asText();
    if (!EXPLICIT) {
      assertThat(root.get("name").asText()).isEqualTo(serviceName);
      assertThat(root.get("input").toString()).contains(QUESTION);
      assertThat(root.get("output").asText()).isEqualTo(FakeLlm.ANSWER);
      assertThat(trace.get("output").asText()).isEqualTo(FakeLlm.ANSWER);

      JsonNode retrieval = only(spans, "retrieval");
      assertThat(retrieval.get("parent_id").asText()).isEqualTo(rootId);
      assertThat(retrieval.get("input").asText()).isEqualTo(QUESTION);
      assertThat(retrieval.get("document_count").asInt()).isEqualTo(1);
      JsonNode doc = retrieval.get("output").get(0);
      assertThat(doc.get("text").asText()).isEqualTo(GUIDE);
      assertThat(doc.get("score").asDouble()).isEqualTo(0.87);
      assertThat(doc.get("metadata").get("source").asText()).isEqualTo("guide.md");
    }

    List<JsonNode> gens = ofType(spans, "generation");
    assertThat(gens).as("generations: recorded once each").hasSize(2);
    for (JsonNode g : gens) {
      assertThat(g.get("parent_id").asText()).isEqualTo(rootId);
      assertThat(g.get("provider").asText()).isEqualTo(p.noraName);
      assertThat(g.get("request_model").asText()).isEqualTo(p.model);
      assertThat(g.get("model").asText()).isEqualTo(p.answeredBy);
      assertThat(g.path("stream").asBoolean()).isEqualTo(recordedAsStream);
      assertThat(g.get("parameters").get("temperature").asDouble()).isEqualTo(0.2);
      assertThat(g.get("tools").toString()).contains("weather", "time", "The weather in a city");
    }
    JsonNode asks = gens.get(0);
    assertThat(asks.get("tool_calls")).extracting(c -> c.get("name").asText()).containsExactly("weather", "time");
    assertThat(asks.get("tool_calls").get(0).get("arguments").asText()).contains("Paris");
    assertThat(asks.get("usage").get("input_tokens").asLong()).isEqualTo(p.firstCallInputTokens);
    assertThat(asks.get("input").toString()).contains(QUESTION, GUIDE);
    JsonNode answers = gens.get(1);
    assertThat(answers.get("output").get(0).get("role").asText()).isEqualTo("assistant");
    assertThat(answers.get("output").get(0).get("content").asText()).isEqualTo(FakeLlm.ANSWER);
    assertThat(answers.get("input").toString()).contains("sunny, 18 C", "14:00");
    assertThat(answers.get("usage").get("output_tokens").asLong()).isEqualTo(15);
    if (recordedAsStream) {
      assertThat(answers.get("time_to_first_token").asDouble()).isPositive();
    }
    if (p == Provider.OPENAI) {
      assertThat(asks.get("finish_reason").asText()).isEqualTo("tool_calls");
      assertThat(answers.get("finish_reason").asText()).isEqualTo("stop");
      if (!streamed) {
        assertThat(answers.get("usage").get("cached_tokens").asLong()).isEqualTo(64);
        assertThat(answers.get("response_id").asText()).isEqualTo("chatcmpl-2");
      }
    }
    if (p == Provider.ANTHROPIC) {
      // Anthropic counts cache reads apart; Nora's input tokens include them.
      assertThat(answers.get("usage").get("input_tokens").asLong()).isEqualTo(120);
      assertThat(answers.get("usage").get("cached_tokens").asLong()).isEqualTo(20);
    }
    assertThat(answers.get("cost").isNumber() || p == Provider.OLLAMA).as("priced: " + answers).isTrue();

    List<JsonNode> tools = ofType(spans, "tool");
    if (EXPLICIT && !p.toolCallIds) {
      assertThat(tools).isEmpty(); // without ids a listener cannot tell which result answers which call
      return;
    }
    assertThat(tools).extracting(t -> t.get("tool_name").asText()).containsExactlyInAnyOrder("weather", "time");
    for (JsonNode t : tools) {
      assertThat(t.get("parent_id").asText()).isEqualTo(rootId);
      assertThat(t.get("result").asText()).isIn("sunny, 18 C", "14:00");
      assertThat(t.get("arguments").toString()).containsAnyOf("Paris", "CET");
      if (p.toolCallIds) {
        assertThat(t.get("tool_call_id").asText()).startsWith(p == Provider.OPENAI ? "call_" : "toolu_");
      }
    }
  }

}
