package ai.nora.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trace group: a named block of work whose LLM calls belong together. Keeps the group's
 * metadata, input and output, and the aggregates the dashboard shows for it: number of LLM
 * calls, tokens, cost and errors of every generation inside it, nested groups included.
 */
public final class GroupSpanData extends SpanData {
  private Map<String, Object> metadata;
  private Object input;
  private Object output;
  private final Aggregate aggregate = new Aggregate();

  /** Group data with the given metadata (copied; may be null). */
  public GroupSpanData(Map<String, ?> metadata) {
    this.metadata =
        metadata == null || metadata.isEmpty() ? Map.of() : new LinkedHashMap<>(metadata);
  }

  @Override
  public String type() {
    return "group";
  }

  /** The group's metadata. */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** The group's input, or null. */
  public Object input() {
    return input;
  }

  /** The group's output, or null. */
  public Object output() {
    return output;
  }

  /** Sets the input. */
  public GroupSpanData input(Object value) {
    if (!open()) {
      return this;
    }
    this.input = value;
    return this;
  }

  /** Sets the output. */
  public GroupSpanData output(Object value) {
    if (!open()) {
      return this;
    }
    this.output = value;
    return this;
  }

  /** Adds one metadata entry. */
  public GroupSpanData putMetadata(String key, Object value) {
    if (!open()) {
      return this;
    }
    if (!(metadata instanceof LinkedHashMap)) {
      metadata = new LinkedHashMap<>(metadata);
    }
    metadata.put(key, value);
    return this;
  }

  /** The LLM calls, tokens, cost and errors of everything inside this group. */
  public Aggregate aggregate() {
    return aggregate;
  }

  @Override
  @SuppressWarnings("unchecked")
  void applyPolicy(ContentPolicy policy) {
    metadata = (Map<String, Object>) policy.metadata(metadata);
    input = policy.content(input);
    output = policy.content(output);
  }
}
