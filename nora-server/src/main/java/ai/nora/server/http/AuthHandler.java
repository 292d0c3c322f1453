package ai.nora.server.http;

import ai.nora.server.ApiKeys;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import ai.nora.server.storage.KeyStore;
import ai.nora.server.ui.UiSessions;
import java.util.Optional;

/**
 * Requires an API key on every API route but {@code /v1/health}: {@code Authorization: Bearer
 * <key>} or {@code X-API-Key: <key>} (on Langfuse's OTLP path also {@code Authorization: Basic}
 * with the key as the password); or the dashboard's session cookie. The key's project is put
 * on the request; every route reads and writes that project only. A dashboard session of a key
 * sees that key's project; the administrator's picks one with {@code X-Nora-Project}. A request
 * the cookie authenticates must also carry {@code X-Nora-UI} unless it only reads: no other site
 * can send that header, so no other site can write through a signed-in browser.
 */
final class AuthHandler implements Handler {
  static final String PROJECT = "nora.project";
  static final String UI_HEADER = "X-Nora-UI";
  static final String PROJECT_HEADER = "X-Nora-Project";

  private final ApiKeys keys;
  private final UiSessions sessions;
  private final KeyStore keyStore;
  /** Unknown keys from one address: past 30 a minute, only keys already known pass. */
  private final FailureThrottle failures = new FailureThrottle(30, 60_000L);

  AuthHandler(ApiKeys keys, UiSessions sessions, KeyStore keyStore) {
    this.keys = keys;
    this.sessions = sessions;
    this.keyStore = keyStore;
  }

  @Override
  public void handle(Context ctx) {
    String path = ctx.path();
    if (path.equals("/v1/health") || path.equals("/v1/health/")) {
      return;
    }
    String key = key(ctx);
    if (key == null) {
      Optional<UiSessions.Session> session = sessions.find(ctx.cookie(UiHandler.COOKIE));
      if (session.isPresent()) {
        ctx.attribute(PROJECT, projectOf(ctx, session.get()));
        return;
      }
    }
    String address = ctx.ip();
    long wait = failures.retryAfterSeconds(address);
    Optional<String> project = wait > 0 ? keys.cachedProjectOf(key) : keys.projectOf(key);
    if (project.isEmpty()) {
      if (wait > 0) {
        ctx.header("Retry-After", String.valueOf(wait));
        throw new HttpResponseException(429, "Too many requests with unknown API keys from this address;"
            + " try again in " + wait + " s");
      }
      if (key != null) {
        failures.failed(address);
      }
      throw new HttpResponseException(401, "Unauthorized");
    }
    ctx.attribute(PROJECT, project.get());
  }

  private String projectOf(Context ctx, UiSessions.Session session) {
    if (!"GET".equals(ctx.method().name()) && ctx.header(UI_HEADER) == null) {
      throw new HttpResponseException(403, "Forbidden: a write from the dashboard needs the " + UI_HEADER + " header");
    }
    if (!session.admin()) {
      return session.projectId();
    }
    String wanted = ctx.header(PROJECT_HEADER);
    if (wanted == null || wanted.isBlank()) {
      wanted = "default";
    }
    for (KeyStore.Project p : keyStore.projects()) {
      if (p.id().equals(wanted)) {
        return p.id();
      }
    }
    throw new HttpResponseException(404, "Not Found: no project '" + wanted + "' (" + PROJECT_HEADER + ")");
  }

  static String project(Context ctx) {
    return ctx.attribute(PROJECT);
  }

  private static String key(Context ctx) {
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).strip();
    }
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)
        && ctx.path().startsWith("/api/public/otel/")) {
      return basicSecret(auth.substring(6).strip());
    }
    String header = ctx.header("X-API-Key");
    return header == null ? null : header.strip();
  }

  /**
   * Langfuse's SDK authenticates with Basic {@code publicKey:secretKey}: on its path, the secret
   * key is the Nora API key (the public key may be anything).
   */
  private static String basicSecret(String encoded) {
    try {
      String pair = new String(java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? null : pair.substring(colon + 1).strip();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
