package ai.nora.server.http;

import ai.nora.server.ingest.IngestService;
import ai.nora.server.ingest.otlp.OtlpService;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * {@code POST /v1/ingest} (Nora batches), {@code POST /otlp/v1/traces} and {@code /otlp/v1/logs}
 * (OTLP/HTTP; the traces route also at Langfuse's path, {@code /api/public/otel/v1/traces}).
 */
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

  /** OTLP spans: protobuf or JSON by Content-Type; refused spans reported as partial success. */
  void otlp(Context ctx) {
    otlpRequest(ctx, false);
  }

  /** OTLP log records (GenAI events), as {@link #otlp} does spans. */
  void otlpLogs(Context ctx) {
    otlpRequest(ctx, true);
  }

  private void otlpRequest(Context ctx, boolean logs) {
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
    String project = AuthHandler.project(ctx);
    if (type.startsWith("application/json")) {
      OtlpService.Result r = logs ? otlp.ingestLogsJson(project, bodies.json(ctx))
          : otlp.ingestJson(project, bodies.json(ctx));
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      if (r.rejected() > 0) {
        out.putObject("partialSuccess").put(logs ? "rejectedLogRecords" : "rejectedSpans", r.rejected())
            .put("errorMessage", r.firstError());
      }
      Answers.json(ctx, 200, out);
    } else if (type.startsWith("application/x-protobuf") || type.startsWith("application/protobuf")) {
      byte[] body = bodies.bytes(ctx);
      byte[] response;
      if (logs) {
        OtlpService.Result r = otlp.ingestLogsProtobuf(project, body);
        ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
        if (r.rejected() > 0) {
          b.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
              .setRejectedLogRecords(r.rejected()).setErrorMessage(r.firstError()));
        }
        response = b.build().toByteArray();
      } else {
        OtlpService.Result r = otlp.ingestProtobuf(project, body);
        ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
        if (r.rejected() > 0) {
          b.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(r.rejected()).setErrorMessage(r.firstError()));
        }
        response = b.build().toByteArray();
      }
      ctx.status(200).contentType("application/x-protobuf").result(response);
    } else {
      Answers.detail(ctx, 415, "Content-Type: expected application/x-protobuf or application/json");
    }
  }
}
