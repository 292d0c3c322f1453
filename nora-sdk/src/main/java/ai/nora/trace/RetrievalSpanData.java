package ai.nora.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A retrieval for an LLM call (RAG): the query and the documents found, each with its text, its
 * score where the store gives one, and its source metadata. Query and texts are content: kept,
 * masked and cut as the content policy says.
 */
public final class RetrievalSpanData extends SpanData {
  private Object query;
  private List<Map<String, Object>> documents = List.of();
  private int documentCount;

  /** A retrieval for {@code query} (a text, or the texts of several queries). */
  public RetrievalSpanData(Object query) {
    this.query = query;
  }

  @Override
  public String type() {
    return "retrieval";
  }

  /** What was searched for. */
  public Object query() {
    return query;
  }

  /** The documents found, in the order given: {@code text}, and {@code score}, {@code metadata} where known. */
  public List<Map<String, Object>> documents() {
    return documents;
  }

  /** How many documents were found (also when content capture is off). */
  public int documentCount() {
    return documentCount;
  }

  /** Adds one document found. */
  public RetrievalSpanData document(String text, Double score, Map<String, ?> metadata) {
    if (!open()) {
      return this;
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("text", text);
    if (score != null) {
      d.put("score", score);
    }
    if (metadata != null && !metadata.isEmpty()) {
      d.put("metadata", new LinkedHashMap<>(metadata));
    }
    if (!(documents instanceof ArrayList)) {
      documents = new ArrayList<>(documents);
    }
    documents.add(d);
    documentCount++;
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  void applyPolicy(ContentPolicy policy) {
    query = policy.content(query);
    Object kept = policy.content(documents);
    documents = kept == null ? List.of() : (List<Map<String, Object>>) kept;
  }
}
