package ai.nora.server.http;

import ai.nora.server.ApiException;
import ai.nora.server.ServerConfig;
import ai.nora.server.ingest.InvalidItem;
import ai.nora.server.storage.StorageException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every route of the server, with authentication, limits and error answers. */
public final class Routes {
  private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

  /** Sent with every answer: pages, JSON, errors, Jetty's own. */
  static final Map<String, String> SECURITY_HEADERS = Map.of(
      "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "same-origin",
      "X-Frame-Options", "DENY");
  /** Largest sign-in body: a key or a password. */
  static final long MAX_SIGN_IN_BYTES = 16 * 1024;
  /** Sign-ins read at once; more are refused at once (they need no key, so anyone can send them). */
  static final int SIGN_IN_AT_ONCE = 8;
  /**
   * The slowest a client may send a body, bytes per second: a body trickled a byte every few
   * seconds would otherwise hold a thread for as long as the client likes.
   */
  static final long MIN_REQUEST_DATA_RATE = 1024;

  private final JavalinConfig config;
  /** Each route's path (as a pattern) and method, to answer 405 with the methods allowed. */
  private final List<Map.Entry<Pattern, String>> table = new ArrayList<>();

  private Routes(JavalinConfig config) {
    this.config = config;
  }

  /**
   * Registers the API, the dashboard and the server's limits on a Javalin configuration: each
   * route's handler over {@code services}, with the body, concurrency and sign-in limits of
   * {@code settings}.
   */
  public static void install(JavalinConfig config, ServerConfig settings, Services services) {
    new Routes(config).register(settings, services);
  }

  private void register(ServerConfig settings, Services services) {
    Bodies bodies = new Bodies(settings.maxBodyBytes(), settings.maxDecompressedBytes());
    IngestGate ingestGate = new IngestGate(settings.maxConcurrentIngest(), 2_000, "requests");
    IngestGate signInGate = new IngestGate(SIGN_IN_AT_ONCE, 0, "sign-ins");
    IngestHandler ingest = new IngestHandler(services.ingest(), services.otlp(), bodies);
    OriginalProtocolHandler original = new OriginalProtocolHandler(services.original(), bodies);
    QueryHandler query = new QueryHandler(services.query(), bodies);
    AuthHandler auth = new AuthHandler(services.keys(), services.sessions(), services.keyStore());
    UiHandler ui = new UiHandler(services.keys(), services.keyStore(), services.sessions(), settings.adminPassword(),
        new Bodies(MAX_SIGN_IN_BYTES, MAX_SIGN_IN_BYTES));

    // The dashboard: static pages reading the JSON API. Its scripts and styles come from this
    // server only, and nothing inline runs: the policy is a second wall behind escaping.
    config.staticFiles.add(sf -> {
      sf.hostedPath = "/";
      sf.directory = "/dashboard";
      sf.location = io.javalin.http.staticfiles.Location.CLASSPATH;
      sf.headers = SECURITY_HEADERS;
    });
    config.jetty.modifyServletContextHandler(h -> h.addFilter(new FilterHolder(securityHeaders()), "/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC)));
    config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    config.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE));

    config.router.ignoreTrailingSlashes = true;
    config.http.prefer405over404 = true;
    config.http.maxRequestSize = settings.maxBodyBytes();
    var r = config.routes;
    r.before("/v1", auth);
    r.before("/v1/*", auth);
    r.before("/otlp/*", auth);
    r.before("/api/public/otel/*", auth);
    route("GET", "/v1/health", ctx -> {
      boolean ok = services.health().get().ok();
      Answers.json(ctx, ok ? 200 : 503,
          JsonNodeFactory.instance.objectNode().put("status", ok ? "ok" : "unavailable"));
    });
    route("POST", "/v1/ingest", ingestGate.guard(ingest::batch));
    route("POST", "/otlp/v1/traces", ingestGate.guard(ingest::otlp));
    route("POST", "/otlp/v1/logs", ingestGate.guard(ingest::otlpLogs));
    // Langfuse's SDK sends OTLP here by default: pointed at Nora, it needs no other change.
    route("POST", "/api/public/otel/v1/traces", ingestGate.guard(ingest::otlp));
    route("POST", "/v1", ingestGate.guard(original::postBatch));
    route("POST", "/v1/traces", ingestGate.guard(original::createTrace));
    route("PATCH", "/v1/traces/{id}", ingestGate.guard(original::patchTrace));
    route("POST", "/v1/executions", ingestGate.guard(original::createExecution));
    route("GET", "/v1/traces", query::traces);
    route("GET", "/v1/traces/{id}", query::trace);
    route("GET", "/v1/sessions", query::sessions);
    route("GET", "/v1/sessions/{id}", query::session);
    route("GET", "/v1/metrics", query::metrics);
    route("GET", "/v1/environments", query::environments);
    route("POST", "/v1/scores", query::addScore);
    route("GET", "/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi()));
    route("POST", "/ui/login", signInGate.guard(ui::login));
    route("POST", "/ui/logout", ui::logout);
    route("GET", "/ui/me", ui::me);

    r.exception(ApiException.class, (e, ctx) -> Answers.detail(ctx, e.status(), e.getMessage()));
    r.exception(InvalidItem.class, (e, ctx) -> Answers.detail(ctx, 400, e.getMessage()));
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
    r.error(405, ctx -> {
      String allowed = String.join(", ", allowed(ctx.path()));
      ctx.header("Allow", allowed);
      Answers.detail(ctx, 405, "Method Not Allowed: " + ctx.method() + " " + ctx.path() + "; allowed: " + allowed);
    });
  }

  private void route(String method, String path, Handler handler) {
    switch (method) {
      case "GET" -> config.routes.get(path, handler);
      case "POST" -> config.routes.post(path, handler);
      case "PATCH" -> config.routes.patch(path, handler);
      default -> throw new IllegalArgumentException(method);
    }
    String regex = "\\Q" + path.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E/?";
    table.add(Map.entry(Pattern.compile(regex.replace("\\Q\\E", "")), method));
  }

  /** The methods of the routes at {@code path}, sorted. */
  private TreeSet<String> allowed(String path) {
    TreeSet<String> methods = new TreeSet<>();
    for (Map.Entry<Pattern, String> e : table) {
      if (e.getKey().matcher(path).matches()) {
        methods.add(e.getValue());
      }
    }
    return methods;
  }

  /** The security headers on every answer that passes the servlet, errors included. */
  private static Filter securityHeaders() {
    return (request, response, chain) -> {
      if (response instanceof HttpServletResponse http) {
        SECURITY_HEADERS.forEach(http::setHeader);
      }
      chain.doFilter(request, response);
    };
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
