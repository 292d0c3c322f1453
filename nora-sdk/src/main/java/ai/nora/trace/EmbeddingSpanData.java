package ai.nora.trace;

import java.util.ArrayList;
import java.util.List;

/** An embeddings call: provider, model, the texts embedded, vector size, usage and cost. */
public final class EmbeddingSpanData extends SpanData {
  private final String provider;
  private final String model;
  private List<String> input = List.of();
  private Integer dimensions;
  private Integer vectorCount;
  private Usage usage;
  private Double cost;

  /** An embeddings call to {@code provider} with {@code model}. */
  public EmbeddingSpanData(String provider, String model) {
    this.provider = provider;
    this.model = model;
  }

  @Override
  public String type() {
    return "embedding";
  }

  /** The provider. */
  public String provider() {
    return provider;
  }

  /** The model. */
  public String model() {
    return model;
  }

  /** The texts embedded. */
  public List<String> input() {
    return input;
  }

  /** The usage, or null. */
  public Usage usage() {
    return usage;
  }

  /** The cost in USD, or null. */
  public Double cost() {
    return cost;
  }

  /** Sets the texts embedded. */
  public EmbeddingSpanData input(List<String> value) {
    if (!open()) {
      return this;
    }
    this.input = value == null ? List.of() : new ArrayList<>(value);
    return this;
  }

  /** Sets the size of each vector returned. */
  /** The vectors' dimension, when known. */
  public Integer dimensions() {
    return dimensions;
  }

  /** How many vectors came back. */
  public Integer vectorCount() {
    return vectorCount;
  }

  public EmbeddingSpanData dimensions(Integer value) {
    if (!open()) {
      return this;
    }
    this.dimensions = value;
    return this;
  }

  /** Sets how many vectors came back. */
  public EmbeddingSpanData vectorCount(Integer value) {
    if (!open()) {
      return this;
    }
    this.vectorCount = value;
    return this;
  }

  /** Sets the usage. */
  public EmbeddingSpanData usage(Usage value) {
    if (!open()) {
      return this;
    }
    this.usage = value;
    return this;
  }

  /** Sets the cost; when never set, Nora prices the call from its price table. */
  public EmbeddingSpanData cost(Double value) {
    if (!open()) {
      return this;
    }
    this.cost = value;
    return this;
  }

  @Override
  void applyPolicy(ContentPolicy policy) {
    if (input == null || input.isEmpty()) {
      return;
    }
    if (!policy.captureContent()) {
      input = null;
      return;
    }
    List<String> out = new ArrayList<>(input.size());
    for (String s : input) {
      out.add(policy.text(s));
    }
    input = out;
  }
}
