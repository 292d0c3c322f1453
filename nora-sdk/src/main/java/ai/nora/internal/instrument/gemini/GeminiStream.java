package ai.nora.internal.instrument.gemini;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.StreamAssembler;
import ai.nora.trace.GenerationSpanData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.JsonSerializable;

/**
 * Assembles a streamed generateContent: every chunk is a partial response whose parts continue
 * the previous ones, and whose usage and finish reason (in the last) are final. The assembled
 * response is the last chunk with all the parts seen, consecutive texts joined. Chunks come as
 * the API's JSON (from the HTTP wrapper) or as the SDK's objects (from woven code). This class is
 * internal and is hence not for public use.
 */
final class GeminiStream implements StreamAssembler<Object> {
  private final LlmCall call;
  private final ArrayNode parts = JsonSerializable.objectMapper().createArrayNode();
  private JsonNode last;

  GeminiStream(LlmCall call) {
    this.call = call;
  }

  @Override
  public synchronized void onItem(Object chunk) {
    JsonNode c = chunk instanceof JsonNode ? (JsonNode) chunk : JsonSerializable.toJsonNode(chunk);
    last = c;
    for (JsonNode part : c.path("candidates").path(0).path("content").path("parts")) {
      call.firstToken();
      JsonNode previous = parts.size() == 0 ? null : parts.get(parts.size() - 1);
      boolean sameKindOfText = previous != null && previous.has("text") && part.has("text")
          && previous.path("thought").asBoolean(false) == part.path("thought").asBoolean(false);
      if (sameKindOfText) {
        ((ObjectNode) previous).put("text", previous.get("text").asText() + part.get("text").asText());
      } else {
        parts.add(part.deepCopy());
      }
    }
  }

  @Override
  public synchronized void fill(GenerationSpanData d) {
    if (last == null) {
      return;
    }
    ObjectNode whole = last.deepCopy();
    JsonNode candidate = whole.path("candidates").path(0);
    if (candidate.isObject()) {
      JsonNode content = candidate.get("content");
      if (content == null || !content.isObject()) {
        content = ((ObjectNode) candidate).putObject("content").put("role", "model");
      }
      ((ObjectNode) content).set("parts", parts);
    }
    GeminiAdapter.responseJson(d, whole);
  }
}
