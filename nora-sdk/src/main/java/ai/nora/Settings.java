package ai.nora;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads typed settings from a {@link ConfigSource}, collecting a message per bad value. */
final class Settings {
  private final ConfigSource source;
  private final List<String> problems;

  Settings(ConfigSource source, List<String> problems) {
    this.source = source;
    this.problems = problems;
  }

  String string(String variable, String fallback) {
    String v = source.get(variable);
    return v == null ? fallback : v;
  }

  boolean bool(String variable, boolean fallback) {
    String v = source.get(variable);
    if (v == null) {
      return fallback;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
      case "on":
        return true;
      case "false":
      case "0":
      case "no":
      case "off":
        return false;
      default:
        problems.add(variable + ": expected true or false, got '" + v + "'");
        return fallback;
    }
  }

  int integer(String variable, int fallback) {
    String v = source.get(variable);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      problems.add(variable + ": expected a whole number, got '" + v + "'");
      return fallback;
    }
  }

  double decimal(String variable, double fallback) {
    String v = source.get(variable);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      problems.add(variable + ": expected a number, got '" + v + "'");
      return fallback;
    }
  }

  List<String> list(String variable) {
    String v = source.get(variable);
    if (v == null) {
      return List.of();
    }
    return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
