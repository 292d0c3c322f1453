package ai.nora.server.http;

import ai.nora.server.ApiKeys;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.Optional;

/**
 * Requires an API key on every API route but {@code /v1/health}: {@code Authorization: Bearer
 * <key>} or {@code X-API-Key: <key>}. The key's project is put on the request; every route reads
 * and writes that project only.
 */
final class AuthHandler implements Handler {
  static final String PROJECT = "nora.project";

  private final ApiKeys keys;

  AuthHandler(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  public void handle(Context ctx) {
    String path = ctx.path();
    if (path.equals("/v1/health") || path.equals("/v1/health/")) {
      return;
    }
    Optional<String> project = keys.projectOf(key(ctx));
    if (project.isEmpty()) {
      throw new HttpResponseException(401, "Unauthorized");
    }
    ctx.attribute(PROJECT, project.get());
  }

  static String project(Context ctx) {
    return ctx.attribute(PROJECT);
  }

  private static String key(Context ctx) {
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).strip();
    }
    String header = ctx.header("X-API-Key");
    return header == null ? null : header.strip();
  }
}
