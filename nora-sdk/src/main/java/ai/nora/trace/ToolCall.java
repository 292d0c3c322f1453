package ai.nora.trace;

import ai.nora.internal.Json;
import ai.nora.internal.JsonWritable;

/**
 * A tool call an LLM asked for.
 *
 * @param id the provider's id of the call, which the tool result refers back to
 * @param name the tool's name
 * @param arguments the arguments as the provider gave them, usually a JSON text
 */
public record ToolCall(String id, String name, String arguments) implements JsonWritable {

  ToolCall withArguments(String newArguments) {
    return new ToolCall(id, name, newArguments);
  }

  @Override
  public void writeJson(Json json) {
    json.beginObject().field("id", id).field("name", name).field("arguments", arguments).endObject();
  }
}
