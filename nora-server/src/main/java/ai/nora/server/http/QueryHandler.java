package ai.nora.server.http;

import ai.nora.server.query.QueryService;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The read routes and scores. */
final class QueryHandler {
  private final QueryService queries;
  private final Bodies bodies;

  QueryHandler(QueryService queries, Bodies bodies) {
    this.queries = queries;
    this.bodies = bodies;
  }

  void traces(Context ctx) {
    Answers.json(ctx, 200, queries.traces(AuthHandler.project(ctx), params(ctx)));
  }

  void trace(Context ctx) {
    Answers.json(ctx, 200, queries.trace(AuthHandler.project(ctx), ctx.pathParam("id")));
  }

  void sessions(Context ctx) {
    Answers.json(ctx, 200, queries.sessions(AuthHandler.project(ctx), params(ctx)));
  }

  void session(Context ctx) {
    Answers.json(ctx, 200, queries.session(AuthHandler.project(ctx), ctx.pathParam("id")));
  }

  void environments(Context ctx) {
    Answers.json(ctx, 200, queries.environments(AuthHandler.project(ctx)));
  }

  void metrics(Context ctx) {
    Answers.json(ctx, 200, queries.metrics(AuthHandler.project(ctx), params(ctx)));
  }

  void addScore(Context ctx) {
    Answers.json(ctx, 201, queries.addScore(AuthHandler.project(ctx), bodies.json(ctx)));
  }

  /** Query parameters, first value each; empty values count as absent. */
  static Map<String, String> params(Context ctx) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
      if (!e.getValue().isEmpty() && !e.getValue().get(0).isBlank()) {
        out.put(e.getKey(), e.getValue().get(0));
      }
    }
    return out;
  }
}
