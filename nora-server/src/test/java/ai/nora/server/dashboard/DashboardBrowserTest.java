package ai.nora.server.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.TraceGroup;
import ai.nora.openai.FakeProvider;
import ai.nora.openai.NoraOpenAI;
import ai.nora.server.TestServer;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser (Debian's chromium, headless, driven by Playwright), over a
 * real server holding traces that the real SDK sent from the real openai-java client. With
 * {@code -Dnora.screenshots=DIR} each view is also saved as a picture (the ones in docs/).
 */
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of(System.getProperty("nora.chromium", "/usr/bin/chromium"));
  static final String XSS_SCRIPT = "<script>alert(1)</script>";
  static final String XSS_IMG = "<img src=x onerror=alert(1)>";
  static final String ADMIN_PASSWORD = "dashboard-admin-secret";

  static TestServer server;
  static FakeProvider provider;
  static OpenAIClient openai;
  static Playwright playwright;
  static Browser browser;
  BrowserContext context;
  Page page;
  static final List<String> dialogs = new CopyOnWriteArrayList<>();
  static String researchTraceId;

  @BeforeAll
  static void start() {
    if (!Files.isExecutable(CHROMIUM)) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException("CI needs chromium at " + CHROMIUM + " for the dashboard's browser tests");
      }
      Assumptions.abort("no chromium at " + CHROMIUM + ": the browser tests are skipped (apt-get install chromium; CI does)");
    }
    // Waits for what must appear up to 15 s, not Playwright's 5: on a 2-core machine that is
    // busy with something else, the first sign-in has been seen to take longer.
    com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    server = TestServer.start(Map.of("NORA_ADMIN_PASSWORD", ADMIN_PASSWORD));
    provider = new FakeProvider();
    openai = NoraOpenAI.wrap(OpenAIOkHttpClient.builder().baseUrl(provider.baseUrl() + "/v1").apiKey("sk-test")
        .maxRetries(0).build());
    Nora.init(NoraConfig.builder().apiKey(TestServer.KEY).apiUrl(server.base() + "/v1").environment("production")
        .autoPatch(false).build());
    record();
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync")));
  }

  /** Each test in a browser context of its own (no cookie, no page state from another test). */
  @BeforeEach
  void newBrowserContext() {
    dialogs.clear();
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
    page = context.newPage();
    page.onDialog(d -> {
      dialogs.add(d.message());
      d.dismiss();
    });
  }

  @AfterEach
  void noAlert() {
    assertThat(dialogs).as("dialogs opened by the page").isEmpty();
    context.close();
  }

  /** Signs in with a project's API key and waits for the traces page. */
  void signIn(String key) {
    page.navigate(server.base() + "/");
    page.locator("#api-key").fill(key);
    page.locator("button[type=submit]").click();
    assertThat(page.locator("#traces")).isVisible();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
      playwright.close();
    }
    Nora.shutdown();
    if (provider != null) {
      provider.close();
      server.close();
    }
  }

  static ChatCompletionCreateParams ask(String question) {
    return ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
        .addSystemMessage("You are a helpful assistant").addUserMessage(question).build();
  }

  /** What the application did: traces through the SDK and the real provider client. */
  static void record() {
    provider.answer("openai/chat-plain.json").answer("openai/chat-tool-call.json").answer("openai/chat-plain.json")
        .answer("openai/chat-stream.sse").answer("openai/chat-plain.json")
        .answer(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}")
        .answer("openai/chat-plain.json");
    ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
            .build()).build()).build();
    try (TraceGroup g = Nora.traceGroup("research_agent", Map.of("user_id", "u-1", "session_id", "s-1", "team", "search",
        "input", "Plan a trip to Paris"))) {
      researchTraceId = g.traceId();
      try (TraceGroup plan = Nora.traceGroup("plan")) {
        openai.chat().completions().create(ask("What is the capital of France?"));
      }
      ChatCompletionCreateParams withTool = ask("What is the weather like in Paris, France?").toBuilder().addTool(weather).build();
      ChatCompletion first = openai.chat().completions().create(withTool);
      String callId = first.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().id();
      openai.chat().completions().create(withTool.toBuilder().addMessage(first.choices().get(0).message())
          .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(callId).content("Sunny, 22°C").build()).build());
      try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(ask("Summarise the trip")
          .toBuilder().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
        s.stream().forEach(c -> { });
      }
      g.setOutput("Paris, sunny, 22°C");
    }
    Nora.traceGroup("followup", Map.of("user_id", "u-1", "session_id", "s-1", "input", "And tomorrow?"), () ->
        openai.chat().completions().create(ask("And tomorrow?")).choices().get(0).message().content().orElse(""));
    try {
      Nora.traceGroup("failing_call", Map.of(), () -> openai.chat().completions().create(ask("Too many requests")));
    } catch (RuntimeException expected) {
      // the provider's 429, recorded as an error
    }
    Nora.traceGroup("xss_probe", Map.of("input", XSS_SCRIPT, "note", XSS_IMG), () ->
        openai.chat().completions().create(ask(XSS_IMG + " " + XSS_SCRIPT)).id());
    assertThat(Nora.flush()).isTrue();
  }

  void screenshot(String name) {
    String dir = System.getProperty("nora.screenshots");
    if (dir != null) {
      page.evaluate("window.scrollTo(0, 0)");
      page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(dir, name + ".png")).setFullPage(true));
    }
  }

  @Test
  void signIn_thenTheTracesAreListed() {
    page.navigate(server.base() + "/");
    assertThat(page.locator("#api-key")).isVisible();
    screenshot("sign-in");
    page.locator("#api-key").fill(TestServer.KEY);
    page.locator("button[type=submit]").click();

    Locator rows = page.locator("#traces tbody tr");
    assertThat(rows).hasCount(4);
    assertThat(rows.first()).containsText("xss_probe"); // newest first
    assertThat(page.locator("#total-traces")).hasText("4");
    assertThat(page.locator("#traces")).containsText("research_agent");
    assertThat(page.locator("#traces tbody")).containsText("s-1");
    assertThat(page.locator("#environment option[value=production]")).hasCount(1);
    screenshot("traces");
  }

  @Test
  void aColumnHeader_sortsEveryTrace_onTheServer_bothWays() {
    signIn(TestServer.KEY);
    page.navigate(server.base() + "/#/traces");
    Locator names = page.locator("#traces tbody tr td:nth-child(2)");
    assertThat(page.locator("#traces tbody tr")).hasCount(4);
    List<String> byName = new java.util.ArrayList<>(names.allTextContents());
    byName.sort(java.util.Comparator.reverseOrder());

    page.waitForResponse(r -> r.url().contains("sort=name") && r.url().contains("order=desc"),
        () -> page.locator("#traces thead th", new Page.LocatorOptions().setHasText("Name")).click());
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*sort=name(%3A|:)desc.*"));
    assertThat(page.locator("#traces thead th[aria-sort=descending]")).containsText("Name");
    assertThat(names.first()).hasText(byName.get(0));
    org.assertj.core.api.Assertions.assertThat(names.allTextContents()).containsExactlyElementsOf(byName);

    page.waitForResponse(r -> r.url().contains("sort=name") && r.url().contains("order=asc"),
        () -> page.locator("#traces thead th", new Page.LocatorOptions().setHasText("Name")).click());
    java.util.Collections.reverse(byName);
    assertThat(names.first()).hasText(byName.get(0));
    org.assertj.core.api.Assertions.assertThat(names.allTextContents()).containsExactlyElementsOf(byName);
  }

  @Test
  void aNewTrace_appearsWithoutAReload() {
    String key = server.newProjectKey(); // a project of its own: the other tests' counts hold
    server.send("POST", "/v1/traces/", key, Map.of("trace_name", "first_one"), null);
    signIn(key);
    assertThat(page.locator("#total-traces")).hasText("1");
    page.evaluate("window.noraMarker = 'still the same page'");
    server.send("POST", "/v1/traces/", key, Map.of("trace_name", "live_arrival"), null);

    assertThat(page.locator("#traces tbody tr").first()).containsText("live_arrival");
    assertThat(page.locator("#total-traces")).hasText("2");
    assertThat(page.evaluate("window.noraMarker")).isEqualTo("still the same page");
  }

  @Test
  void filtersAndSearch_narrowTheList_andLiveInTheAddress() {
    signIn(TestServer.KEY);
    page.locator("select[name=status]").selectOption("error");
    page.locator("form[role=search] button[type=submit]").click();
    assertThat(page.locator("#traces tbody tr")).hasCount(1);
    assertThat(page.locator("#traces tbody tr")).containsText("failing_call");
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*status=error.*"));

    page.navigate(server.base() + "/#/traces?q=tomorrow");
    assertThat(page.locator("#traces tbody tr")).hasCount(1);
    assertThat(page.locator("#traces tbody tr")).containsText("followup");

    page.navigate(server.base() + "/#/traces?metadata_key=team&metadata_value=search");
    assertThat(page.locator("#traces tbody tr")).hasCount(1);
    assertThat(page.locator("#traces tbody tr")).containsText("research_agent");

    page.navigate(server.base() + "/#/traces");
    page.locator("#environment").selectOption("production");
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*environment=production.*"));
    assertThat(page.locator("#traces tbody tr")).hasCount(4);
    page.locator("input[name=min_calls]").fill("2");
    page.locator("form[role=search] button[type=submit]").click();
    assertThat(page.locator("#traces tbody tr")).hasCount(1);
    assertThat(page.locator("#traces tbody tr")).containsText("research_agent");
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*min_calls=2.*"));
  }

  @Test
  void aTrace_showsItsTree_itsTimeline_andEachSpanWhole() {
    signIn(TestServer.KEY);
    page.navigate(server.base() + "/#/traces");
    page.locator("#traces tbody tr", new Page.LocatorOptions().setHasText("research_agent")).click();

    Locator nodes = page.locator(".tree .node");
    assertThat(nodes).hasCount(7); // 2 groups, 4 generations, 1 tool
    assertThat(page.locator(".tree .bar")).hasCount(7);
    // Nesting: the plan group's call sits inside it, inside the trace's root group.
    assertThat(page.locator(".tree > li > .node")).hasCount(1);
    assertThat(page.locator(".tree > li > ul > li > .node[data-type=group]")).containsText("plan");
    assertThat(page.locator(".tree > li > ul > li > ul > li > .node[data-type=generation]")).hasCount(1);
    assertThat(page.locator(".node[data-type=tool]")).containsText("get_weather");

    // The call that asked for the tool: its messages by role and its tool call, formatted.
    page.locator(".node[data-type=generation]").nth(1).click();
    Locator detail = page.locator("#span-detail");
    assertThat(detail.locator(".msg[data-role=system]")).containsText("You are a helpful assistant");
    assertThat(detail.locator(".msg[data-role=user]")).containsText("What is the weather like in Paris, France?");
    assertThat(detail.locator(".toolcall").first()).containsText("get_weather");
    assertThat(detail.locator(".toolcall .args").first()).containsText("\"location\": \"Paris, France\"");
    assertThat(detail).containsText("tool_calls");

    // The tool run, with its result.
    page.locator(".node[data-type=tool]").click();
    assertThat(detail.locator("pre.result")).containsText("Sunny, 22°C");

    // The streamed call: time to first token and usage.
    page.locator(".node[data-type=generation]").nth(3).click();
    assertThat(detail).containsText("time to first token");
    assertThat(detail).containsText("streamed");
    assertThat(detail.locator(".msg[data-role=assistant]")).containsText("The capital of France is Paris.");
    assertThat(detail).containsText("cached tokens");
    assertThat(page.locator("#trace-metadata")).containsText("\"team\": \"search\"");
    screenshot("trace");
  }

  @Test
  void aScore_addedFromThePage_staysWithTheTrace() {
    signIn(TestServer.KEY);
    page.navigate(server.base() + "/#/trace/" + researchTraceId);
    page.locator("input[name=name]").fill("helpfulness");
    page.locator("input[name=value]").fill("0.9");
    page.locator("input[name=comment]").fill("good plan");
    page.locator("text=Add score").click();

    assertThat(page.locator("#scores li")).containsText("helpfulness: 0.9");
    assertThat(server.get("/v1/traces/" + researchTraceId).body().at("/scores/0/name").asText()).isEqualTo("helpfulness");
  }

  @Test
  void aSession_readsAsOneConversation() {
    signIn(TestServer.KEY);
    page.navigate(server.base() + "/#/sessions");
    page.locator("#sessions tbody tr", new Page.LocatorOptions().setHasText("s-1")).click();

    Locator turns = page.locator("#conversation .turn");
    assertThat(turns).hasCount(2);
    assertThat(turns.first()).containsText("research_agent");
    assertThat(turns.first().locator(".msg.user")).containsText("Plan a trip to Paris");
    assertThat(turns.nth(1)).containsText("And tomorrow?");
    screenshot("session");
  }

  @Test
  void metrics_chartCallsTokensCostLatencyAndErrors_splitByModel() {
    signIn(TestServer.KEY);
    page.navigate(server.base() + "/#/metrics?group_by=model");

    assertThat(page.locator(".chart")).hasCount(6);
    assertThat(page.locator("#metric-totals")).containsText("7 calls"); // research_agent 4, followup, failing_call, xss_probe
    assertThat(page.locator("#metric-groups")).containsText("gpt-4o-mini");
    // One line per model in each split chart, as many as the table has rows.
    int models = page.locator("#metric-groups tbody tr").count();
    assertThat(models).isGreaterThan(1);
    assertThat(page.locator(".chart[data-chart=Calls] path")).hasCount(models);
    assertThat(page.locator(".chart[data-chart=Calls] .legend span")).hasCount(models);
    screenshot("metrics");
  }

  @Test
  void textFromPromptsAndMetadata_isShown_neverRun() {
    signIn(TestServer.KEY);
    page.navigate(server.base() + "/#/traces");
    page.locator("#traces tbody tr", new Page.LocatorOptions().setHasText("xss_probe")).click();

    assertThat(page.locator("#trace-input")).hasText(XSS_SCRIPT);
    assertThat(page.locator("#trace-metadata")).containsText(XSS_IMG);
    assertThat(page.locator("#span-detail .msg[data-role=user]")).containsText(XSS_IMG + " " + XSS_SCRIPT);
    assertThat(page.locator("img")).hasCount(0);
    assertThat(page.locator("main script")).hasCount(0);
    page.waitForTimeout(300); // an onerror would have fired by now
    assertThat(dialogs).isEmpty();
  }

  @Test
  void frameworkSpans_fromOpenTelemetry_areHiddenUntilAskedFor() {
    String trace = "3af7651916cd43dd8448eb211c80319c";
    long t0 = System.currentTimeMillis() * 1_000_000L;
    String span = "{\"traceId\":\"" + trace + "\",\"spanId\":\"%s\",\"parentSpanId\":\"%s\",\"name\":\"%s\","
        + "\"kind\":%d,\"startTimeUnixNano\":\"%d\",\"endTimeUnixNano\":\"%d\",\"attributes\":[%s]}";
    String framework = "{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"framework\"}}";
    String chat = "{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},"
        + "{\"key\":\"gen_ai.system\",\"value\":{\"stringValue\":\"openai\"}},"
        + "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}}";
    String http = "{\"key\":\"http.request.method\",\"value\":{\"stringValue\":\"POST\"}}";
    String body = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
        + String.format(span, "b000000000000001", "", "GET /ask", 2, t0, t0 + 90_000_000L, "") + ","
        + String.format(span, "b000000000000002", "b000000000000001", "spring_ai chat_client", 1, t0 + 1_000_000L, t0 + 80_000_000L, framework) + ","
        + String.format(span, "b000000000000003", "b000000000000002", "call", 1, t0 + 2_000_000L, t0 + 79_000_000L, framework) + ","
        + String.format(span, "b000000000000004", "b000000000000003", "chat gpt-4o", 1, t0 + 3_000_000L, t0 + 70_000_000L, chat) + ","
        + String.format(span, "b000000000000005", "b000000000000004", "POST", 3, t0 + 4_000_000L, t0 + 69_000_000L, http)
        + "]}]}]}";
    String key = server.newProjectKey();
    assertThat(server.send("POST", "/otlp/v1/traces", key, body, null).status()).isEqualTo(200);

    signIn(key);
    page.navigate(server.base() + "/#/trace/" + trace);
    Locator nodes = page.locator(".tree .node");
    assertThat(nodes).hasCount(2);
    // The call hangs from the request: the framework's spans between them are left out.
    assertThat(page.locator(".tree > li > ul > li > .node[data-type=generation]")).containsText("chat gpt-4o");
    page.locator("#show-framework").check();
    assertThat(nodes).hasCount(5);
    assertThat(page.locator(".tree > li > ul > li > ul > li > ul > li > .node[data-type=generation]")).hasCount(1);
    page.locator("#show-framework").uncheck();
    assertThat(nodes).hasCount(2);
  }

  @Test
  void theAdministrator_switchesProjects_andEachShowsOnlyItsOwnTraces() {
    server.app.keyStore().ensureProject("other", "Other team");
    String otherKey = ai.nora.server.ApiKeys.newSecret();
    new ai.nora.server.ApiKeys(server.app.keyStore()).add("other", "test", otherKey, 1L);
    server.send("POST", "/v1/traces", otherKey, Map.of("trace_name", "other_team_trace"), null);
    signIn(TestServer.KEY);
    page.locator("#traces tbody tr", new Page.LocatorOptions().setHasText("xss_probe")).click();
    assertThat(page.locator("h1")).containsText("xss_probe");

    page.locator("#logout").click();
    page.locator("#admin-password").fill(ADMIN_PASSWORD);
    page.locator("button[type=submit]").click();
    assertThat(page.locator("h1")).containsText("xss_probe"); // signed in again on the page it was on
    page.locator("header nav a[data-view=traces]").click();
    assertThat(page.locator("#traces tbody tr").first()).containsText("xss_probe");
    page.locator("#project").selectOption("other");

    assertThat(page.locator("#traces tbody tr")).hasCount(1);
    assertThat(page.locator("#traces tbody tr")).containsText("other_team_trace");
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*project=other.*"));
    page.locator("header nav a[data-view=sessions]").click();
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*project=other.*"));
  }
}
