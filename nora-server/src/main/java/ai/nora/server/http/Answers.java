package ai.nora.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

  static void detail(Context ctx, int status, String detail) {
    json(ctx, status, JsonNodeFactory.instance.objectNode().put("detail", detail));
  }
}
