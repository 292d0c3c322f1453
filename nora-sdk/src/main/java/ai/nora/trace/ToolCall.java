package ai.nora.trace;

/**
 * A tool call an LLM asked for.
 *
 * @param id the provider's id of the call, which the tool result refers back to
 * @param name the tool's name
 * @param arguments the arguments as the provider gave them, usually a JSON text
 */
public record ToolCall(String id, String name, String arguments) {

  ToolCall withArguments(String newArguments) {
    return new ToolCall(id, name, newArguments);
  }
}
