package ai.nora.trace;

import java.util.List;

/**
 * One message of a conversation with an LLM, in a shape common to every provider.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text; non-text parts are described in brackets, such as {@code [image]}
 * @param name the author's or tool's name, or null
 * @param toolCallId for a tool result, the id of the call it answers; else null
 * @param toolCalls for an assistant message, the tool calls it asks for; may be empty
 */
public record Message(
    String role, String content, String name, String toolCallId, List<ToolCall> toolCalls) {

  /** Defensive copy, so a message handed to processors cannot change under them. */
  public Message {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** A message with a role and text only. */
  public static Message of(String role, String content) {
    return new Message(role, content, null, null, List.of());
  }

  /** An assistant message asking for tool calls. */
  public static Message toolCalls(String content, List<ToolCall> toolCalls) {
    return new Message("assistant", content, null, null, toolCalls);
  }

  /** A tool result answering the call {@code toolCallId}. */
  public static Message toolResult(String toolCallId, String name, String content) {
    return new Message("tool", content, name, toolCallId, List.of());
  }

  Message withText(String newContent, List<ToolCall> newToolCalls) {
    return new Message(role, newContent, name, toolCallId, newToolCalls);
  }
}
