package ai.nora.server.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * GenAI events (as OTLP log records or as span events): what each adds to its span, as a small
 * item of its own, {@code {"input": [messages]}} or {@code {"output": [messages], "tool_calls":
 * [...], "finish_reason": ...}}. The events' names and where their content is:
 *
 * <ul>
 *   <li>{@code gen_ai.system.message}, {@code gen_ai.user.message}, {@code
 *       gen_ai.assistant.message}, {@code gen_ai.tool.message}: one input message, the body
 *       {@code {content, tool_calls?, id?}};
 *   <li>{@code gen_ai.choice}: one output message, the body {@code {index, finish_reason,
 *       message}};
 *   <li>{@code gen_ai.client.inference.operation.details}: {@code gen_ai.input.messages}, {@code
 *       gen_ai.output.messages}, {@code gen_ai.system_instructions} in the parts format, as
 *       attributes or in the body;
 *   <li>{@code gen_ai.content.prompt} / {@code gen_ai.content.completion}: the older span events,
 *       JSON in the attribute {@code gen_ai.prompt} / {@code gen_ai.completion}.
 * </ul>
 */
final class GenAiEvents {
  private GenAiEvents() {}

  /** Whether Nora reads events of this name. */
  static boolean known(String name) {
    return name != null && (name.startsWith("gen_ai.") && (name.endsWith(".message")
        || name.equals("gen_ai.choice") || name.equals("gen_ai.client.inference.operation.details")
        || name.equals("gen_ai.content.prompt") || name.equals("gen_ai.content.completion")));
  }

  /** What the event adds to its span, or null when it adds nothing. */
  static ObjectNode contribution(String name, Object body, Map<String, Object> attributes) {
    if (!known(name)) {
      return null;
    }
    JsonNode b = Attrs.json(body);
    if (b == null && attributes.containsKey("gen_ai.event.content")) {
      b = Attrs.json(attributes.get("gen_ai.event.content"));
    } else if (b == null && !attributes.isEmpty()) {
      b = Attrs.json(attributes);
    }
    ObjectNode out = Attrs.F.objectNode();
    switch (name) {
      case "gen_ai.choice": {
        JsonNode message = b == null ? null : b.has("message") ? b.get("message") : b;
        if (message != null && message.isTextual()) {
          message = Attrs.json(message.asText()); // a span event's attribute holds it as JSON text
        }
        ArrayNode msgs = Messages.from(withRole(message, "assistant"), "assistant");
        if (msgs != null) {
          out.set("output", msgs);
          out.set("tool_calls", Messages.toolCalls(msgs));
          Messages.finishReason(msgs);
        }
        if (b != null && b.hasNonNull("finish_reason")) {
          out.put("finish_reason", b.get("finish_reason").asText());
        }
        break;
      }
      case "gen_ai.client.inference.operation.details": {
        ArrayNode in = Attrs.F.arrayNode();
        ArrayNode system = Messages.from(either(attributes, b, "gen_ai.system_instructions"), "system");
        if (system != null) {
          system.forEach(m -> ((ObjectNode) m).put("role", "system"));
          in.addAll(system);
        }
        ArrayNode input = Messages.from(either(attributes, b, "gen_ai.input.messages"), "user");
        if (input != null) {
          in.addAll(input);
        }
        if (!in.isEmpty()) {
          out.set("input", in);
        }
        ArrayNode output = Messages.from(either(attributes, b, "gen_ai.output.messages"), "assistant");
        if (output != null) {
          String finish = Messages.finishReason(output);
          out.set("output", output);
          out.set("tool_calls", Messages.toolCalls(output));
          if (finish != null) {
            out.put("finish_reason", finish);
          }
        }
        break;
      }
      case "gen_ai.content.prompt":
        putIfAny(out, "input", Messages.from(Attrs.json(attributes.get("gen_ai.prompt")), "user"));
        break;
      case "gen_ai.content.completion":
        putIfAny(out, "output", Messages.from(Attrs.json(attributes.get("gen_ai.completion")), "assistant"));
        break;
      default: {
        String role = name.substring("gen_ai.".length(), name.length() - ".message".length());
        putIfAny(out, "input", Messages.from(withRole(b, role), role));
        break;
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static JsonNode either(Map<String, Object> attributes, JsonNode body, String key) {
    Object a = attributes.get(key);
    if (a != null) {
      return Attrs.json(a);
    }
    return body != null && body.has(key) ? Attrs.json(body.get(key).isTextual() ? body.get(key).asText() : body.get(key)) : null;
  }

  private static JsonNode withRole(JsonNode message, String role) {
    if (message == null) {
      return null;
    }
    if (message.isObject() && !message.has("role")) {
      ObjectNode copy = ((ObjectNode) message).deepCopy();
      copy.put("role", role);
      return copy;
    }
    if (message.isTextual()) {
      ObjectNode m = Attrs.F.objectNode();
      m.put("role", role).put("content", message.asText());
      return m;
    }
    return message;
  }

  private static void putIfAny(ObjectNode out, String field, ArrayNode messages) {
    if (messages != null && !messages.isEmpty()) {
      out.set(field, messages);
    }
  }
}
