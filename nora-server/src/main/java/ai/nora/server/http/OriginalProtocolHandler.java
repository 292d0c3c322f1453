package ai.nora.server.http;

import ai.nora.server.ingest.original.OriginalProtocolService;
import io.javalin.http.Context;

/** The original Nora protocol's routes, answering with the original README's shapes. */
final class OriginalProtocolHandler {
  private final OriginalProtocolService service;
  private final Bodies bodies;

  OriginalProtocolHandler(OriginalProtocolService service, Bodies bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  void createTrace(Context ctx) {
    Answers.json(ctx, 201, Views.trace(service.createTrace(AuthHandler.project(ctx), bodies.json(ctx))));
  }

  void createExecution(Context ctx) {
    Answers.json(ctx, 201, service.createExecution(AuthHandler.project(ctx), bodies.json(ctx)));
  }

  /** {@code POST /v1}: the client's batch; 200, or 207 naming each refused call. */
  void postBatch(Context ctx) {
    Answers.itemResult(ctx, service.postBatch(AuthHandler.project(ctx), bodies.json(ctx)));
  }

  void patchTrace(Context ctx) {
    Answers.json(ctx, 200, Views.trace(
        service.patchTrace(AuthHandler.project(ctx), ctx.pathParam("id"), bodies.json(ctx))));
  }
}
