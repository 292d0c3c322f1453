package ai.nora.server.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;

/** Reading OTLP attribute values (String, Long, Double, Boolean, List, Map) as Nora needs them. */
final class Attrs {
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Attrs() {}

  static String str(Object v) {
    if (v == null) {
      return null;
    }
    String s = v instanceof List || v instanceof Map ? json(v).toString() : v.toString();
    return s.isEmpty() ? null : s;
  }

  static String str(Map<String, Object> a, String key) {
    return str(a.get(key));
  }

  /** A whole number, also from a numeric string; null when absent or not a number. */
  static Long num(Object v) {
    if (v instanceof Number) {
      return ((Number) v).longValue();
    }
    if (v instanceof String) {
      try {
        return Long.parseLong(((String) v).trim());
      } catch (NumberFormatException e) {
        try {
          double d = Double.parseDouble(((String) v).trim());
          return Double.isFinite(d) ? (long) d : null;
        } catch (NumberFormatException e2) {
          return null;
        }
      }
    }
    return null;
  }

  static Double decimal(Object v) {
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof String) {
      try {
        return Double.parseDouble(((String) v).trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Boolean bool(Object v) {
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v instanceof String) {
      String s = ((String) v).trim();
      return "true".equalsIgnoreCase(s) ? Boolean.TRUE : "false".equalsIgnoreCase(s) ? Boolean.FALSE : null;
    }
    return null;
  }

  /** The value as JSON: strings that hold JSON (objects, arrays) parsed, other strings as text. */
  static JsonNode json(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof String) {
      String s = ((String) v).trim();
      if (s.startsWith("{") || s.startsWith("[") || s.startsWith("\"")) {
        try {
          return JSON.readTree(s);
        } catch (Exception e) {
          return F.textNode((String) v);
        }
      }
      return F.textNode((String) v);
    }
    return JSON.valueToTree(v);
  }

  @SafeVarargs
  static <T> T first(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
