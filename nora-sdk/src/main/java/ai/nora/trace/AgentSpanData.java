package ai.nora.trace;

import java.util.List;

/**
 * An agent's turn at work: its name, the tools it may use, whom it may hand off to, and what it
 * was asked and answered (a framework's agent or AI service call).
 */
public final class AgentSpanData extends SpanData {
  private final String name;
  private List<String> tools = List.of();
  private List<String> handoffs = List.of();
  private String outputType;
  private Object input;
  private Object output;

  /** An agent span for the agent {@code name}. */
  public AgentSpanData(String name) {
    this.name = name;
  }

  @Override
  public String type() {
    return "agent";
  }

  /** The agent's name. */
  public String name() {
    return name;
  }

  /** The tools the agent may use. */
  public List<String> tools() {
    return tools;
  }

  /** The agents it may hand off to. */
  public List<String> handoffs() {
    return handoffs;
  }

  /** Sets the tools the agent may use. */
  public AgentSpanData tools(List<String> value) {
    if (!open()) {
      return this;
    }
    this.tools = value == null ? List.of() : List.copyOf(value);
    return this;
  }

  /** Sets the agents it may hand off to. */
  public AgentSpanData handoffs(List<String> value) {
    if (!open()) {
      return this;
    }
    this.handoffs = value == null ? List.of() : List.copyOf(value);
    return this;
  }

  /** Sets the type of output the agent produces. */
  /** The name of the agent's output type, or null. */
  public String outputType() {
    return outputType;
  }

  public AgentSpanData outputType(String value) {
    if (!open()) {
      return this;
    }
    this.outputType = value;
    return this;
  }

  /** What the agent was asked, or null. */
  public Object input() {
    return input;
  }

  /** What it answered, or null. */
  public Object output() {
    return output;
  }

  /** Sets what the agent was asked. */
  public AgentSpanData input(Object value) {
    if (!open()) {
      return this;
    }
    this.input = value;
    return this;
  }

  /** Sets what it answered. */
  public AgentSpanData output(Object value) {
    if (!open()) {
      return this;
    }
    this.output = value;
    return this;
  }

  @Override
  void applyPolicy(ContentPolicy policy) {
    // Agent names, tools and handoffs are configuration; input and output are content.
    input = policy.content(input);
    output = policy.content(output);
  }
}
