package ai.nora.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import ai.nora.server.ingest.IngestResult;
import ai.nora.server.ingest.ItemError;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** Writes JSON answers. */
final class Answers {
  private Answers() {}

  static void json(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).contentType("application/json").result(Bodies.JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What became of a batch: 200 when every item was stored, 207 naming each refused one. */
  static void itemResult(Context ctx, IngestResult result) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("accepted", result.accepted());
    out.put("rejected", result.rejected());
    ArrayNode errors = out.putArray("errors");
    for (ItemError e : result.errors()) {
      ObjectNode o = errors.addObject();
      o.put("index", e.index());
      o.put("kind", e.kind());
      o.put("id", e.id());
      o.put("detail", e.detail());
    }
    json(ctx, result.rejected() == 0 ? 200 : 207, out);
  }

  static void detail(Context ctx, int status, String detail) {
    json(ctx, status, JsonNodeFactory.instance.objectNode().put("detail", detail));
  }
}
