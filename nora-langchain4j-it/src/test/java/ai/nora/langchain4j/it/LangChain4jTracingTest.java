package ai.nora.langchain4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.langchain4j.NoraLangChain4j;
import ai.nora.server.ApiKeys;
import ai.nora.server.ServerApp;
import ai.nora.server.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.service.AiServices;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
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
  static final String WAY = System.getProperty("nora.test.way", "autopatch");
  static final boolean EXPLICIT = WAY.equals("explicit");
  static final String QUESTION = "What is the weather and the time in Paris?";
  static final String GUIDE = "Paris guide: the Eiffel Tower opens at 9:00.";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static FakeLlm llm;
  static ServerApp server;
  static String key;
  static final Map<Provider, ChatModel> builtBeforeInit = new EnumMap<>(Provider.class);

  @BeforeAll
  static void start() throws Exception {
    llm = new FakeLlm();
    for (Provider p : Provider.values()) {
      builtBeforeInit.put(p, p.chatModel(llm.url(), listeners()));
    }
    Map<String, String> env = Map.of("NORA_PORT", "0", "NORA_HOST", "127.0.0.1",
        "NORA_DB_URL", "jdbc:sqlite:" + Files.createTempDirectory("nora-lc4j").resolve("nora.db"));
    server = ServerApp.start(ServerConfig.from(List.of(), env));
    key = ApiKeys.newSecret();
    new ApiKeys(server.keyStore()).add("default", "langchain4j test", key, 1L);
    Nora.init(NoraConfig.builder().apiKey(key).apiUrl("http://127.0.0.1:" + server.port() + "/v1")
        .environment("test").autoPatch(!EXPLICIT).build());
  }

  @AfterAll
  static void stop() {
    Nora.shutdown();
    server.close();
    llm.close();
  }

  static List<ChatModelListener> listeners() {
    return EXPLICIT ? List.of(NoraLangChain4j.listener()) : List.of();
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
    // Explicitly added listeners see a streamed call's steps but cannot carry the trace across
    // the threads LangChain4j streams on: the explicit way is checked sync only.
    assumeFalse(EXPLICIT, "streamed AI services need auto-patch or the agent");
    String session = p + "-stream-" + WAY;
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder streamed = new StringBuilder();
    assistant(null, p.streamingModel(llm.url(), listeners())).chatStream(session, QUESTION)
        .onPartialResponse(streamed::append)
        .onCompleteResponse(done::complete)
        .onError(done::completeExceptionally)
        .start();
    try {
      done.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the stream failed; the provider's last requests: "
          + llm.requests.subList(Math.max(0, llm.requests.size() - 2), llm.requests.size()), e);
    }
    assertThat(done.get().aiMessage().text()).isEqualTo(FakeLlm.ANSWER);
    assertThat(streamed.toString()).isEqualTo(FakeLlm.ANSWER);
    check(p, session, true, "Assistant.chatStream");
  }

  private void check(Provider p, String session, boolean stream, String serviceName) throws Exception {
    JsonNode trace = readBack(session, EXPLICIT ? (p.toolCallIds ? 5 : 3) : 6);
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
      assertThat(g.path("stream").asBoolean()).isEqualTo(stream);
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
    if (stream) {
      assertThat(answers.get("time_to_first_token").asDouble()).isPositive();
    }
    if (p == Provider.OPENAI) {
      assertThat(asks.get("finish_reason").asText()).isEqualTo("tool_calls");
      assertThat(answers.get("finish_reason").asText()).isEqualTo("stop");
      if (!stream) {
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

  static JsonNode only(List<JsonNode> spans, String type) {
    List<JsonNode> found = ofType(spans, type);
    assertThat(found).as(type + " spans in " + spans).hasSize(1);
    return found.get(0);
  }

  static List<JsonNode> ofType(List<JsonNode> spans, String type) {
    return spans.stream().filter(s -> s.get("type").asText().equals(type)).toList();
  }

  /** The one trace of the session, once its {@code spanCount} spans have arrived. */
  static JsonNode readBack(String session, int spanCount) {
    JsonNode[] found = new JsonNode[1];
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(Nora.flush()).isTrue();
      JsonNode list = get("/v1/traces?limit=10&session_id=" + URLEncoder.encode(session, StandardCharsets.UTF_8)).get("data");
      assertThat(list).as("traces of " + session).hasSize(1);
      JsonNode trace = get("/v1/traces/" + list.get(0).get("id").asText());
      assertThat(trace.get("spans")).as("spans of " + session).hasSize(spanCount);
      found[0] = trace;
    });
    return found[0];
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
