package ai.nora.server.http;

import ai.nora.server.ApiException;
import ai.nora.server.ApiKeys;
import ai.nora.server.ingest.IngestService;
import ai.nora.server.ingest.original.OriginalProtocolService;
import ai.nora.server.ingest.OtlpService;
import ai.nora.server.query.QueryService;
import ai.nora.server.storage.Store;
import ai.nora.server.storage.StorageException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every route of the server, with authentication and error answers. */
public final class Routes {
  private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

  /** Sent with every page and answer the dashboard reads. */
  static final java.util.Map<String, String> SECURITY_HEADERS = java.util.Map.of(
      "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "same-origin",
      "X-Frame-Options", "DENY");

  private Routes() {}

  /** Registers the API on a Javalin configuration. */
  public static void install(JavalinConfig config, Store store, ApiKeys keys, long maxBodyBytes,
      ai.nora.cost.PriceTable prices, ai.nora.server.storage.KeyStore keyStore, String adminPassword) {
    Bodies bodies = new Bodies(maxBodyBytes);
    IngestHandler ingest = new IngestHandler(new IngestService(store, prices),
        new OtlpService(store, prices), bodies);
    OriginalProtocolHandler original =
        new OriginalProtocolHandler(new OriginalProtocolService(store, prices), bodies);
    QueryHandler query = new QueryHandler(new QueryService(store), bodies);
    ai.nora.server.ui.UiSessions sessions = new ai.nora.server.ui.UiSessions();
    AuthHandler auth = new AuthHandler(keys, sessions, keyStore);
    UiHandler ui = new UiHandler(keys, keyStore, sessions, adminPassword);

    // The dashboard: static pages reading the JSON API. Its scripts and styles come from this
    // server only, and nothing inline runs: the policy is a second wall behind escaping.
    config.staticFiles.add(sf -> {
      sf.hostedPath = "/";
      sf.directory = "/dashboard";
      sf.location = io.javalin.http.staticfiles.Location.CLASSPATH;
      sf.headers = SECURITY_HEADERS;
    });

    config.router.ignoreTrailingSlashes = true;
    config.http.maxRequestSize = maxBodyBytes;
    var r = config.routes;
    r.before("/v1", auth);
    r.before("/v1/*", auth);
    r.before("/otlp/*", auth);
    r.get("/v1/health", ctx -> {
      boolean ok = store.isHealthy();
      Answers.json(ctx, ok ? 200 : 503,
          JsonNodeFactory.instance.objectNode().put("status", ok ? "ok" : "unavailable"));
    });
    r.post("/v1/ingest", ingest::batch);
    r.post("/otlp/v1/traces", ingest::otlp);
    r.post("/v1", original::postBatch);
    r.post("/v1/traces", original::createTrace);
    r.patch("/v1/traces/{id}", original::patchTrace);
    r.post("/v1/executions", original::createExecution);
    r.get("/v1/traces", query::traces);
    r.get("/v1/traces/{id}", query::trace);
    r.get("/v1/sessions", query::sessions);
    r.get("/v1/sessions/{id}", query::session);
    r.get("/v1/metrics", query::metrics);
    r.get("/v1/environments", query::environments);
    r.post("/v1/scores", query::addScore);
    r.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi()));
    r.post("/ui/login", ctx -> ui.login(ctx, bodies.json(ctx)));
    r.post("/ui/logout", ui::logout);
    r.get("/ui/me", ui::me);
    r.after("/v1/*", ctx -> SECURITY_HEADERS.forEach(ctx::header));

    r.exception(ApiException.class, (e, ctx) -> Answers.detail(ctx, e.status(), e.getMessage()));
    r.exception(ai.nora.server.ingest.InvalidItem.class, (e, ctx) -> Answers.detail(ctx, 400, e.getMessage()));
    r.exception(HttpResponseException.class, (e, ctx) -> Answers.detail(ctx, e.getStatus(), e.getMessage()));
    r.exception(StorageException.class, (e, ctx) -> {
      LOG.warn("database error on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
      ctx.header("Retry-After", "5");
      Answers.detail(ctx, 503, "the database is unavailable; nothing was stored, retry later");
    });
    r.exception(Exception.class, (e, ctx) -> {
      LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
      Answers.detail(ctx, 500, "internal error; nothing was stored; see the server log");
    });
    r.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty() || !"application/json".equals(ctx.contentType())) {
        Answers.detail(ctx, 404, "Not Found: " + ctx.method() + " " + ctx.path());
      }
    });
    r.error(405, ctx -> Answers.detail(ctx, 405, "Method Not Allowed: " + ctx.method() + " " + ctx.path()));
  }

  private static byte[] openApi() throws IOException {
    try (InputStream in = Routes.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw ApiException.notFound("openapi.yaml is missing from this build");
      }
      return in.readAllBytes();
    }
  }
}
