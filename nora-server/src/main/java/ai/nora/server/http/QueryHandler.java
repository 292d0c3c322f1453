package ai.nora.server.http;

import ai.nora.server.query.QueryService;
import io.javalin.http.Context;

/** The read routes and scores: parameters parsed, the service asked, its answer rendered. */
final class QueryHandler {
  private final QueryService queries;
  private final Bodies bodies;

  QueryHandler(QueryService queries, Bodies bodies) {
    this.queries = queries;
    this.bodies = bodies;
  }

  void traces(Context ctx) {
    QueryParams p = QueryParams.of(ctx);
    var page = queries.traces(AuthHandler.project(ctx), p.traceFilters(), p.text("cursor"), p.flag("totals"));
    Answers.json(ctx, 200, Views.tracePage(page));
  }

  void trace(Context ctx) {
    Answers.json(ctx, 200, Views.traceDetail(queries.trace(AuthHandler.project(ctx), ctx.pathParam("id"))));
  }

  void sessions(Context ctx) {
    QueryParams p = QueryParams.of(ctx);
    var page = queries.sessions(AuthHandler.project(ctx), p.text("environment"), p.limit(), p.text("cursor"));
    Answers.json(ctx, 200, Views.sessionPage(page));
  }

  void session(Context ctx) {
    String id = ctx.pathParam("id");
    Answers.json(ctx, 200, Views.session(id, queries.session(AuthHandler.project(ctx), id)));
  }

  void environments(Context ctx) {
    Answers.json(ctx, 200, Views.environments(queries.environments(AuthHandler.project(ctx))));
  }

  void metrics(Context ctx) {
    var report = queries.metrics(AuthHandler.project(ctx), QueryParams.of(ctx).metricsWindow());
    Answers.json(ctx, 200, Views.metrics(report));
  }

  void addScore(Context ctx) {
    var score = QueryParams.score(bodies.json(ctx));
    Answers.json(ctx, 201, Views.score(queries.addScore(AuthHandler.project(ctx), score)));
  }
}
