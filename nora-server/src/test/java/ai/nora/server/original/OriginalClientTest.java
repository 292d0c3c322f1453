package ai.nora.server.original;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.nora.server.TestServer;
import ai.nora.server.TestServer.Answer;
import ai.nora.server.original.OriginalClient.Group;
import ai.nora.server.original.Recording.Request;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The published original Nora client (nora-observability 1.0.20) against nora-server: its
 * recorded exchanges replayed as it sent them, in its order and in the orders its asynchronous
 * sends allow, and exchanges written in its format for the README's other examples; every field
 * read back through the read API. Each test works in a project of its own.
 */
class OriginalClientTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  static TestServer server;
  private String key;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void newProject() {
    key = server.newProjectKey();
  }

  // ------------------------------------------------------------------ the recordings

  @Test
  void quickStart_aCallOutsideAnyGroup_isATraceOfItsOwn() {
    Recording.load("e01_quickstart").replay(server, key);

    List<JsonNode> traces = traces();
    assertThat(traces).hasSize(1);
    JsonNode trace = traces.get(0);
    assertThat(trace.get("trace_name").asText()).isEqualTo("default");
    assertThat(trace.get("environment").asText()).isEqualTo("pyclient-compat");
    assertThat(trace.get("status").asText()).isEqualTo("success");
    assertThat(trace.get("input").asText()).isEqualTo("Hello!");
    assertThat(trace.get("output").asText()).isEqualTo("Answer to: Hello!");
    assertThat(trace.get("calls").asInt()).isEqualTo(1);
    assertThat(trace.at("/tokens/total_tokens").asLong()).isEqualTo(15);
    assertThat(trace.get("start_time").asText()).isEqualTo("2026-12-02T01:15:14.180545Z");
    assertThat(trace.get("latency").asDouble()).isCloseTo(0.093882, within(1e-6));

    JsonNode span = onlySpan(trace);
    assertThat(span.get("id").asText()).isEqualTo("5eb9e931-6b0a-4a8d-a040-5d6b7c2e11b5");
    assertThat(span.get("type").asText()).isEqualTo("generation");
    assertThat(span.get("name").asText()).isEqualTo("openai_gpt-4o-mini");
    assertThat(span.get("provider").asText()).isEqualTo("openai");
    assertThat(span.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(span.get("request_model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(span.get("input")).isEqualTo(json("[{\"role\":\"user\",\"content\":\"Hello!\"}]"));
    assertThat(span.get("output")).isEqualTo(json("[{\"role\":\"assistant\",\"content\":\"Answer to: Hello!\"}]"));
    assertThat(span.get("parameters")).isEqualTo(json("{\"n\":1,\"stream\":false}"));
    assertThat(span.get("finish_reason").asText()).isEqualTo("stop");
    assertThat(span.get("response_id").asText()).isEqualTo("chatcmpl-8b4f4ff741c643e1aa880ead");
    assertThat(span.get("usage")).isEqualTo(json("{\"input_tokens\":11,\"output_tokens\":4,"
        + "\"total_tokens\":15,\"cached_tokens\":0,\"cache_creation_tokens\":null,\"reasoning_tokens\":0}"));
    // gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
    assertThat(span.get("cost").asDouble()).isCloseTo(11 * 0.15e-6 + 4 * 0.60e-6, within(1e-12));
    assertThat(trace.get("cost").asDouble()).isEqualTo(span.get("cost").asDouble());
    assertThat(span.at("/metadata/system_fingerprint").asText()).isEqualTo("fp_fake123");
  }

  @Test
  void theSameBatchTwice_addsNothing() {
    Recording once = Recording.load("e01_quickstart");
    once.replay(server, key);
    once.replay(server, key);

    assertThat(traces()).hasSize(1);
    assertThat(onlySpan(traces().get(0)).get("id").asText()).isEqualTo("5eb9e931-6b0a-4a8d-a040-5d6b7c2e11b5");
  }

  @Test
  void decoratedGroup_asRecorded_isOneTraceWithItsThreeCalls() {
    String id = Recording.load("e03_decorator_multi").replay(server, key).get(0);
    assertMultiAgentResearch(id);
  }

  @Test
  void decoratedGroup_batchBeforeItsExecutions_isStillOneTrace() {
    String id = Recording.load("e03_decorator_multi").withFirst(Request::isBatch).replay(server, key).get(0);
    assertMultiAgentResearch(id);
  }

  @Test
  void decoratedGroup_batchBetweenItsExecutions_isStillOneTrace() {
    Recording r = Recording.load("e03_decorator_multi");
    List<Request> reordered = new ArrayList<>(r.requests);
    Request batch = reordered.remove(reordered.size() - 1);
    reordered.add(2, batch); // after the first execution, before the second
    String id = Recording.of(reordered, List.of("d44c3354-0f80-4cb8-b8a7-d08d42198684"))
        .replay(server, key).get(0);
    assertMultiAgentResearch(id);
  }

  @Test
  void decoratedGroup_executionsLostButOne_theBatchBringsTheOthersToTheGroupsTrace() {
    int[] seen = {0};
    String id = Recording.load("e03_decorator_multi")
        .without(r -> r.isExecution() && seen[0]++ > 0).replay(server, key).get(0);
    assertMultiAgentResearch(id);
  }

  @Test
  void decoratedGroup_everyExecutionLost_theBatchKeepsTheCallsInATraceNamedForTheGroup() {
    String id = Recording.load("e03_decorator_multi").without(Request::isExecution).replay(server, key).get(0);

    // The client never links its batch to the trace it created: the calls get a trace of their
    // own, named for the group; the created one keeps the PATCHed output and latency.
    List<JsonNode> traces = traces();
    assertThat(traces).extracting(t -> t.get("trace_name").asText())
        .containsExactly("multi_agent_research", "multi_agent_research");
    JsonNode calls = traces.stream().filter(t -> !t.get("id").asText().equals(id)).findFirst().orElseThrow();
    assertThat(calls.get("calls").asInt()).isEqualTo(3);
    assertThat(calls.at("/tokens/total_tokens").asLong()).isEqualTo(117);
    assertThat(calls.get("status").asText()).isEqualTo("success");
  }

  @Test
  void decoratedGroup_everyExecutionAndBatchSentTwice_storesEachCallOnce() {
    String id = Recording.load("e03_decorator_multi")
        .withRepeated(r -> r.isExecution() || r.isBatch()).replay(server, key).get(0);
    assertMultiAgentResearch(id);
  }

  @Test
  void decoratedGroup_everySendAtOnce_asTheClientsThreadsMay_isStillOneTrace() throws Exception {
    Recording r = Recording.load("e03_decorator_multi");
    for (int round = 0; round < 10; round++) {
      newProject();
      assertMultiAgentResearch(r.replayAtOnce(server, key).get(0));
    }
  }

  private void assertMultiAgentResearch(String id) {
    List<JsonNode> traces = traces();
    assertThat(traces).extracting(t -> t.get("id").asText()).containsExactly(id);
    JsonNode trace = detail(id);
    assertThat(trace.get("trace_name").asText()).isEqualTo("multi_agent_research");
    assertThat(trace.get("status").asText()).isEqualTo("success");
    assertThat(trace.get("output").asText()).startsWith("Answer to: Analyze topic: Quantum Computing\n");
    assertThat(trace.get("latency").asDouble()).isEqualTo(0.49723315238952637);
    assertThat(trace.get("calls").asInt()).isEqualTo(3);
    assertThat(trace.get("tokens")).isEqualTo(json("{\"total_tokens\":117,\"prompt_tokens\":73,\"completion_tokens\":44}"));
    JsonNode spans = trace.get("spans");
    assertThat(spans).extracting(s -> s.get("id").asText()).containsExactly(
        "1efe9dbb-5f68-4856-b7b1-c783153d460d", "3792f9d6-ac3b-4b82-b9db-a0287d1b9913",
        "dbf33539-ede5-4532-8737-51581c678bc3");
    assertThat(spans).extracting(s -> s.at("/usage/total_tokens").asLong()).containsExactly(28L, 42L, 47L);
    assertThat(spans).extracting(s -> s.at("/metadata/trace_group/name").asText())
        .containsOnly("multi_agent_research");
    // The client PATCHed cost 0.0: the server's pricing shows, the same in detail, list and totals.
    double priced = 0;
    for (JsonNode s : spans) {
      priced += s.get("cost").asDouble();
    }
    assertThat(priced).isCloseTo(73 * 0.15e-6 + 44 * 0.60e-6, within(1e-12));
    assertThat(trace.get("cost").asDouble()).isCloseTo(priced, within(1e-15));
    assertThat(traces.get(0).get("cost").asDouble()).isCloseTo(priced, within(1e-15));
    JsonNode totals = get("/v1/traces?totals=true").get("totals");
    assertThat(totals.get("cost").asDouble()).isCloseTo(priced, within(1e-15));
    assertThat(get("/v1/traces?min_cost=0.00001").get("data")).hasSize(1);
  }

  @Test
  void toolFlow_asRecorded_toolRunIsAToolSpan_andMessagesKeepTheirRoles() {
    String id = Recording.load("e09_tools").replay(server, key).get(0);

    assertThat(traces()).hasSize(1);
    JsonNode trace = detail(id);
    assertThat(trace.get("trace_name").asText()).isEqualTo("weather_query");
    assertThat(trace.get("input").asText()).isEqualTo("Seoul weather");
    assertThat(trace.get("calls").asInt()).isEqualTo(2);
    assertThat(trace.at("/tokens/total_tokens").asLong()).isEqualTo(71);
    JsonNode spans = trace.get("spans");
    assertThat(spans).extracting(s -> s.get("type").asText()).containsExactly("generation", "tool", "generation");

    JsonNode ask = spans.get(0);
    assertThat(ask.get("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(ask.get("tool_calls")).isEqualTo(json(
        "[{\"id\":\"call_d3bcf1ca28884af4b3f4\",\"name\":\"get_weather\",\"arguments\":\"{\\\"location\\\": \\\"Seoul\\\"}\"}]"));
    assertThat(ask.at("/output/0/content").isNull()).isTrue();
    assertThat(ask.at("/output/0/tool_calls/0/name").asText()).isEqualTo("get_weather");
    assertThat(ask.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(ask.at("/parameters/tool_choice").asText()).isEqualTo("auto");
    assertThat(ask.at("/parameters/tools").isMissingNode()).isTrue();

    JsonNode tool = spans.get(1);
    assertThat(tool.get("name").asText()).isEqualTo("tool_execution_get_weather");
    assertThat(tool.get("tool_name").asText()).isEqualTo("get_weather");
    assertThat(tool.get("tool_call_id").asText()).isEqualTo("call_d3bcf1ca28884af4b3f4");
    assertThat(tool.get("arguments")).isEqualTo(json("{\"location\":\"Seoul\"}"));
    assertThat(tool.get("result").asText()).isEqualTo("Weather in Seoul: Sunny, 22°C");
    assertThat(tool.has("usage")).isFalse();
    assertThat(tool.has("cost")).isFalse();

    JsonNode answer = spans.get(2);
    assertThat(answer.get("input")).isEqualTo(json("[{\"role\":\"user\",\"content\":\"What's the weather in Seoul?\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_d3bcf1ca28884af4b3f4\","
        + "\"name\":\"get_weather\",\"arguments\":\"{\\\"location\\\": \\\"Seoul\\\"}\"}]},"
        + "{\"role\":\"tool\",\"content\":\"Weather in Seoul: Sunny, 22°C\",\"name\":\"get_weather\","
        + "\"tool_call_id\":\"call_d3bcf1ca28884af4b3f4\"}]"));
    assertThat(answer.at("/output/0/content").asText()).isEqualTo("Based on the tool: Weather in Seoul: Sunny, 22°C");
  }

  @Test
  void toolFlow_executionAfterItsPatchAndBatch_stillJoinsTheGroup() {
    String id = Recording.load("e09_tools").withLast(Request::isExecution).replay(server, key).get(0);
    assertThat(traces()).hasSize(1);
    assertThat(detail(id).get("spans")).hasSize(3);
    assertThat(detail(id).get("calls").asInt()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ written in the client's format

  @Test
  void nestedGroups_eachGroupIsATraceWithItsOwnCalls() {
    OriginalClient client = new OriginalClient("written");
    client.start("document_processing", null);
    client.start("analyze_document", null);
    client.call(client.openai("gpt-4o-mini", OriginalClient.messages("user", "Analyze this document..."),
        OriginalClient.params(false), "An analysis", new long[] {20, 10}, "stop", null, null));
    client.end("success", "An analysis");
    client.start("generate_summary", null);
    client.call(client.openai("gpt-4o-mini", OriginalClient.messages("user", "Summarize: An analysis"),
        OriginalClient.params(false), "A summary", new long[] {12, 6}, "stop", null, null));
    client.end("success", "A summary");
    client.end("success", "A summary");
    List<String> ids = client.recording().replay(server, key);

    // The client sends no link between a group and its parent: three traces, as it created them.
    assertThat(traces()).extracting(t -> t.get("trace_name").asText())
        .containsExactlyInAnyOrder("document_processing", "analyze_document", "generate_summary");
    assertThat(detail(ids.get(0)).get("calls").asInt()).isZero();
    assertThat(detail(ids.get(1)).get("calls").asInt()).isEqualTo(1);
    assertThat(detail(ids.get(2)).at("/spans/0/input/0/content").asText()).isEqualTo("Summarize: An analysis");
  }

  @Test
  void groupMetadata_onlyInputArrives_andIsTheTracesInput() {
    OriginalClient client = new OriginalClient("written");
    client.start("weather_query", "Seoul weather"); // user_id and session_id are not sent
    client.call(client.openai("gpt-4o-mini", OriginalClient.messages("user", "Weather?"),
        OriginalClient.params(false), "Sunny", new long[] {5, 2}, "stop", null, null));
    client.end("success", "Sunny");
    String id = client.recording().replay(server, key).get(0);

    JsonNode trace = detail(id);
    assertThat(trace.get("input").asText()).isEqualTo("Seoul weather");
    assertThat(trace.get("user_id").isNull()).isTrue();
    assertThat(trace.get("environment").asText()).isEqualTo("written");
  }

  @Test
  void failedCall_theFailedTraceTakesItsError_whicheverArrivesFirst() {
    for (boolean patchFirst : new boolean[] {false, true}) {
      newProject();
      OriginalClient client = new OriginalClient("written");
      client.start("risky_operation", null);
      client.call(client.openai("gpt-4o-mini", OriginalClient.messages("user", "Validate: 42"),
          OriginalClient.params(false), "ok", new long[] {8, 1}, "stop", null, null));
      client.call(client.openai("gpt-4o-mini", OriginalClient.messages("user", "Go on"),
          OriginalClient.params(false), null, null, null, null, "RateLimitError: Rate limit reached"));
      client.end("error", null);
      Recording r = client.recording();
      String id = (patchFirst ? r.withLast(Request::isExecution) : r).replay(server, key).get(0);

      JsonNode trace = detail(id);
      assertThat(trace.get("status").asText()).isEqualTo("error");
      assertThat(trace.get("error")).isEqualTo(json("{\"type\":\"error\",\"message\":\"RateLimitError: Rate limit reached\"}"));
      assertThat(trace.get("calls").asInt()).isEqualTo(2);
      assertThat(trace.get("error_count").asInt()).isEqualTo(1);
      JsonNode failed = trace.get("spans").get(1);
      assertThat(failed.get("status").asText()).isEqualTo("error");
      assertThat(failed.at("/error/message").asText()).isEqualTo("RateLimitError: Rate limit reached");
      assertThat(failed.get("output")).isEmpty();
      assertThat(traces()).hasSize(1);
    }
  }

  @Test
  void streams_withUsageArePriced_withoutUsageTheCostStaysUnknownNotZero() {
    OriginalClient client = new OriginalClient("written");
    ObjectNode withUsage = OriginalClient.params(true);
    withUsage.putObject("stream_options").put("include_usage", true);
    client.start("streaming_chat", null);
    client.call(client.openai("gpt-4o-mini", OriginalClient.messages("user", "Tell a story"),
        withUsage, "Once upon a time", new long[] {9, 30, 0, 0}, "stop", null, null));
    client.end("success", "Once upon a time");
    client.start("streaming_chat_no_usage", null);
    client.call(client.openai("gpt-4o-mini", OriginalClient.messages("user", "Tell another"),
        OriginalClient.params(true), "Another", null, "stop", null, null));
    client.end("success", "Another");
    List<String> ids = client.recording().replay(server, key);

    JsonNode priced = detail(ids.get(0));
    assertThat(priced.at("/spans/0/stream").asBoolean()).isTrue();
    assertThat(priced.at("/spans/0/parameters/stream_options/include_usage").asBoolean()).isTrue();
    assertThat(priced.at("/spans/0/usage/total_tokens").asLong()).isEqualTo(39);
    assertThat(priced.get("cost").asDouble()).isGreaterThan(0);

    JsonNode unpriced = detail(ids.get(1));
    assertThat(unpriced.at("/spans/0/usage/input_tokens").isNull()).isTrue();
    assertThat(unpriced.at("/spans/0/usage/total_tokens").isNull()).isTrue();
    assertThat(unpriced.get("cost").isNull()).isTrue();
    assertThat(unpriced.get("calls").asInt()).isEqualTo(1);
  }

  @Test
  void asyncGroup_everyOrderOfItsSends_givesOneTraceWithEveryCall() {
    OriginalClient client = new OriginalClient("written");
    client.start("async_multi_query", null);
    for (String q : List.of("AI", "ML", "Data Science")) {
      client.call(client.openai("gpt-4o-mini", OriginalClient.messages("user", "Explain " + q),
          OriginalClient.params(false), "About " + q, new long[] {6, 20}, "stop", null, null));
    }
    client.end("success", "3 answers");
    Recording r = client.recording();
    for (Recording order : List.of(r, r.withLast(Request::isExecution), r.withFirst(Request::isBatch),
        r.withFirst(Request::isPatch))) {
      newProject();
      String id = order.replay(server, key).get(0);
      assertThat(traces()).hasSize(1);
      JsonNode trace = detail(id);
      assertThat(trace.get("calls").asInt()).isEqualTo(3);
      assertThat(trace.get("spans")).extracting(s -> s.at("/output/0/content").asText())
          .containsExactly("About AI", "About ML", "About Data Science");
      assertThat(trace.get("output").asText()).isEqualTo("3 answers");
    }
  }

  @Test
  void anthropicCall_usageInMetadata_stopReason_systemPrompt_contentBlocks() {
    OriginalClient client = new OriginalClient("written");
    ArrayNode messages = F.arrayNode();
    messages.addObject().put("role", "user").putArray("content").addObject().put("type", "text").put("text", "Draft a short poem");
    ObjectNode params = F.objectNode().put("max_tokens", 256).put("system", "You are a poet.").put("temperature", 0.7);
    client.start("claude_pipeline", null);
    client.call(client.anthropic("claude-sonnet-4-5-20250929", messages, params, "Roses...", 24, 40, "end_turn"));
    client.end("success", "Roses...");
    String id = client.recording().replay(server, key).get(0);

    JsonNode span = detail(id).get("spans").get(0);
    assertThat(span.get("provider").asText()).isEqualTo("anthropic");
    assertThat(span.get("finish_reason").asText()).isEqualTo("end_turn");
    assertThat(span.get("input")).isEqualTo(json("[{\"role\":\"system\",\"content\":\"You are a poet.\"},"
        + "{\"role\":\"user\",\"content\":\"Draft a short poem\"}]"));
    assertThat(span.get("parameters")).isEqualTo(json("{\"max_tokens\":256,\"temperature\":0.7}"));
    assertThat(span.at("/usage/input_tokens").asLong()).isEqualTo(24);
    assertThat(span.at("/usage/output_tokens").asLong()).isEqualTo(40);
    assertThat(span.at("/usage/total_tokens").asLong()).isEqualTo(64);
    // claude-sonnet-4-5: $3 in, $15 out per million tokens.
    assertThat(span.get("cost").asDouble()).isCloseTo(24 * 3e-6 + 40 * 15e-6, within(1e-12));
  }

  @Test
  void decoratedTool_failing_isAFailedToolSpan_notAnLlmCall() {
    OriginalClient client = new OriginalClient("written");
    client.start("tool_flow", null);
    client.call(client.tool("lookup_order", null, F.objectNode().put("order_id", "A-1"), null,
        "KeyError: 'A-1'"));
    client.end("error", null);
    String id = client.recording().replay(server, key).get(0);

    JsonNode trace = detail(id);
    assertThat(trace.get("calls").asInt()).isZero();
    assertThat(trace.get("error_count").asInt()).isEqualTo(1);
    assertThat(trace.at("/error/message").asText()).isEqualTo("KeyError: 'A-1'");
    JsonNode tool = trace.get("spans").get(0);
    assertThat(tool.get("type").asText()).isEqualTo("tool");
    assertThat(tool.get("tool_name").asText()).isEqualTo("lookup_order");
    assertThat(tool.get("arguments")).isEqualTo(json("{\"order_id\":\"A-1\"}"));
    assertThat(tool.get("status").asText()).isEqualTo("error");
  }

  @Test
  void callsOutsideGroups_flushedTogether_areATraceEach() {
    OriginalClient client = new OriginalClient("written");
    client.call(client.openai("gpt-4o-mini", OriginalClient.messages("system", "Be brief.", "user", "One?"),
        OriginalClient.params(false), "1", new long[] {9, 1}, "stop", null, null));
    client.call(client.openai("gpt-4o-mini", OriginalClient.messages("user", "Two?"),
        OriginalClient.params(false), "2", new long[] {5, 1}, "stop", null, null));
    client.flush();
    client.recording().replay(server, key);

    List<JsonNode> traces = traces();
    assertThat(traces).extracting(t -> t.get("input").asText()).containsExactly("Two?", "One?");
    assertThat(traces).extracting(t -> t.get("trace_name").asText()).containsOnly("default");
    assertThat(traces).extracting(t -> t.get("calls").asInt()).containsOnly(1);
  }

  @Test
  void aBadCallInABatch_isNamed_andTheOthersAreStored() {
    ObjectNode good = new OriginalClient("written").openai("gpt-4o-mini", OriginalClient.messages("user", "Hi"),
        OriginalClient.params(false), "Hello", new long[] {3, 1}, "stop", null, null);
    ObjectNode badTime = good.deepCopy().put("id", UUID.randomUUID().toString()).put("start_time", "yesterday");
    Answer a = server.send("POST", "/v1/", null, Map.of("trace_name", "default",
        "trace_data", List.of(good, "not a call", badTime)), Map.of("X-API-Key", key));

    assertThat(a.status()).isEqualTo(207);
    assertThat(a.body().get("accepted").asInt()).isEqualTo(1);
    assertThat(a.body().get("errors")).extracting(e -> e.get("detail").asText()).containsExactly(
        "trace_data[1]: expected a span_data object",
        "trace_data[2].start_time: expected epoch seconds or an ISO-8601 time");
    assertThat(traces()).hasSize(1);
    assertThat(server.send("POST", "/v1", null, Map.of("trace_name", "x"), Map.of("X-API-Key", key)).body()
        .get("detail").asText()).isEqualTo("trace_data: required, an array of span_data objects");
    assertThat(server.send("POST", "/v1", null, Map.of("trace_name", "x", "trace_data", List.of()), null).status())
        .isEqualTo(401);
  }

  // ------------------------------------------------------------------ helpers

  private List<JsonNode> traces() {
    List<JsonNode> out = new ArrayList<>();
    get("/v1/traces?limit=100").get("data").forEach(out::add);
    return out;
  }

  private JsonNode detail(String id) {
    return get("/v1/traces/" + id);
  }

  private JsonNode onlySpan(JsonNode trace) {
    JsonNode spans = detail(trace.get("id").asText()).get("spans");
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private JsonNode get(String path) {
    Answer a = server.get(path, key);
    assertThat(a.status()).as(path + ": " + a.text()).isEqualTo(200);
    return a.body();
  }

  private static JsonNode json(String text) {
    try {
      return Recording.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
