package ai.nora.trace;

/** A tool execution: the tool's name, the arguments it was called with, and its result. */
public final class ToolSpanData extends SpanData {
  private final String name;
  private Object arguments;
  private Object result;
  private String toolCallId;

  /** A tool span for the tool {@code name}, called with {@code arguments} (may be null). */
  public ToolSpanData(String name, Object arguments) {
    this.name = name;
    this.arguments = arguments;
  }

  @Override
  public String type() {
    return "tool";
  }

  /** The tool's name. */
  public String name() {
    return name;
  }

  /** The arguments. */
  public Object arguments() {
    return arguments;
  }

  /** The result, or null. */
  public Object result() {
    return result;
  }

  /** The id of the LLM's tool call this execution answers, or null. */
  public String toolCallId() {
    return toolCallId;
  }

  /** Sets the result. */
  public ToolSpanData result(Object value) {
    if (!open()) {
      return this;
    }
    this.result = value;
    return this;
  }

  /** Sets the id of the tool call this execution answers. */
  public ToolSpanData toolCallId(String value) {
    if (!open()) {
      return this;
    }
    this.toolCallId = value;
    return this;
  }

  @Override
  void applyPolicy(ContentPolicy policy) {
    arguments = policy.content(arguments);
    result = policy.content(result);
  }
}
