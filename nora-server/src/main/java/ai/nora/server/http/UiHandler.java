package ai.nora.server.http;

import ai.nora.server.ApiException;
import ai.nora.server.ApiKeys;
import ai.nora.server.storage.KeyStore;
import ai.nora.server.ui.UiSessions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The dashboard's sign-in: an API key of a project (that project's data), or the administrator
 * password set at start (every project). The session lives in a cookie that scripts cannot read
 * ({@code HttpOnly}) and other sites cannot send ({@code SameSite=Strict}).
 */
final class UiHandler {
  static final String COOKIE = "nora_session";

  private final ApiKeys keys;
  private final KeyStore keyStore;
  private final UiSessions sessions;
  private final String adminPassword;
  private final FailureThrottle throttle = new FailureThrottle(10, 10 * 60_000L);
  private final Bodies bodies;

  UiHandler(ApiKeys keys, KeyStore keyStore, UiSessions sessions, String adminPassword, Bodies bodies) {
    this.keys = keys;
    this.keyStore = keyStore;
    this.sessions = sessions;
    this.adminPassword = adminPassword;
    this.bodies = bodies;
  }

  /**
   * {@code POST /ui/login}: JSON only, and from this server's own pages only. A form or a
   * {@code text/plain} post from another site (which a browser sends without asking) could
   * otherwise sign a visitor in to an attacker's project.
   */
  void login(Context ctx) {
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
    if (!type.startsWith("application/json")) {
      throw new ApiException(415, "Content-Type: sign-in takes application/json");
    }
    if (crossSite(ctx)) {
      throw new ApiException(403, "Forbidden: sign-in is only taken from this server's own pages");
    }
    JsonNode body = bodies.json(ctx);
    String address = ctx.ip();
    long wait = throttle.retryAfterSeconds(address);
    if (wait > 0) {
      ctx.header("Retry-After", String.valueOf(wait));
      throw new ApiException(429, "Too many failed sign-ins from this address; try again in " + wait + " s");
    }
    try {
      signIn(ctx, body);
      throttle.succeeded(address);
    } catch (ApiException e) {
      if (e.status() == 401) {
        throttle.failed(address);
      }
      throw e;
    }
  }

  private void signIn(Context ctx, JsonNode body) {
    String apiKey = text(body, "api_key");
    String password = text(body, "password");
    String project;
    if (apiKey != null) {
      project = keys.projectOf(apiKey).orElseThrow(() -> new ApiException(401, "Sign-in failed: unknown or revoked API key"));
    } else if (password != null) {
      if (adminPassword == null) {
        throw new ApiException(401, "Sign-in failed: no administrator password is set on this server (NORA_ADMIN_PASSWORD); sign in with an API key");
      }
      if (!same(password, adminPassword)) {
        throw new ApiException(401, "Sign-in failed: wrong administrator password");
      }
      project = null;
    } else {
      throw ApiException.badRequest("api_key or password: one is required");
    }
    Cookie cookie = new Cookie(COOKIE, sessions.open(project, apiKey == null ? null : ApiKeys.hash(apiKey)));
    cookie.setHttpOnly(true);
    cookie.setSameSite(SameSite.STRICT);
    cookie.setPath("/");
    cookie.setMaxAge((int) UiSessions.TTL.toSeconds());
    cookie.setSecure("https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")) || ctx.scheme().equals("https"));
    ctx.cookie(cookie);
    Answers.json(ctx, 200, me(sessions.find(cookie.getValue()).orElseThrow()));
  }

  void logout(Context ctx) {
    sessions.close(ctx.cookie(COOKIE));
    ctx.removeCookie(COOKIE, "/");
    Answers.json(ctx, 200, JsonNodeFactory.instance.objectNode().put("signed_in", false));
  }

  void me(Context ctx) {
    Optional<UiSessions.Session> s = sessions.find(ctx.cookie(COOKIE));
    if (s.isEmpty()) {
      throw new ApiException(401, "Unauthorized");
    }
    Answers.json(ctx, 200, me(s.get()));
  }

  private ObjectNode me(UiSessions.Session s) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("signed_in", true);
    o.put("admin", s.admin());
    ArrayNode projects = o.putArray("projects");
    for (KeyStore.Project p : keyStore.projects()) {
      if (s.admin() || p.id().equals(s.projectId())) {
        projects.addObject().put("id", p.id()).put("name", p.name());
      }
    }
    return o;
  }

  /** Whether the browser says the request comes from another site than this server. */
  private static boolean crossSite(Context ctx) {
    String fetchSite = ctx.header("Sec-Fetch-Site");
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      return true;
    }
    String origin = ctx.header("Origin");
    if (origin == null || origin.equals("null") && fetchSite == null) {
      return origin != null;
    }
    String host = ctx.header("Host");
    try {
      java.net.URI o = java.net.URI.create(origin);
      String originHost = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
      return host == null || !host.equalsIgnoreCase(originHost);
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body == null ? null : body.get(field);
    return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText().strip();
  }

  /** Compares in time that does not depend on where the strings differ. */
  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
