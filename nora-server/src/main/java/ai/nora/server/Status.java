package ai.nora.server;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A trace's or span's status, as the protocols and the database write it. */
public enum Status {
  /** A trace still running (spans are never pending). */
  PENDING,
  SUCCESS,
  ERROR;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** As written: {@code pending}, {@code success}, {@code error}. */
  public String wire() {
    return wire;
  }

  /** Whether {@code text} is this status as written. */
  public boolean is(String text) {
    return wire.equals(text);
  }

  /** The status written as {@code text}, or null. */
  public static Status of(String text) {
    for (Status s : values()) {
      if (s.wire.equals(text)) {
        return s;
      }
    }
    return null;
  }

  /** Every status as written. */
  public static List<String> wires() {
    return Arrays.stream(values()).map(Status::wire).toList();
  }
}
