package ai.nora.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What Nora keeps of captured content (prompts, responses, tool arguments and results, group
 * inputs and outputs), applied to every span as it ends, before any processor sees it.
 *
 * <ul>
 *   <li>{@code captureContent(false)} drops content; usage, timing, model and status stay.
 *   <li>{@code mask} rewrites every captured text, for example to blank out e-mail addresses.
 *   <li>{@code maxFieldChars} cuts every text longer than that (default {@value
 *       #DEFAULT_MAX_FIELD_CHARS} characters), ending it with {@code …[truncated N chars]}.
 * </ul>
 */
public final class ContentPolicy {
  /** The default length at which a captured text is cut. */
  public static final int DEFAULT_MAX_FIELD_CHARS = 100_000;

  private static final int MAX_DEPTH = 32;
  private static final ContentPolicy DEFAULT =
      new ContentPolicy(true, UnaryOperator.identity(), DEFAULT_MAX_FIELD_CHARS);

  private final boolean captureContent;
  private final UnaryOperator<String> mask;
  private final boolean masking;
  private final int maxFieldChars;

  private ContentPolicy(boolean captureContent, UnaryOperator<String> mask, int maxFieldChars) {
    this.captureContent = captureContent;
    this.mask = mask;
    this.masking = mask != UnaryOperator.<String>identity();
    this.maxFieldChars = maxFieldChars;
  }

  /** Content captured, unmasked, cut at {@value #DEFAULT_MAX_FIELD_CHARS} characters. */
  public static ContentPolicy defaults() {
    return DEFAULT;
  }

  /**
   * A policy.
   *
   * @param captureContent false to drop prompts, responses and tool data
   * @param mask applied to every captured text; must not be null
   * @param maxFieldChars the length at which texts are cut; at least 16
   */
  public static ContentPolicy of(
      boolean captureContent, UnaryOperator<String> mask, int maxFieldChars) {
    Objects.requireNonNull(mask, "mask");
    if (maxFieldChars < 16) {
      throw new IllegalArgumentException("maxFieldChars must be at least 16, was " + maxFieldChars);
    }
    return new ContentPolicy(captureContent, mask, maxFieldChars);
  }

  /** Whether content is kept at all. */
  public boolean captureContent() {
    return captureContent;
  }

  /** The length at which texts are cut. */
  public int maxFieldChars() {
    return maxFieldChars;
  }

  /** A captured text as kept: null when content is off, else masked and cut. */
  String text(String s) {
    if (!captureContent || s == null) {
      return null;
    }
    return truncate(mask.apply(s));
  }

  /** A captured structured value (tool arguments, results, group input and output). */
  Object content(Object value) {
    if (!captureContent) {
      return null;
    }
    // A map or list from user code is always copied: the user may change it after the span ends.
    boolean scalar = !(value instanceof Map) && !(value instanceof java.util.Collection);
    return scalar && keepsAsIs(value, masking, 0) ? value : copy(value, true, 0);
  }

  /**
   * Metadata: kept even with content off (it is the user's labels), but cut to size. Callers pass
   * maps Nora copied when the span data was made, so an unchanged map may be kept as it is.
   */
  Object metadata(Object value) {
    return keepsAsIs(value, false, 0) ? value : copy(value, false, 0);
  }

  /**
   * Whether {@code value} can be kept as it is: only short texts, numbers, booleans, and maps and
   * lists of them, with no mask to apply. Most spans are like that, and skipping the copy keeps
   * the cost of ending a span low.
   */
  private boolean keepsAsIs(Object value, boolean masked, int depth) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return true;
    }
    if (value instanceof String) {
      return !masked && ((String) value).length() <= maxFieldChars;
    }
    if (depth > 2) {
      return false;
    }
    if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!(e.getKey() instanceof String) || !keepsAsIs(e.getValue(), masked, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  List<Message> messages(List<Message> messages) {
    if (messages == null || messages.isEmpty() || !captureContent) {
      return captureContent ? messages : null;
    }
    if (!masking && messagesFit(messages)) {
      return messages;
    }
    List<Message> out = new ArrayList<>(messages.size());
    for (Message m : messages) {
      out.add(m.withText(text(m.content()), toolCalls(m.toolCalls())));
    }
    return out;
  }

  private boolean messagesFit(List<Message> messages) {
    for (Message m : messages) {
      if (m.content() != null && m.content().length() > maxFieldChars) {
        return false;
      }
      for (ToolCall c : m.toolCalls()) {
        if (c.arguments() != null && c.arguments().length() > maxFieldChars) {
          return false;
        }
      }
    }
    return true;
  }

  List<ToolCall> toolCalls(List<ToolCall> calls) {
    if (calls == null || calls.isEmpty()) {
      return calls;
    }
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (ToolCall c : calls) {
      out.add(c.withArguments(text(c.arguments())));
    }
    return out;
  }

  String truncate(String s) {
    if (s == null || s.length() <= maxFieldChars) {
      return s;
    }
    int keep = maxFieldChars;
    if (Character.isHighSurrogate(s.charAt(keep - 1))) {
      keep--; // never split a surrogate pair
    }
    return s.substring(0, keep) + "…[truncated " + (s.length() - keep) + " chars]";
  }

  private Object copy(Object value, boolean masked, int depth) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (depth > MAX_DEPTH) {
      return "[nested too deep]";
    }
    if (value instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        out.put(String.valueOf(e.getKey()), copy(e.getValue(), masked, depth + 1));
      }
      return out;
    }
    if (value instanceof Collection) {
      List<Object> out = new ArrayList<>();
      for (Object item : (Collection<?>) value) {
        out.add(copy(item, masked, depth + 1));
      }
      return out;
    }
    // Anything else is frozen as its text now, so a user object that changes after the span
    // ended cannot change what is exported.
    String s = String.valueOf(value);
    return truncate(masked ? mask.apply(s) : s);
  }
}
