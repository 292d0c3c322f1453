package ai.nora.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.ApiKeys;
import ai.nora.server.TestServer;
import ai.nora.server.TestServer.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nora's batched ingest and the read routes, with the protocol's shared golden files. */
class IngestAndQueryTest {
  static final Path PROTOCOL = Path.of("..", "docs", "protocol");
  static final String WEATHER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4701";
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("NORA_MAX_BODY_MB", "1"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A key of a new, empty project: for tests whose totals other tests must not disturb. */
  static String newProjectKey() {
    String project = "p-" + java.util.UUID.randomUUID();
    String key = ApiKeys.newSecret();
    server.app.keyStore().ensureProject(project, project);
    new ApiKeys(server.app.keyStore()).add(project, "test", key, 1L);
    return key;
  }

  static Answer post(String key, String path, Object body) {
    return server.send("POST", path, key, body, null);
  }

  static JsonNode golden(String name) {
    return TestServer.readJson(PROTOCOL.resolve("golden").resolve(name));
  }

  @Test
  void theGoldenBatch_isStoredAndReadBackWhole() {
    Answer a = server.post("/v1/ingest", golden("weather-query-batch.json"));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().get("accepted").asInt()).isEqualTo(9);

    JsonNode t = server.get("/v1/traces/" + WEATHER_TRACE).body();
    assertThat(t.get("trace_name").asText()).isEqualTo("weather_query");
    assertThat(t.get("status").asText()).isEqualTo("success");
    assertThat(t.get("user_id").asText()).isEqualTo("user_123");
    assertThat(t.get("session_id").asText()).isEqualTo("sess_456");
    assertThat(t.get("calls").asInt()).isEqualTo(4);
    assertThat(t.at("/tokens/total_tokens").asInt()).isEqualTo(268);
    assertThat(t.get("latency").asDouble()).isEqualTo(4.25);
    JsonNode spans = t.get("spans");
    assertThat(spans).hasSize(8);
    JsonNode root = find(spans, "weather_query");
    assertThat(root.get("parent_id").isNull()).isTrue();
    JsonNode tool = find(spans, "get_weather");
    assertThat(tool.get("type").asText()).isEqualTo("tool");
    assertThat(tool.get("parent_id").asText()).isEqualTo(root.get("id").asText());
    assertThat(tool.get("duration").asDouble()).isEqualTo(0.25);
    JsonNode failed = find(spans, "anthropic.messages claude-sonnet-4-5");
    assertThat(failed.get("status").asText()).isEqualTo("error");
    assertThat(failed.at("/error/http_status").asInt()).isEqualTo(429);
    for (JsonNode s : spans) {
      assertThat(s.has("id") && s.has("trace_id") && s.has("parent_id") && s.has("type")
          && s.has("name") && s.has("status") && s.has("start_time") && s.has("end_time")
          && s.has("duration")).as(s.toString()).isTrue();
    }
  }

  @Test
  void aRetriedBatch_duplicatesNothing() {
    String key = newProjectKey();
    JsonNode batch = golden("single-call-batch.json");
    post(key, "/v1/ingest", batch);
    post(key, "/v1/ingest", batch);
    post(key, "/v1/ingest", golden("pending-trace-batch.json")); // a late pending copy

    JsonNode list = server.get("/v1/traces", key).body();
    assertThat(list.get("data")).hasSize(1);
    JsonNode trace = list.get("data").get(0);
    assertThat(trace.get("status").asText()).isEqualTo("success");
    assertThat(trace.get("calls").asInt()).isEqualTo(1);
    assertThat(server.get("/v1/traces/" + trace.get("id").asText(), key).body().get("spans")).hasSize(1);
  }

  @Test
  void everyInvalidPayload_isRefusedWithItsReason() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(PROTOCOL.resolve("invalid"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path f : files) {
      JsonNode doc = TestServer.readJson(f);
      Answer a = server.post("/v1/ingest", doc.get("payload"));
      String why = doc.get("why").asText();
      if (a.status() == 400) {
        assertThat(a.body().get("detail").asText()).as(f.toString()).startsWith(why);
      } else {
        assertThat(a.status()).as(f.toString()).isEqualTo(207);
        assertThat(a.body().at("/errors/0/detail").asText()).as(f.toString()).startsWith(why);
        assertThat(a.body().get("accepted").asInt()).isZero();
      }
    }
  }

  @Test
  void aBatchWithSomeBadItems_storesTheGoodOnesAndNamesTheBad() {
    ObjectNode batch = (ObjectNode) golden("weather-query-batch.json").deepCopy();
    String traceId = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01";
    batch.withArray("traces").forEach(t -> ((ObjectNode) t).put("id", traceId));
    batch.withArray("spans").forEach(s -> ((ObjectNode) s).put("trace_id", traceId));
    ((ObjectNode) batch.withArray("spans").get(3)).put("start_time", "yesterday");

    Answer a = server.post("/v1/ingest", batch);

    assertThat(a.status()).isEqualTo(207);
    assertThat(a.body().get("accepted").asInt()).isEqualTo(8);
    assertThat(a.body().at("/errors/0/index").asInt()).isEqualTo(3);
    assertThat(a.body().at("/errors/0/detail").asText())
        .isEqualTo("spans[3].start_time: not an ISO-8601 UTC time");
    assertThat(server.get("/v1/traces/" + traceId).body().get("spans")).hasSize(7);
  }

  @Test
  void malformedAndOversizedBodies_areRefusedAndTheServerGoesOn() {
    Answer broken = server.send("POST", "/v1/ingest", TestServer.KEY, "{\"traces\": [", null);
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.body().get("detail").asText()).startsWith("body: not valid JSON at line 1");
    assertThat(server.post("/v1/ingest", Map.of("traces", List.of())).body().get("detail").asText())
        .isEqualTo("spans: required, an array");
    // A small body that inflates past the decompressed limit (twice the body limit unless set):
    // refused while inflating.
    byte[] bomb = TestServer.gzip(("{\"traces\":[],\"spans\":[],\"pad\":\""
        + "x".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
    Answer tooBig = server.send("POST", "/v1/ingest", TestServer.KEY, bomb,
        Map.of("Content-Encoding", "gzip"));
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.body().get("detail").asText()).contains("NORA_MAX_DECOMPRESSED_MB");
    // A body over the limit as sent is refused by its declared length; the client may see the
    // 413 or a closed connection, depending on how much it had sent. The server goes on.
    byte[] huge = new byte[2 * 1024 * 1024];
    try {
      assertThat(server.send("POST", "/v1/ingest", TestServer.KEY, huge, null).status()).isEqualTo(413);
    } catch (IllegalStateException connectionClosedEarly) {
      assertThat(connectionClosedEarly).hasRootCauseInstanceOf(java.io.IOException.class);
    }
    Answer badGzip = server.send("POST", "/v1/ingest", TestServer.KEY, "not gzip".getBytes(),
        Map.of("Content-Encoding", "gzip"));
    assertThat(badGzip.status()).isEqualTo(400);
    assertThat(server.get("/v1/health").status()).isEqualTo(200);
  }

  @Test
  void gzipBodies_areAccepted() throws Exception {
    byte[] body = TestServer.gzip(Files.readAllBytes(PROTOCOL.resolve("golden/single-call-batch.json")));
    Answer a = server.send("POST", "/v1/ingest", TestServer.KEY, body, Map.of("Content-Encoding", "gzip"));
    assertThat(a.status()).isEqualTo(200);
  }

  @Test
  void hugeFields_areCutNotRefused() {
    ObjectNode batch = (ObjectNode) golden("single-call-batch.json").deepCopy();
    String traceId = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02";
    batch.withArray("traces").forEach(t -> ((ObjectNode) t).put("id", traceId));
    ObjectNode span = (ObjectNode) batch.withArray("spans").get(0);
    span.put("trace_id", traceId);
    ((ObjectNode) span.withArray("input").get(0)).put("content", "y".repeat(300_000));

    assertThat(server.post("/v1/ingest", batch).status()).isEqualTo(200);
    String kept = server.get("/v1/traces/" + traceId).body().at("/spans/0/input/0/content").asText();
    assertThat(kept).hasSizeLessThan(300_000).endsWith("chars]");
  }

  @Test
  void aKey_seesOnlyItsOwnProject() {
    server.post("/v1/ingest", golden("weather-query-batch.json"));
    String otherKey = ApiKeys.newSecret();
    server.app.keyStore().ensureProject("other", "Other");
    new ApiKeys(server.app.keyStore()).add("other", "test", otherKey, 1L);

    assertThat(server.get("/v1/traces/" + WEATHER_TRACE, otherKey).status()).isEqualTo(404);
    assertThat(server.get("/v1/traces", otherKey).body().get("data")).isEmpty();
    assertThat(server.send("POST", "/v1/scores", otherKey,
        Map.of("trace_id", WEATHER_TRACE, "name", "x", "value", 1), null).status()).isEqualTo(404);
    assertThat(server.get("/v1/sessions", otherKey).body().get("data")).isEmpty();
  }

  @Test
  void listFilters_pagesAndTotals() {
    server.post("/v1/ingest", golden("weather-query-batch.json"));
    for (int i = 0; i < 5; i++) {
      server.post("/v1/traces", Map.of("trace_name", "paged", "environment", "paging"));
    }
    JsonNode page1 = server.get("/v1/traces?environment=paging&limit=2&totals=true").body();
    assertThat(page1.get("data")).hasSize(2);
    assertThat(page1.at("/totals/traces").asInt()).isEqualTo(5);
    String cursor = page1.get("next_cursor").asText();
    JsonNode page2 = server.get("/v1/traces?environment=paging&limit=2&cursor=" + cursor).body();
    assertThat(page2.get("data")).hasSize(2);
    assertThat(page2.at("/data/0/id").asText()).isNotEqualTo(page1.at("/data/1/id").asText());

    assertThat(server.get("/v1/traces?user_id=user_123&session_id=sess_456&status=success").body()
        .get("data")).extracting(n -> n.get("id").asText()).contains(WEATHER_TRACE);
    assertThat(server.get("/v1/traces?q=SUNNY&model=gpt-4o-mini-2024-07-18").body().get("data"))
        .extracting(n -> n.get("id").asText()).contains(WEATHER_TRACE);
    assertThat(server.get("/v1/traces?metadata_key=input&metadata_value=Seoul%20weather").body()
        .get("data")).extracting(n -> n.get("id").asText()).contains(WEATHER_TRACE);
    assertThat(server.get("/v1/traces?limit=0").body().get("detail").asText())
        .isEqualTo("limit: expected a whole number from 1 to 500");
    assertThat(server.get("/v1/traces?cursor=bm90LWEtY3Vyc29y").status()).isEqualTo(400);
    assertThat(server.get("/v1/traces?from=yesterday").body().get("detail").asText()).startsWith("from:");

    // Sorted by the server, keyed pages too; a cursor belongs to its order.
    JsonNode byTokens = server.get("/v1/traces?sort=tokens&order=desc&limit=1").body();
    String tokensCursor = byTokens.get("next_cursor").asText();
    JsonNode next = server.get("/v1/traces?sort=tokens&order=desc&limit=1&cursor=" + tokensCursor).body();
    assertThat(next.at("/data/0/tokens/total_tokens").asLong(0))
        .isLessThanOrEqualTo(byTokens.at("/data/0/tokens/total_tokens").asLong(0));
    assertThat(next.at("/data/0/id").asText()).isNotEqualTo(byTokens.at("/data/0/id").asText());
    assertThat(server.get("/v1/traces?sort=cost&cursor=" + tokensCursor).body().get("detail").asText())
        .startsWith("cursor: given for pages sorted otherwise");
    assertThat(server.get("/v1/traces?sort=model").body().get("detail").asText())
        .isEqualTo("sort: expected one of time, latency, calls, tokens, cost, name, status, environment, user, session");
    assertThat(server.get("/v1/traces?order=up").status()).isEqualTo(400);
  }

  @Test
  void pagesSortedByText_continueFromACursorHoldingAnyText() {
    String key = newProjectKey();
    // Sessions with what a cursor must carry intact: colons, non-ASCII, a missing one.
    List<String> sessions = java.util.Arrays.asList("conv:1:a", "conv:1:b", "\uc138\uc158:2", null, "conv:1:a");
    for (int i = 0; i < sessions.size(); i++) {
      Map<String, Object> body = new java.util.HashMap<>(Map.of("trace_name", "turn-" + i, "environment", "text-sort"));
      if (sessions.get(i) != null) {
        body.put("metadata", Map.of("session_id", sessions.get(i)));
      }
      post(key, "/v1/traces", body);
    }
    List<String> seen = new java.util.ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = server.get("/v1/traces?environment=text-sort&sort=session&order=asc&limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor), key).body();
      page.get("data").forEach(t -> seen.add(t.path("session_id").isNull() ? "" : t.get("session_id").asText()));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);
    assertThat(seen).containsExactly("", "conv:1:a", "conv:1:a", "conv:1:b", "\uc138\uc158:2");

    JsonNode byName = server.get("/v1/traces?environment=text-sort&sort=name&order=desc&limit=10", key).body();
    assertThat(byName.get("data")).extracting(t -> t.get("trace_name").asText())
        .containsExactly("turn-4", "turn-3", "turn-2", "turn-1", "turn-0");
  }

  @Test
  void scores_sessionsAndMetrics() {
    String key = newProjectKey();
    post(key, "/v1/ingest", golden("weather-query-batch.json"));
    Answer score = server.post("/v1/scores",
        Map.of("trace_id", WEATHER_TRACE, "name", "helpful", "value", true, "comment", "spot on"));
    assertThat(score.status()).isEqualTo(201);
    assertThat(server.post("/v1/scores", Map.of("trace_id", WEATHER_TRACE, "name", "x")).body()
        .get("detail").asText()).startsWith("value: required");
    JsonNode detail = server.get("/v1/traces/" + WEATHER_TRACE).body();
    assertThat(detail.get("scores")).anySatisfy(s -> {
      assertThat(s.get("name").asText()).isEqualTo("helpful");
      assertThat(s.get("value").asDouble()).isEqualTo(1.0);
    });

    JsonNode sessions = server.get("/v1/sessions").body();
    assertThat(sessions.get("data")).anySatisfy(s ->
        assertThat(s.get("session_id").asText()).isEqualTo("sess_456"));
    JsonNode session = server.get("/v1/sessions/sess_456").body();
    assertThat(session.get("traces").get(0).get("spans")).isNotEmpty();
    assertThat(server.get("/v1/sessions/none").status()).isEqualTo(404);

    JsonNode metrics = server.get("/v1/metrics?from=2025-12-16T00:00:00Z&to=2025-12-17T00:00:00Z"
        + "&bucket=hour&group_by=model", key).body();
    assertThat(metrics.at("/totals/calls").asInt()).isEqualTo(4);
    assertThat(metrics.at("/totals/errors").asInt()).isEqualTo(1);
    assertThat(metrics.get("series")).hasSize(24);
    assertThat(metrics.at("/series/4/calls").asInt()).isEqualTo(4);
    // From the rollups' latency histograms: within a bucket (a factor of √2) of the exact 0.25 s.
    assertThat(metrics.at("/series/4/latency_p50").asDouble())
        .isCloseTo(0.25, org.assertj.core.data.Percentage.withPercentage(42));
    assertThat(metrics.get("groups")).extracting(g -> g.get("key").asText())
        .contains("gpt-4o-mini-2024-07-18", "claude-sonnet-4-5", "text-embedding-3-small");
    assertThat(server.get("/v1/metrics?bucket=week").status()).isEqualTo(400);
  }

  @Test
  void unknownRoutesAndTheOpenApiDescription() {
    Answer missing = server.get("/v1/nothing-here");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().get("detail").asText()).startsWith("Not Found");
    Answer openapi = server.get("/openapi.yaml", null);
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.text()).contains("/v1/ingest", "/otlp/v1/traces", "/v1/executions");
  }

  static JsonNode find(JsonNode spans, String name) {
    for (JsonNode s : spans) {
      if (s.get("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no span " + name);
  }
}
