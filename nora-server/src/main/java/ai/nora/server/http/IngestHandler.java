package ai.nora.server.http;

import ai.nora.server.ingest.IngestService;
import ai.nora.server.ingest.OtlpService;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** {@code POST /v1/ingest} (Nora batches) and {@code POST /otlp/v1/traces} (OTLP/HTTP). */
final class IngestHandler {
  private final IngestService ingest;
  private final OtlpService otlp;
  private final Bodies bodies;

  IngestHandler(IngestService ingest, OtlpService otlp, Bodies bodies) {
    this.ingest = ingest;
    this.otlp = otlp;
    this.bodies = bodies;
  }

  /** 200 when every item was stored, 207 naming each refused one (the others are stored). */
  void batch(Context ctx) {
    Answers.itemResult(ctx, ingest.ingest(AuthHandler.project(ctx), bodies.json(ctx)));
  }

  /** OTLP: protobuf or JSON by Content-Type; refused spans reported as partial success. */
  void otlp(Context ctx) {
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
    String project = AuthHandler.project(ctx);
    if (type.startsWith("application/json")) {
      OtlpService.Result r = otlp.ingestJson(project, bodies.json(ctx));
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      if (r.rejected() > 0) {
        out.putObject("partialSuccess").put("rejectedSpans", r.rejected())
            .put("errorMessage", r.firstError());
      }
      Answers.json(ctx, 200, out);
    } else if (type.startsWith("application/x-protobuf") || type.startsWith("application/protobuf")) {
      OtlpService.Result r = otlp.ingestProtobuf(project, bodies.bytes(ctx));
      ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
      if (r.rejected() > 0) {
        response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
            .setRejectedSpans(r.rejected()).setErrorMessage(r.firstError()));
      }
      ctx.status(200).contentType("application/x-protobuf").result(response.build().toByteArray());
    } else {
      Answers.detail(ctx, 415, "Content-Type: expected application/x-protobuf or application/json");
    }
  }
}
