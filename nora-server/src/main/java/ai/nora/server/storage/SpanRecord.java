package ai.nora.server.storage;

import java.util.Objects;

/**
 * A span as written: the columns queries filter and sum on, and the whole item as JSON.
 *
 * @param traceId trace id
 * @param id span id
 * @param parentId parent span id, or null
 * @param type group, generation, embedding, tool, agent or custom
 * @param name name
 * @param status success or error
 * @param startUs start, microseconds since the epoch
 * @param endUs end, microseconds since the epoch
 * @param provider LLM provider, or null
 * @param model model, or null
 * @param inputTokens input tokens, or null
 * @param outputTokens output tokens, or null
 * @param totalTokens total tokens, or null
 * @param cachedTokens cached input tokens, or null
 * @param reasoningTokens reasoning tokens, or null
 * @param cost cost in USD, or null
 * @param bodyJson the whole span item as JSON text
 */
public record SpanRecord(
    String traceId,
    String id,
    String parentId,
    String type,
    String name,
    String status,
    long startUs,
    long endUs,
    String provider,
    String model,
    Long inputTokens,
    Long outputTokens,
    Long totalTokens,
    Long cachedTokens,
    Long reasoningTokens,
    Double cost,
    String bodyJson) {

  /** A span of {@code traceId} with id {@code id}; type, name, status, times and body are required. */
  public static Builder builder(String traceId, String id) {
    return new Builder(traceId, id);
  }

  /** Builds a {@link SpanRecord} by name rather than by 17 positions. */
  public static final class Builder {
    private final String traceId;
    private final String id;
    private String parentId;
    private String type;
    private String name;
    private String status;
    private Long startUs;
    private Long endUs;
    private String provider;
    private String model;
    private Long inputTokens;
    private Long outputTokens;
    private Long totalTokens;
    private Long cachedTokens;
    private Long reasoningTokens;
    private Double cost;
    private String bodyJson;

    private Builder(String traceId, String id) {
      this.traceId = traceId;
      this.id = id;
    }

    /** The parent span's id; null (the default) for a root. */
    public Builder parent(String value) {
      this.parentId = value;
      return this;
    }

    /** group, generation, embedding, tool, agent, retrieval or custom. */
    public Builder type(String value) {
      this.type = value;
      return this;
    }

    /** Its name. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** success or error. */
    public Builder status(String value) {
      this.status = value;
      return this;
    }

    /** Its start and end, microseconds since the epoch. */
    public Builder time(long start, long end) {
      this.startUs = start;
      this.endUs = end;
      return this;
    }

    /** An LLM call's provider and model; null for other spans. */
    public Builder model(String provider, String model) {
      this.provider = provider;
      this.model = model;
      return this;
    }

    /** An LLM call's input, output and total tokens; null where unknown. */
    public Builder tokens(Long input, Long output, Long total) {
      this.inputTokens = input;
      this.outputTokens = output;
      this.totalTokens = total;
      return this;
    }

    /** Of the input, the tokens read from the provider's cache; of the output, reasoning tokens. */
    public Builder cachedAndReasoning(Long cached, Long reasoning) {
      this.cachedTokens = cached;
      this.reasoningTokens = reasoning;
      return this;
    }

    /** An LLM call's cost in USD; null when unpriced. */
    public Builder cost(Double value) {
      this.cost = value;
      return this;
    }

    /** The whole item as JSON. */
    public Builder body(String json) {
      this.bodyJson = json;
      return this;
    }

    /** The record. */
    public SpanRecord build() {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(startUs, "time");
      Objects.requireNonNull(bodyJson, "body");
      return new SpanRecord(traceId, id, parentId, type, name, status, startUs, endUs, provider, model,
          inputTokens, outputTokens, totalTokens, cachedTokens, reasoningTokens, cost, bodyJson);
    }
  }
}
