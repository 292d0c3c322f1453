package ai.nora.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.server.ApiKeys;
import ai.nora.server.ServerApp;
import ai.nora.server.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every example, run as the demo runs them (the stand-in provider, Nora.init with auto-patch, an
 * embedded nora-server), then read back through the server's API: each trace must have the shape
 * the original README draws beside its example (names, nesting, calls, tokens, status, tools).
 */
class ExamplesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static ServerApp server;
  static String key;
  static final Map<String, Object> results = new HashMap<>();

  @BeforeAll
  static void runEveryExample() throws Exception {
    Map<String, String> env = Map.of("NORA_PORT", "0", "NORA_HOST", "127.0.0.1",
        "NORA_DB_URL", "jdbc:sqlite:" + Files.createTempDirectory("nora-examples").resolve("nora.db"));
    server = ServerApp.start(ServerConfig.from(List.of(), env));
    key = ApiKeys.newSecret();
    new ApiKeys(server.keyStore()).add("default", "examples test", key, 1L);
    try (Providers providers = Providers.standIn()) {
      Nora.init(NoraConfig.builder().apiKey(key).apiUrl("http://127.0.0.1:" + server.port() + "/v1")
          .environment("demo").tracedFunctions(Examples.tracedFunctions()).build());
      for (Example e : Examples.all()) {
        results.put(e.id(), e.body().run(providers));
      }
      assertThat(Nora.flush()).isTrue();
    }
  }

  @AfterAll
  static void stop() {
    Nora.shutdown();
    server.close();
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The one trace of that name, with its spans. */
  static JsonNode trace(String name) throws Exception {
    JsonNode list = get("/v1/traces?limit=50&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)).get("data");
    assertThat(list).as("traces named " + name).hasSize(1);
    return get("/v1/traces/" + list.get(0).get("id").asText());
  }

  static List<JsonNode> spans(JsonNode trace, Predicate<JsonNode> which) {
    List<JsonNode> out = new ArrayList<>();
    trace.get("spans").forEach(s -> {
      if (which.test(s)) {
        out.add(s);
      }
    });
    return out;
  }

  static List<JsonNode> ofType(JsonNode trace, String type) {
    return spans(trace, s -> s.get("type").asText().equals(type));
  }

  static JsonNode named(JsonNode trace, String name) {
    List<JsonNode> s = spans(trace, x -> x.get("name").asText().equals(name));
    assertThat(s).as("span " + name).hasSize(1);
    return s.get(0);
  }

  static String parentOf(JsonNode span) {
    return span.get("parent_id").isNull() ? null : span.get("parent_id").asText();
  }

  /** A group around {@code calls} calls and nothing else, as the README's dashboard shows it. */
  static JsonNode groupOfCalls(String name, int calls) throws Exception {
    JsonNode t = trace(name);
    JsonNode root = named(t, name);
    assertThat(root.get("type").asText()).isEqualTo("group");
    List<JsonNode> generations = ofType(t, "generation");
    assertThat(generations).hasSize(calls).allSatisfy(g -> {
      assertThat(parentOf(g)).isNotNull();
      assertThat(g.at("/usage/total_tokens").asInt()).isPositive();
    });
    assertThat(t.get("calls").asInt()).isEqualTo(calls);
    assertThat(t.at("/tokens/total_tokens").asInt())
        .isEqualTo(generations.stream().mapToInt(g -> g.at("/usage/total_tokens").asInt()).sum());
    assertThat(t.get("status").asText()).isEqualTo("success");
    assertThat(t.get("environment").asText()).isEqualTo("demo");
    return t;
  }

  /** The text a call answered. */
  static String answer(JsonNode generation) {
    return generation.at("/output/0/content").asText();
  }

  @Test
  void quickStarts_areOneCallTracesOfTheirOwn() throws Exception {
    for (String name : List.of("openai.chat gpt-4o-mini", "anthropic.messages claude-haiku-4-5",
        "gemini.generate_content gemini-2.5-flash")) {
      JsonNode t = trace(name);
      assertThat(t.get("spans")).singleElement().satisfies(s -> {
        assertThat(s.get("type").asText()).isEqualTo("generation");
        assertThat(s.get("parent_id").isNull()).isTrue();
        assertThat(s.at("/usage/total_tokens").asInt()).isPositive();
      });
    }
    assertThat(trace("openai.chat gpt-4o-mini").get("spans").get(0).get("provider").asText()).isEqualTo("openai");
  }

  @Test
  void initOptions_setTheEnvironmentOfWhatFollows() throws Exception {
    JsonNode staging = trace("staging_checkout");
    assertThat(staging.get("environment").asText()).isEqualTo("staging");
    assertThat(ofType(staging, "generation")).hasSize(1);
    // Back to the demo's settings afterwards.
    assertThat(trace("summarize_article").get("environment").asText()).isEqualTo("demo");
  }

  @Test
  void tracedMethods_areGroupsNamedAfterThem() throws Exception {
    groupOfCalls("summarize_article", 1);
    groupOfCalls("translateText", 1);
    groupOfCalls("processOrder", 1);
    groupOfCalls("async_translate", 1);
    JsonNode meta = groupOfCalls("user_query_handler", 1);
    assertThat(meta.get("user_id").asText()).isEqualTo("user_123");
    assertThat(meta.get("session_id").asText()).isEqualTo("sess_456");
    // The README: multi_agent_research, three executions under one group.
    groupOfCalls("multi_agent_research", 3);
    JsonNode stream = groupOfCalls("streaming_chat", 1);
    assertThat(ofType(stream, "generation").get(0).get("stream").asBoolean()).isTrue();
    assertThat(results.get("traced-stream"))
        .isEqualTo("Once upon a time, a curious robot learned to paint the sunrise, one pixel at a time.");
    assertThat(answer(ofType(stream, "generation").get(0))).isEqualTo(results.get("traced-stream"));
  }

  @Test
  void toolCalling_tracesTheToolBetweenItsCalls() throws Exception {
    JsonNode t = trace("weather_assistant");
    List<JsonNode> gens = ofType(t, "generation");
    assertThat(gens).hasSize(2);
    JsonNode tool = named(t, "get_weather");
    assertThat(tool.get("type").asText()).isEqualTo("tool");
    assertThat(parentOf(tool)).isEqualTo(named(t, "weather_assistant").get("id").asText());
    assertThat(tool.get("result").toString()).contains("Sunny, 22°C");
    assertThat(answer(gens.get(1))).isEqualTo("The weather in Seoul is sunny with a temperature of 22°C.");

    // The README's full tool-calling flow: the group's input from its metadata, the tool between.
    JsonNode query = groupOfCalls("weather_query", 2);
    assertThat(query.get("input").asText()).isEqualTo("Seoul weather");
    assertThat(ofType(query, "generation").get(0).at("/tool_calls/0/arguments").asText()).contains("Seoul");
    assertThat(named(query, "get_weather").get("type").asText()).isEqualTo("tool");
    assertThat(query.get("output").asText()).isEqualTo("The weather in Seoul is sunny with a temperature of 22°C.");

    JsonNode claude = trace("tool_calling_flow");
    assertThat(ofType(claude, "generation")).hasSize(2);
    assertThat(ofType(claude, "tool")).hasSize(2).allSatisfy(x -> assertThat(x.get("name").asText()).isEqualTo("get_current_weather"));

    JsonNode gemini = trace("gemini_weather_agent");
    assertThat(ofType(gemini, "generation")).hasSize(2); // one per round trip of automatic function calling
    assertThat(named(gemini, "getWeather").get("result").toString()).contains("Sunny in Paris");
  }

  @Test
  void groups_nest_failAndRunInParallel() throws Exception {
    JsonNode request = groupOfCalls("user_request_handler", 2);
    assertThat(ofType(request, "generation")).extracting(ExamplesTest::answer)
        .containsExactly("Book a flight; destination: Paris.",
            "Destination: Paris. Departure city and dates were not given.");
    JsonNode chat = groupOfCalls("chat_conversation", 1);
    assertThat(chat.get("user_id").asText()).isEqualTo("user_12345");
    assertThat(chat.get("session_id").asText()).isEqualTo("sess_abc");
    assertThat(chat.get("input").asText()).isEqualTo("How do I reset my password?");
    assertThat(ofType(chat, "generation").get(0).at("/input/0/role").asText()).isEqualTo("system");
    JsonNode support = groupOfCalls("customer_support", 1);
    assertThat(support.get("metadata").get("priority").asText()).isEqualTo("high");
    assertThat(support.get("metadata").get("ticket_id").asText()).isEqualTo("T-1042");

    // The README: "error: RateLimitError: Too many requests".
    JsonNode risky = trace("risky_operation");
    assertThat(risky.get("status").asText()).isEqualTo("error");
    assertThat(risky.at("/error/type").asText()).contains("RateLimit");
    assertThat(ofType(risky, "generation")).singleElement()
        .satisfies(g -> assertThat(g.at("/error/http_status").asInt()).isEqualTo(429));
    assertThat(String.valueOf(results.get("group-error"))).startsWith("Error occurred: ");

    // The README's tree: document_processing > analyze_document > call, > generate_summary > call.
    JsonNode doc = trace("document_processing");
    String root = named(doc, "document_processing").get("id").asText();
    for (String step : List.of("analyze_document", "generate_summary")) {
      JsonNode s = named(doc, step);
      assertThat(parentOf(s)).isEqualTo(root);
      assertThat(spans(doc, x -> s.get("id").asText().equals(parentOf(x)))).singleElement()
          .satisfies(x -> assertThat(x.get("type").asText()).isEqualTo("generation"));
    }

    JsonNode async = groupOfCalls("async_multi_query", 2);
    String asyncRoot = named(async, "async_multi_query").get("id").asText();
    assertThat(ofType(async, "generation")).allSatisfy(g -> assertThat(parentOf(g)).isEqualTo(asyncRoot))
        .extracting(ExamplesTest::answer).containsExactlyInAnyOrder(
            "Answer to query 1: the first result.", "Answer to query 2: the second result.");

    JsonNode batch = groupOfCalls("batch_queries", 3);
    assertThat(batch.get("metadata").get("count").asInt()).isEqualTo(3);
    JsonNode mixed = trace("claude_pipeline");
    assertThat(ofType(mixed, "generation")).extracting(g -> g.get("provider").asText()).containsExactly("anthropic", "gemini");
  }

  @Test
  void advancedUse_flushDisableAndLocalQueries() throws Exception {
    groupOfCalls("flushed_job", 1);
    groupOfCalls("after_enable", 1);
    // The call made while disabled left no trace: the only ungrouped OpenAI call is the quick start's.
    assertThat(get("/v1/traces?limit=50&name=" + URLEncoder.encode("openai.chat gpt-4o-mini", StandardCharsets.UTF_8))
        .get("data")).hasSize(1);
    groupOfCalls("queried_group", 1);
    assertThat(String.valueOf(results.get("advanced-queries"))).contains("1 call(s) in queried_group", "1 by its id");
  }

  @Test
  void practicalCollection_hasTheShapesTheReadmeDraws() throws Exception {
    JsonNode rag = trace("rag_query");
    assertThat(ofType(rag, "embedding")).hasSize(1);
    assertThat(named(rag, "search_documents").get("type").asText()).isEqualTo("tool");
    assertThat(ofType(rag, "generation")).hasSize(1);
    assertThat(rag.get("session_id").asText()).isEqualTo("rag-demo");

    JsonNode agents = trace("multi_agent_system");
    for (String agent : List.of("planner", "executor", "reviewer")) {
      JsonNode a = named(agents, agent);
      assertThat(a.get("type").asText()).isEqualTo("agent");
      assertThat(spans(agents, x -> a.get("id").asText().equals(parentOf(x)))).singleElement()
          .satisfies(x -> assertThat(x.get("type").asText()).isEqualTo("generation"));
    }

    JsonNode summaries = groupOfCalls("batch_summarization", 3);
    assertThat(ofType(summaries, "generation")).extracting(ExamplesTest::answer).containsExactly(
        "Doc 1, in short: the first report's findings.", "Doc 2, in short: the second report's findings.",
        "Doc 3, in short: the third report's findings.");
    JsonNode ab = groupOfCalls("ab_test", 1);
    String model = ab.get("metadata").get("model").asText();
    assertThat(ofType(ab, "generation").get(0).get("model").asText()).isEqualTo(model);
    assertThat(ab.get("metadata").get("variant").asText()).isEqualTo("gpt-4o-mini".equals(model) ? "A" : "B");

    // @retry around the traced method: each attempt is its own trace, the first two failed.
    JsonNode attempts = get("/v1/traces?limit=50&name=robust_query").get("data");
    assertThat(attempts).extracting(a -> a.get("status").asText()).containsExactly("success", "error", "error");
    JsonNode failed = get("/v1/traces/" + attempts.get(2).get("id").asText());
    assertThat(ofType(failed, "generation").get(0).at("/error/http_status").asInt()).isEqualTo(429);
    assertThat(String.valueOf(results.get("practical-retry"))).startsWith("Quantum physics describes");
  }

  @Test
  void langChain4jAiService_isAnAgentHoldingItsRetrievalCallsAndTool() throws Exception {
    JsonNode t = trace("TravelAssistant.plan");
    JsonNode agent = named(t, "TravelAssistant.plan");
    assertThat(agent.get("type").asText()).isEqualTo("agent");
    assertThat(parentOf(agent)).isNull();
    String id = agent.get("id").asText();
    assertThat(t.get("session_id").asText()).isEqualTo("traveller-7");
    JsonNode retrieval = named(t, "retrieve");
    assertThat(retrieval.get("type").asText()).isEqualTo("retrieval");
    assertThat(retrieval.at("/output/0/metadata/source").asText()).isEqualTo("guide/lisbon.md");
    JsonNode tool = named(t, "weather");
    assertThat(tool.get("type").asText()).isEqualTo("tool");
    assertThat(tool.get("result").asText()).isEqualTo("Lisbon: sunny, 24°C");
    List<JsonNode> calls = ofType(t, "generation");
    assertThat(calls).hasSize(2).allSatisfy(g -> assertThat(parentOf(g)).isEqualTo(id));
    assertThat(List.of(retrieval, tool)).allSatisfy(s -> assertThat(parentOf(s)).isEqualTo(id));
    assertThat(t.get("output").asText()).startsWith("It is sunny and 24°C in Lisbon").isEqualTo(results.get("langchain4j-ai-service"));
    assertThat(t.get("calls").asInt()).isEqualTo(2);
  }

  @Test
  void everyCall_isAnsweredWithWhatWasWrittenForItsPrompt() throws Exception {
    List<String> answers = new ArrayList<>();
    for (JsonNode t : get("/v1/traces?limit=100").get("data")) {
      for (JsonNode s : get("/v1/traces/" + t.get("id").asText()).get("spans")) {
        if (s.get("type").asText().equals("generation") && s.get("status").asText().equals("success")) {
          String a = s.at("/output/0/content").isNull() ? "(tool call)" : answer(s);
          assertThat(a).as(s.get("name").asText()).doesNotContain("No answer was written");
          answers.add(a);
        }
      }
    }
    assertThat(answers).hasSizeGreaterThan(40);
    assertThat(new java.util.HashSet<>(answers)).as("distinct answers").hasSizeGreaterThan(35);
  }
}
