package ai.nora.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The sizes and ranges the server keeps, the same on every way in. Over them, texts are cut
 * (ending with {@code …[truncated N chars]}) rather than the item refused: a huge prompt is still
 * worth seeing in part. A number out of range refuses its item, naming the field ({@link
 * #count}, {@link #cost}, {@link #seconds}); in free-form JSON a number that is not finite
 * becomes null, and a NUL character is dropped (PostgreSQL cannot store it).
 */
public final class Limits {
  /** Longest name of a trace or span. */
  public static final int MAX_NAME_CHARS = 1_000;
  /** Longest single text inside an item (a prompt, a response, a metadata value). */
  public static final int MAX_TEXT_CHARS = 256 * 1024;
  /** Deepest nesting of a JSON value kept; deeper parts become a note. */
  public static final int MAX_DEPTH = 32;
  /**
   * Largest token count of one call. Real calls stay far below (a million-token context is
   * 10^6); above it a number is a broken client's, and summing a project of them would overflow.
   */
  public static final long MAX_COUNT = 1_000_000_000L;
  /** Largest cost of one call or trace, USD. */
  public static final double MAX_COST = 1_000_000.0;
  /** Longest duration in seconds (latency, time to first token): about 116 days. */
  public static final double MAX_SECONDS = 10_000_000.0;

  private Limits() {}

  public static String cut(String s, int max) {
    if (s != null && s.indexOf('\u0000') >= 0) {
      s = s.replace("\u0000", "");
    }
    if (s == null || s.length() <= max) {
      return s;
    }
    int keep = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, keep) + "…[truncated " + (s.length() - keep) + " chars]";
  }

  /**
   * A token count: null when absent, else a whole number from 0 to {@link #MAX_COUNT}.
   *
   * @throws InvalidItem naming {@code field} otherwise
   */
  public static Long count(JsonNode v, String field) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || !v.isIntegralNumber() && v.asDouble() != Math.rint(v.asDouble())) {
      throw new InvalidItem(field + ": expected a whole number");
    }
    if (v.isIntegralNumber() ? v.bigIntegerValue().signum() < 0 : v.asDouble() < 0) {
      throw new InvalidItem(field + ": must be >= 0");
    }
    if (v.isIntegralNumber() ? !v.canConvertToLong() || v.asLong() > MAX_COUNT : v.asDouble() > MAX_COUNT) {
      throw new InvalidItem(field + ": " + v.asText() + " is more than " + MAX_COUNT
          + ", the largest count the server stores");
    }
    return v.asLong();
  }

  /** A cost in USD: null when absent, else finite, from 0 to {@link #MAX_COST}. */
  public static Double cost(JsonNode v, String field) {
    return range(v, field, MAX_COST);
  }

  /** A duration in seconds: null when absent, else finite, from 0 to {@link #MAX_SECONDS}. */
  public static Double seconds(JsonNode v, String field) {
    return range(v, field, MAX_SECONDS);
  }

  private static Double range(JsonNode v, String field, double max) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw new InvalidItem(field + ": expected a number");
    }
    double d = v.asDouble();
    if (!Double.isFinite(d)) {
      throw new InvalidItem(field + ": not a finite number");
    }
    if (d < 0 || d > max) {
      throw new InvalidItem(field + ": " + v.asText() + " is not between 0 and " + (long) max);
    }
    return d;
  }

  /**
   * {@code node} with every text cut to {@link #MAX_TEXT_CHARS}, NUL characters dropped and
   * nesting bounded.
   *
   * @throws InvalidItem naming the place of a number that is not finite ({@code 1e400})
   */
  public static JsonNode bound(JsonNode node) {
    return bound(node, 0);
  }

  /** As {@link #bound(JsonNode)}, an error's place given from {@code field}. */
  public static JsonNode bound(JsonNode node, String field) {
    try {
      return bound(node, 0);
    } catch (InvalidItem e) {
      String m = e.getMessage();
      throw new InvalidItem(field + (m.startsWith(":") || m.startsWith("[") ? "" : ".") + m);
    }
  }

  private static JsonNode bound(JsonNode node, int depth) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      String s = node.textValue();
      if (s.indexOf('\u0000') >= 0) {
        s = s.replace("\u0000", "");
      }
      return s.length() > MAX_TEXT_CHARS ? TextNode.valueOf(cut(s, MAX_TEXT_CHARS))
          : s == node.textValue() ? node : TextNode.valueOf(s);
    }
    if (node.isFloatingPointNumber() && !Double.isFinite(node.asDouble())) {
      throw new InvalidItem(": not a finite number");
    }
    if (!node.isContainerNode()) {
      return node;
    }
    if (depth >= MAX_DEPTH) {
      return TextNode.valueOf("[nested too deep]");
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
      for (int i = 0; i < node.size(); i++) {
        try {
          out.add(bound(node.get(i), depth + 1));
        } catch (InvalidItem e) {
          throw new InvalidItem("[" + i + "]" + e.getMessage());
        }
      }
      return out;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      try {
        out.set(cut(e.getKey(), MAX_NAME_CHARS), bound(e.getValue(), depth + 1));
      } catch (InvalidItem inner) {
        String m = inner.getMessage();
        throw new InvalidItem((depth == 0 ? "" : ".") + e.getKey() + m);
      }
    }
    return out;
  }
}
