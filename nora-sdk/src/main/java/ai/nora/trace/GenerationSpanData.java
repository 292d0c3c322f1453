package ai.nora.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An LLM call: which provider and model, with which parameters, what went in and came out,
 * which tools it asked for, how it finished, the tokens it used and what they cost.
 *
 * <p>Provider instrumentation fills this in; so can code that calls an LLM some other way:
 *
 * <pre>{@code
 * Span span = tracer.startSpan("my-llm", new GenerationSpanData("acme", "acme-large")
 *     .input(List.of(Message.of("user", prompt))));
 * ...
 * ((GenerationSpanData) span.data()).output(List.of(Message.of("assistant", text)))
 *     .usage(Usage.of(12, 40)).finishReason("stop");
 * span.end();
 * }</pre>
 */
public final class GenerationSpanData extends SpanData {
  private final String provider;
  private final String model;
  private String operation = "chat";
  private String responseModel;
  private Map<String, Object> parameters = Map.of();
  private List<Object> tools = List.of();
  private List<Message> input = List.of();
  private List<Message> output = List.of();
  private String finishReason;
  private Usage usage;
  private Double cost;
  private String responseId;
  private Long timeToFirstTokenNanos;
  private boolean stream;

  /**
   * A generation.
   *
   * @param provider {@code openai}, {@code anthropic}, {@code gemini} or another name
   * @param model the model requested
   */
  public GenerationSpanData(String provider, String model) {
    this.provider = provider;
    this.model = model;
  }

  @Override
  public String type() {
    return "generation";
  }

  /** The provider. */
  public String provider() {
    return provider;
  }

  /** The model requested. */
  public String model() {
    return model;
  }

  /** The model that answered, as the provider named it (often a dated variant), or null. */
  public String responseModel() {
    return responseModel;
  }

  /** The operation: {@code chat} (the default), {@code responses}, {@code generate_content}. */
  public String operation() {
    return operation;
  }

  /** The request parameters (temperature, max tokens, top-p, response format...). */
  public Map<String, Object> parameters() {
    return parameters;
  }

  /** The tool definitions offered to the model. */
  public List<Object> tools() {
    return tools;
  }

  /** The input messages. */
  public List<Message> input() {
    return input;
  }

  /** The output messages, one per choice or candidate. */
  public List<Message> output() {
    return output;
  }

  /** Every tool call in the output, in order. */
  public List<ToolCall> toolCalls() {
    List<ToolCall> calls = new ArrayList<>();
    if (output != null) {
      for (Message m : output) {
        calls.addAll(m.toolCalls());
      }
    }
    return calls;
  }

  /** Why the model stopped ({@code stop}, {@code tool_calls}, {@code length}...), or null. */
  public String finishReason() {
    return finishReason;
  }

  /** The tokens used, or null. */
  public Usage usage() {
    return usage;
  }

  /** The cost in USD, or null when unknown (an unknown model is never priced). */
  public Double cost() {
    return cost;
  }

  /** The provider's id of the response, or null. */
  public String responseId() {
    return responseId;
  }

  /** For streams, nanoseconds from the request to the first chunk; else null. */
  public Long timeToFirstTokenNanos() {
    return timeToFirstTokenNanos;
  }

  /** Whether the response was streamed. */
  public boolean stream() {
    return stream;
  }

  /** Sets the operation. */
  public GenerationSpanData operation(String value) {
    if (!open()) {
      return this;
    }
    this.operation = value;
    return this;
  }

  /** Sets the model that answered. */
  public GenerationSpanData responseModel(String value) {
    if (!open()) {
      return this;
    }
    this.responseModel = value;
    return this;
  }

  /** Sets one request parameter; null values are skipped. */
  public GenerationSpanData parameter(String name, Object value) {
    if (!open()) {
      return this;
    }
    if (value != null) {
      if (parameters.isEmpty()) {
        parameters = new LinkedHashMap<>();
      }
      parameters.put(name, value);
    }
    return this;
  }

  /** Sets the tool definitions. */
  public GenerationSpanData tools(List<?> value) {
    if (!open()) {
      return this;
    }
    this.tools = value == null ? List.of() : new ArrayList<>(value);
    return this;
  }

  /** Sets the input messages. */
  public GenerationSpanData input(List<Message> value) {
    if (!open()) {
      return this;
    }
    this.input = value == null ? List.of() : List.copyOf(value);
    return this;
  }

  /** Sets the output messages. */
  public GenerationSpanData output(List<Message> value) {
    if (!open()) {
      return this;
    }
    this.output = value == null ? List.of() : List.copyOf(value);
    return this;
  }

  /** Sets the finish reason. */
  public GenerationSpanData finishReason(String value) {
    if (!open()) {
      return this;
    }
    this.finishReason = value;
    return this;
  }

  /** Sets the usage. */
  public GenerationSpanData usage(Usage value) {
    if (!open()) {
      return this;
    }
    this.usage = value;
    return this;
  }

  /** Sets the cost in USD; when never set, Nora prices the call from its price table. */
  public GenerationSpanData cost(Double value) {
    if (!open()) {
      return this;
    }
    this.cost = value;
    return this;
  }

  /** Sets the response id. */
  public GenerationSpanData responseId(String value) {
    if (!open()) {
      return this;
    }
    this.responseId = value;
    return this;
  }

  /** Sets the time to first token, in nanoseconds. */
  public GenerationSpanData timeToFirstTokenNanos(Long value) {
    if (!open()) {
      return this;
    }
    this.timeToFirstTokenNanos = value;
    return this;
  }

  /** Marks the call as streamed. */
  public GenerationSpanData stream(boolean value) {
    if (!open()) {
      return this;
    }
    this.stream = value;
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  void applyPolicy(ContentPolicy policy) {
    input = policy.messages(input);
    output = policy.messages(output);
    parameters = (Map<String, Object>) policy.metadata(parameters);
  }
}
