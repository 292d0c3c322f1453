package ai.nora.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The sizes the server keeps. Over them, texts are cut (ending with {@code …[truncated N chars]})
 * rather than the item refused: a huge prompt is still worth seeing in part.
 */
public final class Limits {
  /** Longest name of a trace or span. */
  public static final int MAX_NAME_CHARS = 1_000;
  /** Longest single text inside an item (a prompt, a response, a metadata value). */
  public static final int MAX_TEXT_CHARS = 256 * 1024;
  /** Deepest nesting of a JSON value kept; deeper parts become a note. */
  public static final int MAX_DEPTH = 32;

  private Limits() {}

  public static String cut(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int keep = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, keep) + "…[truncated " + (s.length() - keep) + " chars]";
  }

  /** {@code node} with every text cut to {@link #MAX_TEXT_CHARS} and nesting bounded. */
  public static JsonNode bound(JsonNode node) {
    return bound(node, 0);
  }

  private static JsonNode bound(JsonNode node, int depth) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      String s = node.textValue();
      return s.length() > MAX_TEXT_CHARS ? TextNode.valueOf(cut(s, MAX_TEXT_CHARS)) : node;
    }
    if (!node.isContainerNode()) {
      return node;
    }
    if (depth >= MAX_DEPTH) {
      return TextNode.valueOf("[nested too deep]");
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
      for (JsonNode item : node) {
        out.add(bound(item, depth + 1));
      }
      return out;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(cut(e.getKey(), MAX_NAME_CHARS), bound(e.getValue(), depth + 1));
    }
    return out;
  }
}
