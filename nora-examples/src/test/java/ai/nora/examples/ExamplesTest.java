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
  static JsonNode groupOfCalls(String name, int calls, int tokensPerCall) throws Exception {
    JsonNode t = trace(name);
    JsonNode root = named(t, name);
    assertThat(root.get("type").asText()).isEqualTo("group");
    assertThat(ofType(t, "generation")).hasSize(calls).allSatisfy(g -> assertThat(parentOf(g)).isNotNull());
    assertThat(t.get("calls").asInt()).isEqualTo(calls);
    assertThat(t.at("/tokens/total_tokens").asInt()).isEqualTo(calls * tokensPerCall);
    assertThat(t.get("status").asText()).isEqualTo("success");
    assertThat(t.get("environment").asText()).isEqualTo("demo");
    return t;
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
    groupOfCalls("summarize_article", 1, 21);
    groupOfCalls("translateText", 1, 21);
    groupOfCalls("processOrder", 1, 21);
    groupOfCalls("async_translate", 1, 21);
    JsonNode meta = groupOfCalls("user_query_handler", 1, 21);
    assertThat(meta.get("user_id").asText()).isEqualTo("user_123");
    assertThat(meta.get("session_id").asText()).isEqualTo("sess_456");
    // The README: multi_agent_research, three executions under one group.
    groupOfCalls("multi_agent_research", 3, 21);
    JsonNode stream = groupOfCalls("streaming_chat", 1, 21);
    assertThat(ofType(stream, "generation").get(0).get("stream").asBoolean()).isTrue();
    assertThat(results.get("traced-stream")).isEqualTo("The capital of France is Paris.");
  }

  @Test
  void toolCalling_tracesTheToolBetweenItsCalls() throws Exception {
    JsonNode t = trace("weather_assistant");
    List<JsonNode> gens = ofType(t, "generation");
    assertThat(gens).hasSize(2);
    JsonNode tool = named(t, "get_weather");
    assertThat(tool.get("type").asText()).isEqualTo("tool");
    assertThat(parentOf(tool)).isEqualTo(named(t, "weather_assistant").get("id").asText());
    assertThat(tool.get("result").toString()).contains("sunny");

    JsonNode claude = trace("tool_calling_flow");
    assertThat(ofType(claude, "generation")).hasSize(2);
    assertThat(ofType(claude, "tool")).hasSize(2).allSatisfy(x -> assertThat(x.get("name").asText()).isEqualTo("get_current_weather"));

    JsonNode gemini = trace("gemini_weather_agent");
    assertThat(ofType(gemini, "generation")).hasSize(2); // one per round trip of automatic function calling
    assertThat(named(gemini, "getWeather").get("result").toString()).contains("Sunny in Paris");
  }

  @Test
  void groups_nest_failAndRunInParallel() throws Exception {
    groupOfCalls("user_request_processing", 2, 21);
    JsonNode support = groupOfCalls("customer_support", 1, 21);
    assertThat(support.get("metadata").get("priority").asText()).isEqualTo("high");

    JsonNode risky = trace("risky_operation");
    assertThat(risky.get("status").asText()).isEqualTo("error");
    assertThat(risky.get("error").toString()).contains("validation failed");
    assertThat(results.get("group-error")).isEqualTo("caught: validation failed");

    // The README's tree: document_processing > analyze_document > call, > generate_summary > call.
    JsonNode doc = trace("document_processing");
    String root = named(doc, "document_processing").get("id").asText();
    for (String step : List.of("analyze_document", "generate_summary")) {
      JsonNode s = named(doc, step);
      assertThat(parentOf(s)).isEqualTo(root);
      assertThat(spans(doc, x -> s.get("id").asText().equals(parentOf(x)))).singleElement()
          .satisfies(x -> assertThat(x.get("type").asText()).isEqualTo("generation"));
    }

    JsonNode parallel = groupOfCalls("parallel_processing", 3, 21);
    String parallelRoot = named(parallel, "parallel_processing").get("id").asText();
    assertThat(ofType(parallel, "generation")).allSatisfy(g -> assertThat(parentOf(g)).isEqualTo(parallelRoot));

    for (int i = 1; i <= 3; i++) {
      assertThat(groupOfCalls("process_item_" + i, 1, 21).get("metadata").get("item").asInt()).isEqualTo(i);
    }
    JsonNode mixed = trace("claude_pipeline");
    assertThat(ofType(mixed, "generation")).extracting(g -> g.get("provider").asText()).containsExactly("anthropic", "gemini");
  }

  @Test
  void advancedUse_flushDisableAndLocalQueries() throws Exception {
    groupOfCalls("flushed_job", 1, 21);
    groupOfCalls("after_enable", 1, 21);
    // The call made while disabled left no trace: the only ungrouped OpenAI call is the quick start's.
    assertThat(get("/v1/traces?limit=50&name=" + URLEncoder.encode("openai.chat gpt-4o-mini", StandardCharsets.UTF_8))
        .get("data")).hasSize(1);
    groupOfCalls("queried_group", 1, 21);
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

    groupOfCalls("batch_processing", 3, 21);
    assertThat(trace("ab_test_variant_a").get("metadata").get("variant").asText()).isEqualTo("a");
    assertThat(trace("ab_test_variant_b").get("metadata").get("variant").asText()).isEqualTo("b");

    JsonNode retry = trace("retry_with_backoff");
    List<JsonNode> attempts = ofType(retry, "generation");
    assertThat(attempts).extracting(a -> a.get("status").asText()).containsExactly("error", "error", "success");
    assertThat(attempts.get(0).at("/error/http_status").asInt()).isEqualTo(429);
  }
}
