package ai.nora.server;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A span's type, as the protocols and the database write it. */
public enum SpanType {
  GROUP,
  GENERATION,
  EMBEDDING,
  TOOL,
  AGENT,
  RETRIEVAL,
  CUSTOM;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** As written: {@code generation}, {@code tool}... */
  public String wire() {
    return wire;
  }

  /** Whether {@code text} is this type as written. */
  public boolean is(String text) {
    return wire.equals(text);
  }

  /** Whether this type is a call to a model, counted and priced: a generation or an embedding. */
  public boolean isCall() {
    return this == GENERATION || this == EMBEDDING;
  }

  /** Whether {@code text} is a call's type as written. */
  public static boolean isCall(String text) {
    return GENERATION.is(text) || EMBEDDING.is(text);
  }

  /** The type written as {@code text}, or null. */
  public static SpanType of(String text) {
    for (SpanType t : values()) {
      if (t.wire.equals(text)) {
        return t;
      }
    }
    return null;
  }

  /** Every type as written. */
  public static List<String> wires() {
    return Arrays.stream(values()).map(SpanType::wire).toList();
  }
}
