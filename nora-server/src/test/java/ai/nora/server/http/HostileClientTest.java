package ai.nora.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.TestServer;
import ai.nora.server.TestServer.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that try to stall or trick the server: slow bodies, floods of wrong keys, sign-ins from
 * other sites, methods no route has, paths Jetty refuses. Each test gets a server of its own.
 */
class HostileClientTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("NORA_MAX_CONCURRENT_INGEST", "1"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void threeHundredSignInsTricklingTheirBodies_doNotStallTheServer() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.app.port()), 2_000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /ui/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        slow.add(s);
      }
      // The server answers everyone else at once while they trickle.
      CompletableFuture<Answer> health = CompletableFuture.supplyAsync(() -> server.get("/v1/health", null));
      assertThat(health.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(server.get("/v1/traces").status()).isEqualTo(200);
      // Past the few sign-ins read at once, the others are refused at once rather than held.
      int busy = 0;
      for (Socket s : slow.subList(100, 300)) {
        if (statusLine(s.getInputStream()).contains(" 503 ")) {
          busy++;
        }
      }
      assertThat(busy).isEqualTo(200);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void aSlowIngestHoldingTheOnlySlot_getsOthersA503WithRetryAfter_notAQueue() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.app.port())) {
      s.getOutputStream().write(("POST /v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + TestServer.KEY + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      // Once the server has read its headers, it holds the slot.
      Answer[] last = new Answer[1];
      org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> {
        last[0] = server.post("/v1/ingest", Map.of("traces", List.of(), "spans", List.of()));
        return last[0].status() != 200;
      });
      Answer busy = last[0];
      assertThat(busy.status()).isEqualTo(503);
      assertThat(busy.raw().headers().firstValue("Retry-After")).contains("1");
      assertThat(busy.body().get("detail").asText()).contains("nothing was stored");
    }
    // The slot is free again once the slow client is gone.
    org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() ->
        server.post("/v1/ingest", Map.of("traces", List.of(), "spans", List.of())).status() == 200);
  }

  @Test
  void manyWrongKeysFromOneAddress_areThrottled_whileItsRightKeyStillWorks() {
    assertThat(server.get("/v1/traces").status()).isEqualTo(200); // the right key, now known
    for (int i = 0; i < 30; i++) {
      assertThat(server.get("/v1/traces", "nora_wrong_" + i).status()).isEqualTo(401);
    }
    Answer throttled = server.get("/v1/traces", "nora_wrong_again");
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.raw().headers().firstValue("Retry-After")).isPresent();
    assertThat(server.get("/v1/traces").status()).isEqualTo(200);
  }

  @Test
  void signIn_onlyAsJson_andOnlyFromThisServersPages() {
    Map<String, String> json = Map.of("Content-Type", "application/json");
    String body = "{\"api_key\":\"" + TestServer.KEY + "\"}";
    assertThat(server.send("POST", "/ui/login", null, body, Map.of("Content-Type", "text/plain")).status())
        .isEqualTo(415);
    assertThat(server.send("POST", "/ui/login", null, body,
        Map.of("Content-Type", "application/json", "Origin", "https://evil.example")).status()).isEqualTo(403);
    assertThat(server.send("POST", "/ui/login", null, body,
        Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "cross-site")).status()).isEqualTo(403);
    assertThat(server.send("POST", "/ui/login", null, body, Map.of("Content-Type", "application/json",
        "Origin", "http://127.0.0.1:" + server.app.port(), "Sec-Fetch-Site", "same-origin")).status()).isEqualTo(200);
    assertThat(server.send("POST", "/ui/login", null, body, json).status()).isEqualTo(200);
  }

  @Test
  void aMethodNoRouteHas_is405WithAllow() {
    Answer a = server.send("DELETE", "/v1/traces", TestServer.KEY, null, null);
    assertThat(a.status()).isEqualTo(405);
    assertThat(a.raw().headers().firstValue("Allow")).contains("GET, POST");
    assertThat(a.body().get("detail").asText()).startsWith("Method Not Allowed: DELETE /v1/traces");
    assertThat(server.send("PUT", "/v1/traces/abc", TestServer.KEY, "{}", null).raw().headers()
        .firstValue("Allow")).contains("GET, PATCH");
  }

  @Test
  void everyAnswer_hasTheSecurityHeaders_andAJsonBody_errorsIncluded() throws Exception {
    for (Answer a : List.of(server.get("/ui/me", null), server.get("/openapi.yaml", null),
        server.get("/nowhere", null), server.get("/v1/traces", "nora_wrong"),
        server.send("DELETE", "/v1/ingest", TestServer.KEY, null, null))) {
      assertThat(a.raw().headers().firstValue("X-Content-Type-Options")).as(a.raw().uri() + "").contains("nosniff");
      assertThat(a.raw().headers().firstValue("Content-Security-Policy")).isPresent();
      assertThat(a.raw().headers().firstValue("X-Frame-Options")).contains("DENY");
    }
    // A path Jetty itself refuses: still JSON, still the headers.
    try (Socket s = new Socket("127.0.0.1", server.app.port())) {
      s.getOutputStream().write("GET /v1/traces/%00 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 400").contains("application/json")
          .contains("X-Content-Type-Options: nosniff").contains("{\"detail\":\"Bad Request");
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      line.append((char) c);
    }
    return line.toString();
  }
}
