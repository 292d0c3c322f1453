package ai.nora.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's sign-in and what a signed-in browser may do, at the HTTP level. */
class DashboardSignInTest {
  static final String ADMIN = "correct horse battery";
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("NORA_ADMIN_PASSWORD", ADMIN));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String cookieOf(TestServer.Answer login) {
    String setCookie = login.raw().headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private TestServer.Answer login(Object body) {
    return server.send("POST", "/ui/login", null, body, Map.of());
  }

  @Test
  void signInWithAKey_setsAnHttpOnlyStrictCookie_thatReadsThatProject() {
    TestServer.Answer login = login(Map.of("api_key", TestServer.KEY));

    assertThat(login.status()).isEqualTo(200);
    String setCookie = login.raw().headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("nora_session=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
        .contains("Path=/");
    assertThat(login.body().get("admin").asBoolean()).isFalse();
    TestServer.Answer traces = server.send("GET", "/v1/traces", null, null, Map.of("Cookie", cookieOf(login)));
    assertThat(traces.status()).isEqualTo(200);
    assertThat(traces.raw().headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
  }

  @Test
  void badCredentials_areRefusedWithAReason() {
    assertThat(login(Map.of("api_key", "nora_wrong")).body().get("detail").asText()).contains("unknown or revoked API key");
    assertThat(login(Map.of("password", "not it at all")).status()).isEqualTo(401);
    assertThat(login(Map.of()).status()).isEqualTo(400);
    assertThat(server.send("GET", "/v1/traces", null, null, Map.of("Cookie", "nora_session=forged")).status())
        .isEqualTo(401);
  }

  @Test
  void aWriteThroughTheCookie_needsTheDashboardsHeader() {
    String cookie = cookieOf(login(Map.of("api_key", TestServer.KEY)));
    server.post("/v1/traces", Map.of("trace_name", "t"));
    String traceId = server.get("/v1/traces").body().at("/data/0/id").asText();
    Map<String, Object> score = Map.of("trace_id", traceId, "name", "helpful", "value", 1);

    // What a form on another site could send: the cookie alone.
    assertThat(server.send("POST", "/v1/scores", null, score, Map.of("Cookie", cookie)).status()).isEqualTo(403);
    assertThat(server.send("POST", "/v1/scores", null, score, Map.of("Cookie", cookie, "X-Nora-UI", "1")).status())
        .isEqualTo(201);
  }

  @Test
  void theAdministrator_switchesProjects_andAKeySeesOnlyItsOwn() {
    server.app.keyStore().ensureProject("other", "Other team");
    String otherKey = ai.nora.server.ApiKeys.newSecret();
    new ai.nora.server.ApiKeys(server.app.keyStore()).add("other", "test", otherKey, 1L);
    server.send("POST", "/v1/traces", otherKey, Map.of("trace_name", "other-team-trace"), null);
    server.post("/v1/traces", Map.of("trace_name", "default-trace"));

    String admin = cookieOf(login(Map.of("password", ADMIN)));
    JsonNode me = server.send("GET", "/ui/me", null, null, Map.of("Cookie", admin)).body();
    assertThat(me.get("admin").asBoolean()).isTrue();
    assertThat(me.get("projects").findValuesAsText("id")).contains("default", "other");
    assertThat(server.send("GET", "/v1/traces", null, null, Map.of("Cookie", admin, "X-Nora-Project", "other"))
        .body().at("/data/0/trace_name").asText()).isEqualTo("other-team-trace");

    String keyUser = cookieOf(login(Map.of("api_key", TestServer.KEY)));
    JsonNode seen = server.send("GET", "/v1/traces", null, null, Map.of("Cookie", keyUser, "X-Nora-Project", "other")).body();
    assertThat(seen.get("data").findValuesAsText("trace_name")).containsExactly("default-trace");
    assertThat(server.send("GET", "/ui/me", null, null, Map.of("Cookie", keyUser)).body().get("projects")
        .findValuesAsText("id")).containsExactly("default");
  }

  @Test
  void theDashboardPage_isServedAtTheRoot() {
    TestServer.Answer page = server.send("GET", "/", null, null, Map.of());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.text()).contains("<script type=\"module\" src=\"/app.js\">");
    assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
  }

  @Test
  void guessing_isSlowedDown_afterTenFailures() {
    for (int i = 0; i < 10; i++) {
      assertThat(login(Map.of("password", "guess number " + i)).status()).isEqualTo(401);
    }
    TestServer.Answer refused = login(Map.of("password", ADMIN));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.body().get("detail").asText()).contains("Too many failed sign-ins");
    assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
  }
}
