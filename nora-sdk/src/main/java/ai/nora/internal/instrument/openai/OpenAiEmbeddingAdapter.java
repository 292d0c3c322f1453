package ai.nora.internal.instrument.openai;

import ai.nora.trace.EmbeddingSpanData;
import ai.nora.trace.SpanData;
import ai.nora.trace.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps embeddings onto embedding span data: the texts embedded (token arrays are counted, not
 * kept), how many vectors came back and their dimension, usage. The vectors themselves are not
 * recorded: they are large and say nothing a person reads. This class is internal and is hence
 * not for public use.
 */
final class OpenAiEmbeddingAdapter {
  private OpenAiEmbeddingAdapter() {}

  static EmbeddingSpanData request(EmbeddingCreateParams params) {
    JsonNode body = ObjectMappers.jsonMapper().valueToTree(params._body());
    EmbeddingSpanData d = new EmbeddingSpanData("openai", body.path("model").asText(null));
    JsonNode input = body.path("input");
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.asText());
    } else {
      for (JsonNode item : input) {
        texts.add(item.isTextual() ? item.asText() : "[" + item.size() + " tokens]");
      }
      if (!texts.isEmpty() && !input.path(0).isTextual() && !input.path(0).isArray()) {
        texts = List.of("[" + input.size() + " tokens]"); // one token array
      }
    }
    if (body.hasNonNull("dimensions")) {
      d.dimensions(body.get("dimensions").asInt());
    }
    return d.input(texts);
  }

  static void response(SpanData data, CreateEmbeddingResponse response) {
    // Typed getters here: converting the whole response to JSON would copy every vector.
    EmbeddingSpanData d = (EmbeddingSpanData) data;
    d.vectorCount(response.data().size());
    if (!response.data().isEmpty()) {
      response.data().get(0)._embedding().asKnown().ifPresent(v -> d.dimensions(v.size()));
    }
    long in = response.usage().promptTokens();
    d.usage(new Usage(in, 0L, response.usage().totalTokens(), null, null, null));
  }
}
