package ai.nora.spring.it;

import static ai.nora.it.TraceSpans.ofType;
import static ai.nora.it.TraceSpans.only;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.it.FakeLlm;
import ai.nora.it.NoraTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Spring AI travel assistant (a ChatClient with two tools and a retrieval advisor) as an
 * executable jar, run with {@code java -jar} in a JVM of its own, traced by the starter from
 * properties alone; its trace read back from a real nora-server and checked span by span.
 */
class SpringBootAppTest {
  static final String QUESTION = "What is the weather and the time in Paris?";
  static final String GUIDE = "Paris guide: the Eiffel Tower opens at 9:00.";
  static FakeLlm llm;
  static NoraTestServer nora;

  @BeforeAll
  static void start() {
    llm = new FakeLlm();
    nora = new NoraTestServer();
  }

  @AfterAll
  static void stop() {
    nora.close();
    llm.close();
  }

  /** Runs the app's jar; returns what it printed. */
  static String run(String app, List<String> args) throws Exception {
    return run(app, List.of(), args);
  }

  static String run(String app, List<String> jvmFlags, List<String> args) throws Exception {
    return run(app, jvmFlags, java.util.Map.of(), args);
  }

  static String run(String app, List<String> jvmFlags, java.util.Map<String, String> env, List<String> args)
      throws Exception {
    Path jar = Path.of(System.getProperty("nora.app." + app));
    assertThat(jar).as("the app's jar, built before these tests").exists();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-jar", jar.toString()));
    if (args.stream().noneMatch(a -> a.startsWith("--spring.ai.openai.base-url="))) {
      cmd.addAll(List.of("--spring.ai.openai.base-url=" + llm.url(),
          "--spring.ai.anthropic.base-url=" + llm.url(), "--spring.ai.ollama.base-url=" + llm.url()));
    }
    cmd.addAll(args);
    Path log = Files.createTempFile("nora-app", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the app ends").isTrue();
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("---- " + app + " " + args + "\n" + printed); // kept in the test's report
    assertThat(p.exitValue()).as(printed).isZero();
    return printed;
  }

  @ParameterizedTest
  @CsvSource({"boot3, call, openai", "boot3, stream, openai", "boot4, call, openai", "boot4, stream, openai",
      "boot3, call, anthropic", "boot4, call, anthropic", "boot3, call, ollama", "boot4, call, ollama"})
  void aChatClientCall_withToolsAndRetrieval_isOneTrace(String app, String mode, String provider) throws Exception {
    String env = app + "-" + mode + "-" + provider;
    boolean openai = provider.equals("openai");
    String printed = run(app, List.of("--nora.api-key=" + nora.key(), "--nora.api-url=" + nora.apiUrl(),
        "--nora.environment=" + env, "--travel.mode=" + mode, "--travel.provider=" + provider,
        "--travel.report=" + (mode.equals("call") && openai)));
    assertThat(printed).contains("ANSWER=" + FakeLlm.ANSWER);
    if (mode.equals("call") && openai) {
      // Actuator: Nora's health contributor and meters, as the application sees them.
      assertThat(printed).containsPattern("NORA_HEALTH=UP \\{exported=\\d+, failed=0, dropped=0")
          .containsPattern("NORA_METERS exported=[1-9][0-9.]* failed=0.0 dropped=0.0");
    }

    // Spring AI 2.0 runs tool calls as an advisor that runs the chain again, the retrieval
    // advisor included: a retrieval (and its query's embedding) per round.
    boolean boot4 = app.equals("boot4");
    int rounds = boot4 ? 2 : 1;
    JsonNode trace = nora.readBack("environment=" + env + "&name=ChatClient", 5 + 2 * rounds, () -> {});
    List<JsonNode> spans = new ArrayList<>();
    trace.get("spans").forEach(spans::add);
    spans.sort(Comparator.comparing(s -> s.get("start_time").asText()));
    JsonNode root = only(spans, "group");
    assertThat(root.get("name").asText()).isEqualTo("ChatClient");
    assertThat(root.get("input").asText()).isEqualTo(QUESTION);
    assertThat(trace.get("output").asText()).isEqualTo(FakeLlm.ANSWER);
    String rootId = root.get("id").asText();

    List<JsonNode> retrievals = ofType(spans, "retrieval");
    assertThat(retrievals).hasSize(rounds);
    for (JsonNode retrieval : retrievals) {
      assertThat(retrieval.get("parent_id").asText()).isEqualTo(rootId);
      assertThat(retrieval.get("input").asText()).isEqualTo(QUESTION);
      assertThat(retrieval.get("output").get(0).get("text").asText()).isEqualTo(GUIDE);
      assertThat(retrieval.get("output").get(0).get("metadata").get("source").asText()).isEqualTo("guide.md");
      assertThat(ofType(spans, "embedding")).filteredOn(e -> e.get("parent_id").asText().equals(retrieval.get("id").asText()))
          .singleElement().satisfies(e -> assertThat(e.get("input").get(0).asText()).isEqualTo(QUESTION));
    }

    List<JsonNode> gens = ofType(spans, "generation");
    assertThat(gens).as("each model call once").hasSize(2);
    for (JsonNode g : gens) {
      assertThat(g.get("parent_id").asText()).isEqualTo(rootId);
      assertThat(g.get("provider").asText()).isEqualTo(provider);
      assertThat(g.get("request_model").asText())
          .isEqualTo(Map.of("openai", "gpt-4o-mini", "anthropic", "claude-3-5-haiku-20241022", "ollama", "llama3.2").get(provider));
      assertThat(g.get("tools").toString()).contains("weather", "The time in a time zone");
      // Streamed: marked where Spring AI assembles the call's stream, whose first element is the
      // first token.
      assertThat(g.path("stream").asBoolean()).isEqualTo(mode.equals("stream"));
      if (mode.equals("stream")) {
        assertThat(g.get("time_to_first_token").asDouble()).as("time to first token: " + g).isPositive();
      }
    }
    assertThat(gens.get(0).get("tool_calls")).extracting(c -> c.get("name").asText()).containsExactly("weather", "time");
    assertThat(gens.get(0).get("input").toString()).contains(QUESTION, GUIDE);
    if (mode.equals("call") || boot4) {
      assertThat(gens.get(0).at("/usage/input_tokens").asLong())
          .isEqualTo(Map.of("openai", 80L, "anthropic", 60L, "ollama", 65L).get(provider));
    } else {
      // Spring AI 1.1's observation of a streamed call that ran tools reports the next call's usage.
      assertThat(gens.get(0).get("usage").isNull()).as("a streamed tool round's own usage is unknown").isTrue();
    }
    assertThat(gens.get(1).at("/output/0/content").asText()).isEqualTo(FakeLlm.ANSWER);
    // Spring AI adds the first call's usage to the second's; Nora records each call's own.
    assertThat(gens.get(1).at("/usage/input_tokens").asLong())
        .isEqualTo(Map.of("openai", 120L, "anthropic", boot4 ? 120L : 100L, "ollama", 85L).get(provider));
    // Spring AI 1.1's sum over a tool loop carries no cache counts; 2.0 reports them.
    if (provider.equals("anthropic") && boot4) {
      // Anthropic counts its 20 cache-read tokens apart; Nora's input count includes them.
      assertThat(gens.get(1).at("/usage/cached_tokens").asLong()).isEqualTo(20);
    }
    assertThat(gens.get(1).at("/usage/output_tokens").asLong()).isEqualTo(15);

    List<JsonNode> tools = ofType(spans, "tool");
    assertThat(tools).extracting(t -> t.get("tool_name").asText()).containsExactlyInAnyOrder("weather", "time");
    for (JsonNode t : tools) {
      assertThat(t.get("parent_id").asText()).isEqualTo(rootId);
      if ((boot4 || mode.equals("call")) && !provider.equals("ollama")) {
        assertThat(t.get("tool_call_id").asText()).isIn("call_w", "call_t", "toolu_w", "toolu_t");
      }
      assertThat(t.get("result").asText()).isIn("\"sunny, 18 C\"", "\"14:00\"", "sunny, 18 C", "14:00");
    }
  }

  /**
   * Without Nora in the app: Spring AI's own observations, bridged to OpenTelemetry by Micrometer
   * Tracing and exported by Spring Boot's OTLP exporter to nora-server. They carry no messages
   * (Spring AI logs those only); what they carry reads right: each call's own usage (1.1 reports
   * the call after a tool run summed with the one before), tool arguments and results, and the
   * framework's own spans flagged.
   */
  @ParameterizedTest
  @CsvSource({"boot3", "boot4"})
  void springAisOwnObservations_overOpenTelemetry_readRight(String app) throws Exception {
    boolean boot4 = app.equals("boot4");
    String otlp = nora.apiUrl().replace("/v1", "/otlp/v1/traces");
    String env = app + "-otel";
    String prefix = boot4 ? "--management.opentelemetry.tracing.export.otlp." : "--management.otlp.tracing.";
    String printed = run(app, List.of("--nora.enabled=false", "--travel.mode=call", "--travel.provider=openai",
        "--management.tracing.sampling.probability=1.0", prefix + "endpoint=" + otlp,
        prefix + "headers.Authorization=Bearer " + nora.key(),
        "--management.opentelemetry.resource-attributes.deployment.environment.name=" + env,
        "--spring.ai.tools.observations.include-content=true"));
    assertThat(printed).contains("ANSWER=" + FakeLlm.ANSWER);

    int rounds = boot4 ? 2 : 1;
    // The chat client; 2.0's tool-calling advisor; per round the retrieval and call advisors; the
    // HTTP requests under the two calls and under each round's embedding.
    int frameworkSpans = 1 + (boot4 ? 1 : 0) + 2 * rounds + 2 + rounds;
    JsonNode trace = nora.readBack("environment=" + env + "&name=spring_ai%20chat_client",
        frameworkSpans + 2 + 2 + 2 * rounds, () -> {});
    List<JsonNode> spans = new ArrayList<>();
    trace.get("spans").forEach(spans::add);
    spans.sort(Comparator.comparing(s -> s.get("start_time").asText()));
    System.out.println("---- OTLP trace of " + app + ": " + trace.toPrettyString());

    List<JsonNode> gens = ofType(spans, "generation");
    assertThat(gens).hasSize(2);
    for (JsonNode g : gens) {
      assertThat(g.get("provider").asText()).isEqualTo("openai");
      assertThat(g.get("model").asText()).startsWith("gpt-4o-mini");
      assertThat(g.get("input")).as("Spring AI puts no messages on its spans").isEmpty();
    }
    assertThat(gens.get(0).at("/usage/input_tokens").asLong()).isEqualTo(80);
    assertThat(gens.get(1).at("/usage/input_tokens").asLong()).as("the second call's own").isEqualTo(120);
    assertThat(gens.get(1).has("usage_adjusted")).as("1.1 sums, 2.0 does not").isEqualTo(!boot4);
    assertThat(gens.get(1).at("/usage/output_tokens").asLong()).isEqualTo(15);
    assertThat(trace.at("/tokens/total_tokens").asLong()).as("calls and embeddings, each counted once")
        .isEqualTo(80 + 30 + 120 + 15 + 4L * rounds);

    List<JsonNode> tools = ofType(spans, "tool");
    assertThat(tools).extracting(t -> t.get("tool_name").asText()).containsExactlyInAnyOrder("weather", "time");
    for (JsonNode t : tools) {
      if (boot4) { // 1.1 does not name the tool call
        assertThat(t.get("tool_call_id").asText()).isIn("call_w", "call_t");
      }
      assertThat(t.get("arguments").toString()).isIn("{\"city\":\"Paris\"}", "{\"zone\":\"CET\"}");
      assertThat(t.get("result").asText()).isIn("sunny, 18 C", "14:00");
    }
    assertThat(ofType(spans, "retrieval")).hasSize(rounds);
    assertThat(ofType(spans, "embedding")).hasSize(rounds);
    List<JsonNode> custom = ofType(spans, "custom");
    assertThat(custom).as("every other span is the framework's own").hasSize(frameworkSpans)
        .allSatisfy(c -> assertThat(c.path("framework").asBoolean()).as(c.get("name").asText()).isTrue());
  }

  /**
   * Nora's starter and Spring Boot's OpenTelemetry tracing in one app, each sending to its own
   * backend (a second nora-server stands in for Tempo, Jaeger or any OTLP backend): Nora's trace
   * has the OpenTelemetry trace's id and hangs under the span current where it started.
   */
  @Test
  void withSpringBootsOpenTelemetryTracing_norasTraceJoinsIt() throws Exception {
    try (NoraTestServer otelBackend = new NoraTestServer()) {
      String printed = run("boot4", List.of("--nora.api-key=" + nora.key(), "--nora.api-url=" + nora.apiUrl(),
          "--nora.environment=boot4-joined", "--travel.mode=call", "--travel.provider=openai",
          "--management.tracing.sampling.probability=1.0",
          "--management.opentelemetry.tracing.export.otlp.endpoint="
              + otelBackend.apiUrl().replace("/v1", "/otlp/v1/traces"),
          "--management.opentelemetry.tracing.export.otlp.headers.Authorization=Bearer " + otelBackend.key(),
          "--management.opentelemetry.resource-attributes.deployment.environment.name=boot4-joined"));
      assertThat(printed).contains("ANSWER=" + FakeLlm.ANSWER);

      JsonNode norasTrace = nora.readBack("environment=boot4-joined&name=ChatClient", 9, () -> {});
      String traceId = norasTrace.get("id").asText();
      JsonNode root = only(new ArrayList<>(listOf(norasTrace.get("spans"))), "group");
      Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(otelBackend.get("/v1/traces?environment=boot4-joined").get("data").toString()).contains(traceId));
      JsonNode otelTrace = otelBackend.get("/v1/traces/" + traceId);
      List<String> otelSpanIds = new ArrayList<>();
      otelTrace.get("spans").forEach(s -> otelSpanIds.add(s.get("id").asText()));
      assertThat(otelTrace.get("trace_name").asText()).isEqualTo("spring_ai chat_client");
      assertThat(root.get("parent_id").asText()).as("Nora's root hangs under a span of the OpenTelemetry trace")
          .isIn(otelSpanIds);
    }
  }

  private static List<JsonNode> listOf(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  @Test
  void aTracedBean_behindASpringProxy_isOneGroupAroundTheChatClient() throws Exception {
    String printed = run("boot3", List.of("--nora.api-key=" + nora.key(), "--nora.api-url=" + nora.apiUrl(),
        "--nora.environment=boot3-traced", "--travel.mode=traced"));
    assertThat(printed).contains("ANSWER=" + FakeLlm.ANSWER, "PROXIED=true");

    JsonNode trace = nora.readBack("environment=boot3-traced&name=travel_desk", 8, () -> {});
    List<JsonNode> spans = new ArrayList<>();
    trace.get("spans").forEach(spans::add);
    List<JsonNode> groups = ofType(spans, "group");
    assertThat(groups).extracting(g -> g.get("name").asText()).containsExactlyInAnyOrder("travel_desk", "ChatClient");
    JsonNode desk = groups.stream().filter(g -> g.get("name").asText().equals("travel_desk")).findFirst().orElseThrow();
    JsonNode client = groups.stream().filter(g -> g.get("name").asText().equals("ChatClient")).findFirst().orElseThrow();
    assertThat(desk.get("parent_id").isNull()).isTrue();
    assertThat(client.get("parent_id").asText()).isEqualTo(desk.get("id").asText());
    assertThat(trace.get("calls").asInt()).as("two model calls and the query's embedding").isEqualTo(3);
  }

  @Test
  void theAgentAlone_tracesTheSdkInsideAnExecutableJar() throws Exception {
    // Spring AI 2.0's OpenAI model runs on openai-java, inside BOOT-INF/lib; the starter is
    // switched off, so only the agent traces: at the SDK's level, each call once.
    String printed = run("boot4", List.of("-javaagent:" + System.getProperty("nora.agent.jar")),
        java.util.Map.of("NORA_API_KEY", nora.key(), "NORA_API_URL", nora.apiUrl(), "NORA_ENVIRONMENT", "boot4-agent-only"),
        List.of("--spring.autoconfigure.exclude=ai.nora.spring.NoraAutoConfiguration,"
            + "ai.nora.spring.NoraSpringAiAutoConfiguration,ai.nora.spring.NoraActuatorConfiguration",
            "--travel.mode=call"));
    assertThat(printed).contains("ANSWER=" + FakeLlm.ANSWER).doesNotContain("could not instrument");
    JsonNode list = null;
    for (int i = 0; i < 100; i++) {
      list = nora.get("/v1/traces?limit=20&environment=boot4-agent-only").get("data");
      if (list.size() >= 5) {
        break;
      }
      Thread.sleep(100);
    }
    List<JsonNode> spans = new ArrayList<>();
    for (JsonNode t : list) {
      nora.get("/v1/traces/" + t.get("id").asText()).get("spans").forEach(spans::add);
    }
    List<JsonNode> gens = ofType(spans, "generation");
    assertThat(gens).as("the two model calls, once each: " + spans).hasSize(2);
    assertThat(gens).allSatisfy(g -> {
      assertThat(g.get("provider").asText()).isEqualTo("openai");
      assertThat(g.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(g.get("response_id").asText()).startsWith("chatcmpl-");
    });
    // The tools run between the calls, seen from the second call's request.
    assertThat(ofType(spans, "tool")).extracting(t -> t.get("tool_name").asText()).containsExactlyInAnyOrder("weather", "time");
    assertThat(ofType(spans, "embedding")).isNotEmpty();
  }

  @Test
  void theAgentAndTheStarter_recordEachCallOnce() throws Exception {
    String printed = run("boot4", List.of("-javaagent:" + System.getProperty("nora.agent.jar")),
        List.of("--nora.api-key=" + nora.key(), "--nora.api-url=" + nora.apiUrl(),
            "--nora.environment=boot4-agent", "--travel.mode=call"));
    assertThat(printed).contains("ANSWER=" + FakeLlm.ANSWER).doesNotContain("could not instrument");
    JsonNode trace = nora.readBack("environment=boot4-agent&name=ChatClient", 9, () -> {});
    List<JsonNode> spans = new ArrayList<>();
    trace.get("spans").forEach(spans::add);
    assertThat(ofType(spans, "generation")).hasSize(2);
  }

  @Test
  void theSample_runsAgainstTheDemosStandIn() throws Exception {
    // As docs/spring.md says to run it: the demo jar's stand-in provider, the sample against it.
    Path demo = Path.of(System.getProperty("nora.demo.jar"));
    assertThat(demo).as("nora-demo.jar, built before these tests").exists();
    Process standIn = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", demo.toString(), "--stand-in").redirectErrorStream(true).start();
    try {
      java.io.BufferedReader out = new java.io.BufferedReader(
          new java.io.InputStreamReader(standIn.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).as("the stand-in's first line").contains("http://");
      String url = first.substring(first.indexOf("http://")).trim();
      String printed = run("boot3", List.of(), java.util.Map.of(), List.of("--spring.ai.openai.base-url=" + url,
          "--nora.api-key=" + nora.key(), "--nora.api-url=" + nora.apiUrl(), "--nora.environment=sample"));
      assertThat(printed).contains("ANSWER=It is 14:00 in Paris");
      JsonNode trace = nora.readBack("environment=sample&name=ChatClient", 6, () -> {});
      List<JsonNode> spans = new ArrayList<>();
      trace.get("spans").forEach(spans::add);
      assertThat(ofType(spans, "generation")).hasSize(2);
      assertThat(ofType(spans, "tool")).singleElement().satisfies(t -> assertThat(t.get("tool_name").asText()).isEqualTo("time"));
      assertThat(ofType(spans, "retrieval")).hasSize(1);
    } finally {
      standIn.destroy();
    }
  }

  @Test
  void anUnreachableServer_isAHealthDown_andFailedSpansInTheMeters() throws Exception {
    String printed = run("boot3", List.of("--nora.api-key=" + nora.key(), "--nora.api-url=http://127.0.0.1:9/v1",
        "--nora.export-timeout=1s", "--nora.environment=unreachable", "--travel.mode=call", "--travel.report=true"));
    assertThat(printed).contains("ANSWER=" + FakeLlm.ANSWER).contains("NORA_HEALTH=DOWN")
        .containsPattern("NORA_METERS exported=[1-9][0-9.]* failed=[1-9]");
  }

  @Test
  void withoutAKey_theAppRunsUntraced_andNoraSaysSoOnce() throws Exception {
    String printed = run("boot3", List.of("--nora.api-url=" + nora.apiUrl(), "--nora.environment=no-key"));
    assertThat(printed).contains("ANSWER=" + FakeLlm.ANSWER);
    assertThat(printed.lines().filter(l -> l.contains("Nora is off"))).hasSize(1);
    assertThat(nora.get("/v1/traces?environment=no-key").get("data")).isEmpty();
  }
}
