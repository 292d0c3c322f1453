package ai.nora.internal;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A small JSON writer, so that the SDK needs no JSON library in the user's application.
 *
 * <p>Values are written by type: {@code null}, {@link CharSequence}, {@link Number}, {@link
 * Boolean}, {@link Map} (keys by {@code toString}), {@link Collection}, arrays, whatever the
 * writer's {@link ValueWriter} knows (the export's wire format for Nora's model types); anything
 * else is written as its {@code toString()} text. This class is internal and is hence not for
 * public use.
 */
public final class Json {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int MAX_DEPTH = 64;

  /** Writes the values of types this class does not know, or declines them. */
  @FunctionalInterface
  public interface ValueWriter {
    /** Writes {@code value} (one JSON value) to {@code json} and returns true, or returns false. */
    boolean write(Json json, Object value);
  }

  private final StringBuilder out;
  private final ValueWriter custom;
  private Set<String> omitted = Set.of();
  private int depth;
  private boolean needComma;

  private Json(StringBuilder out, ValueWriter custom) {
    this.out = out;
    this.custom = custom;
  }

  /** Starts a writer that appends to {@code out}. */
  public static Json to(StringBuilder out) {
    return new Json(out, null);
  }

  /** Starts a writer that appends to {@code out}, writing what {@code custom} knows its way. */
  public static Json to(StringBuilder out, ValueWriter custom) {
    return new Json(out, custom);
  }

  /** Returns {@code value} as JSON text. */
  public static String write(Object value) {
    return write(value, null);
  }

  /** Returns {@code value} as JSON text, writing what {@code custom} knows its way. */
  public static String write(Object value, ValueWriter custom) {
    StringBuilder sb = new StringBuilder(64);
    new Json(sb, custom).value(value);
    return sb.toString();
  }

  /**
   * Leaves out the members of these names of the outermost object ({@link #field} and {@link
   * #fieldIfPresent} write nothing for them there; members of nested objects are kept).
   */
  public Json omittingTopLevel(Set<String> names) {
    this.omitted = names;
    return this;
  }

  /** Opens an object. */
  public Json beginObject() {
    comma();
    out.append('{');
    depth++;
    needComma = false;
    return this;
  }

  /** Closes an object. */
  public Json endObject() {
    out.append('}');
    depth--;
    needComma = true;
    return this;
  }

  /** Opens an array. */
  public Json beginArray() {
    comma();
    out.append('[');
    depth++;
    needComma = false;
    return this;
  }

  /** Closes an array. */
  public Json endArray() {
    out.append(']');
    depth--;
    needComma = true;
    return this;
  }

  /** Writes an object member's name; the next call writes its value. */
  public Json name(String name) {
    comma();
    string(name);
    out.append(':');
    needComma = false;
    return this;
  }

  /** Writes a member, always, {@code null} included (unless its name is omitted here). */
  public Json field(String name, Object value) {
    if (depth == 1 && omitted.contains(name)) {
      return this;
    }
    name(name);
    return value(value);
  }

  /** Writes a member only when {@code value} is not null. */
  public Json fieldIfPresent(String name, Object value) {
    return value == null ? this : field(name, value);
  }

  /** Writes one value. */
  public Json value(Object value) {
    return value(value, 0);
  }

  private Json value(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      // A cyclic or absurdly deep structure in user metadata must not overflow the stack.
      return value("[nested too deep]", 0);
    }
    if (value == null) {
      comma();
      out.append("null");
    } else if (value instanceof CharSequence || value instanceof Character) {
      comma();
      string(value.toString());
    } else if (value instanceof Number) {
      number((Number) value);
    } else if (value instanceof Boolean) {
      comma();
      out.append(value.toString());
    } else if (custom != null && custom.write(this, value)) {
      // written by the custom writer
    } else if (value instanceof Map) {
      beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        name(String.valueOf(e.getKey()));
        value(e.getValue(), depth + 1);
      }
      endObject();
    } else if (value instanceof Collection) {
      beginArray();
      for (Object item : (Collection<?>) value) {
        value(item, depth + 1);
      }
      endArray();
    } else if (value.getClass().isArray()) {
      beginArray();
      int n = Array.getLength(value);
      for (int i = 0; i < n; i++) {
        value(Array.get(value, i), depth + 1);
      }
      endArray();
    } else {
      comma();
      string(String.valueOf(value));
    }
    needComma = true;
    return this;
  }

  private void number(Number n) {
    comma();
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        out.append("null");
        return;
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        out.append((long) d);
        return;
      }
    }
    out.append(n);
  }

  private void comma() {
    if (needComma) {
      out.append(',');
    }
  }

  private void string(String s) {
    out.append('"');
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
          } else if (Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
            // A lone surrogate is not valid UTF-8: replace it instead of sending bytes a
            // strict server would reject.
            out.append('\uFFFD');
          } else {
            out.append(c);
            if (Character.isHighSurrogate(c)) {
              out.append(s.charAt(++i));
            }
          }
      }
    }
    out.append('"');
  }

  private static boolean validSurrogateAt(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c)
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1));
  }
}
