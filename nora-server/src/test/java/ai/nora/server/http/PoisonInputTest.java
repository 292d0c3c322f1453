package ai.nora.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.TestServer;
import ai.nora.server.TestServer.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a broken or hostile client sends: absurd numbers, non-finite numbers, huge texts, bad
 * UTF-8, on every way in. Each bad item is refused by name or cut to the limits; the good items
 * of the same request are stored; the project's reads keep working. Each test in its own project.
 */
class PoisonInputTest {
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

  @Test
  void aTokenCountOfTwoToThe63_isRefusedByName_andTheProjectKeepsWorking() {
    String trace = hex(32);
    Map<String, Object> good = generation(trace, hex(16), Map.of("input_tokens", 10, "output_tokens", 5));
    Map<String, Object> absurd = generation(trace, hex(16), Map.of("total_tokens", Long.MAX_VALUE));
    Answer a = post("/v1/ingest", Map.of("traces", List.of(), "spans", List.of(good, absurd)));

    assertThat(a.status()).isEqualTo(207);
    assertThat(a.body().at("/errors/0/detail").asText()).isEqualTo(
        "spans[1].usage.total_tokens: 9223372036854775807 is more than 1000000000, the largest count the server stores");
    assertThat(get("/v1/traces/" + trace).get("spans")).hasSize(1);
    // Later spans of the trace, and the project's reads, are unaffected.
    assertThat(post("/v1/ingest", Map.of("traces", List.of(),
        "spans", List.of(generation(trace, hex(16), Map.of("input_tokens", 1))))).status()).isEqualTo(200);
    assertThat(get("/v1/traces?totals=true").at("/totals/total_tokens").asLong()).isEqualTo(16);
    assertThat(server.get("/v1/metrics?from=2000-01-01T00:00:00Z", key).status()).isEqualTo(200);
  }

  @Test
  void nonFiniteNumbers_areRefusedByName_onEveryRoute() {
    String trace = hex(32);
    String span = "{\"traces\":[],\"spans\":[{\"id\":\"" + hex(16) + "\",\"trace_id\":\"" + trace
        + "\",\"type\":\"generation\",\"provider\":\"openai\",\"model\":\"gpt-4o\",\"name\":\"x\","
        + "\"status\":\"success\",\"start_time\":\"" + Instant.now().minusSeconds(1) + "\",\"end_time\":\""
        + Instant.now() + "\",\"cost\":1e400}]}";
    assertThat(post("/v1/ingest", span).body().at("/errors/0/detail").asText())
        .isEqualTo("spans[0].cost: not a finite number");
    String inMetadata = span.replace("\"cost\":1e400", "\"metadata\":{\"score\":[1, 1e400]}");
    assertThat(post("/v1/ingest", inMetadata).body().at("/errors/0/detail").asText())
        .isEqualTo("spans[0].metadata.score[1]: not a finite number");

    String created = post("/v1/traces/", Map.of("trace_name", "t")).body().get("id").asText();
    assertThat(patch("/v1/traces/" + created, "{\"cost\": 1e400}").body().get("detail").asText())
        .isEqualTo("cost: not a finite number");
    assertThat(patch("/v1/traces/" + created, "{\"latency\": 1e400}").body().get("detail").asText())
        .isEqualTo("latency: not a finite number");
    assertThat(post("/v1/scores", "{\"trace_id\":\"" + created + "\",\"name\":\"q\",\"value\":1e400}")
        .body().get("detail").asText()).isEqualTo("value: not a finite number");
    // Nothing of it is served as "Infinity".
    assertThat(server.get("/v1/traces/" + created, key).text()).doesNotContain("Infinity");
  }

  @Test
  void thePatchRoute_refusesNegativeAndNonNumericValues() {
    String id = post("/v1/traces/", Map.of("trace_name", "t")).body().get("id").asText();
    assertThat(patch("/v1/traces/" + id, "{\"latency\": -5}").body().get("detail").asText())
        .isEqualTo("latency: -5 is not between 0 and 10000000");
    assertThat(patch("/v1/traces/" + id, "{\"tokens\": {\"total_tokens\": \"abc\"}}").body().get("detail").asText())
        .isEqualTo("tokens.total_tokens: expected a whole number");
    assertThat(patch("/v1/traces/" + id, "{\"cost\": -0.5}").status()).isEqualTo(400);
  }

  @Test
  void otlp_appliesTheSameLimits_asTheBatchRoute() {
    long now = System.currentTimeMillis() * 1_000_000L;
    String trace = hex(32);
    Map<String, Object> longName = otlpSpan(trace, "n".repeat(5_000), now, now + 1_000_000, List.of(
        attr("gen_ai.operation.name", "chat"), attr("gen_ai.system", "openai"),
        attr("gen_ai.request.model", "gpt-4o-mini")));
    Map<String, Object> negative = otlpSpan(trace, "negative", now, now + 1_000_000, List.of(
        attr("gen_ai.operation.name", "chat"), attr("gen_ai.system", "openai"),
        attr("gen_ai.request.model", "gpt-4o-mini"),
        Map.of("key", "gen_ai.usage.input_tokens", "value", Map.of("intValue", "-40"))));
    Map<String, Object> year2262 = otlpSpan(trace, "far", now, Long.MAX_VALUE, List.of());
    Answer a = post("/otlp/v1/traces", Map.of("resourceSpans", List.of(Map.of(
        "resource", Map.of("attributes", List.of(attr("deployment.environment", "e".repeat(100_000)))),
        "scopeSpans", List.of(Map.of("spans", List.of(longName, negative, year2262)))))));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().at("/partialSuccess/rejectedSpans").asInt()).isEqualTo(2);
    assertThat(a.body().at("/partialSuccess/errorMessage").asText()).contains("usage.input_tokens: must be >= 0");
    JsonNode stored = get("/v1/traces/" + trace);
    assertThat(stored.get("spans")).hasSize(1);
    assertThat(stored.at("/spans/0/name").asText()).startsWith("nnn").endsWith("…[truncated 4000 chars]");
    assertThat(stored.get("environment").asText()).hasSizeLessThan(1_100);
  }

  @Test
  void theOriginalProtocol_cutsHugeTexts_andKeepsACallWithAnUnreadableCount() {
    String env = "e".repeat(100_000);
    String id = post("/v1/traces/", Map.of("trace_name", "t", "environment", env)).body().get("id").asText();
    assertThat(get("/v1/traces/" + id).get("environment").asText()).hasSizeLessThan(1_100);
    Answer call = post("/v1/executions/", Map.of("trace_id", id, "span_name", "openai_gpt-4o",
        "span_data", Map.of("provider", "openai", "model", "gpt-4o", "tokens_used", 1e30)));
    assertThat(call.status()).isEqualTo(201);
    JsonNode span = get("/v1/traces/" + id).at("/spans/0");
    assertThat(span.at("/usage/total_tokens").isNull()).isTrue();
    Answer patched = patch("/v1/traces/" + id, Map.of("status", "error", "error", "x".repeat(5_000_000)));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.body().at("/error/message").asText()).hasSizeLessThan(300_000);
  }

  @Test
  void overlongUtf8_isRefused_notReadAsASlash() {
    byte[] body = "{\"trace_name\":\"a\u0001b\"}".getBytes(StandardCharsets.UTF_8);
    body[body.length - 4] = (byte) 0xC0; // C0 AF: an overlong '/'
    body[body.length - 3] = (byte) 0xAF;
    Answer a = server.send("POST", "/v1/traces/", key, body, null);
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body().get("detail").asText()).startsWith("body: not valid UTF-8 at byte ");
  }

  @Test
  void aNulCharacter_isDropped_soEveryDatabaseCanStoreIt() {
    String trace = hex(32);
    Map<String, Object> span = new HashMap<>(generation(trace, hex(16), Map.of("input_tokens", 1)));
    span.put("name", "a\u0000b");
    span.put("metadata", Map.of("k", "x\u0000y"));
    assertThat(post("/v1/ingest", Map.of("traces", List.of(), "spans", List.of(span))).status()).isEqualTo(200);
    JsonNode stored = get("/v1/traces/" + trace).at("/spans/0");
    assertThat(stored.get("name").asText()).isEqualTo("ab");
    assertThat(stored.at("/metadata/k").asText()).isEqualTo("xy");
  }

  // ------------------------------------------------------------------ helpers

  private static Map<String, Object> generation(String trace, String id, Map<String, Object> usage) {
    return Map.of("id", id, "trace_id", trace, "type", "generation", "provider", "openai",
        "model", "gpt-4o-mini", "name", "chat", "status", "success",
        "start_time", Instant.now().minusSeconds(1).toString(), "end_time", Instant.now().toString(),
        "usage", usage);
  }

  private static Map<String, Object> otlpSpan(String trace, String name, long start, long end,
      List<Map<String, Object>> attributes) {
    return Map.of("traceId", trace, "spanId", hex(16), "name", name, "kind", 3,
        "startTimeUnixNano", String.valueOf(start), "endTimeUnixNano", Long.toUnsignedString(end),
        "attributes", attributes);
  }

  private static Map<String, Object> attr(String key, String value) {
    return Map.of("key", key, "value", Map.of("stringValue", value));
  }

  private static String hex(int n) {
    String s = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    return s.substring(0, n);
  }

  private Answer post(String path, Object body) {
    return server.send("POST", path, key, body, null);
  }

  private Answer patch(String path, Object body) {
    return server.send("PATCH", path, key, body, null);
  }

  private JsonNode get(String path) {
    Answer a = server.get(path, key);
    assertThat(a.status()).as(path + ": " + a.text()).isEqualTo(200);
    return a.body();
  }
}
