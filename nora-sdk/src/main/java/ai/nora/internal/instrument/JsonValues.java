package ai.nora.internal.instrument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * JSON values as plain Java (String, Number, Boolean, List, Map), for span data. Used only by
 * provider adapters, which exist only where the provider SDK (and so Jackson) is present. This
 * class is internal and is hence not for public use.
 */
public final class JsonValues {
  private JsonValues() {}

  /** Copies the request parameters {@code names} that {@code body} sets into the span data. */
  public static void parameters(ai.nora.trace.GenerationSpanData d, JsonNode body, String[] names,
      ObjectMapper mapper) {
    for (String name : names) {
      JsonNode v = body.get(name);
      if (v != null && !v.isNull()) {
        d.parameter(name, plain(v, mapper));
      }
    }
  }

  /** {@code v} as plain Java, converting containers with the SDK's own {@code mapper}. */
  public static Object plain(JsonNode v, ObjectMapper mapper) {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isNumber()) {
      return v.numberValue();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    Class<?> type = v.isArray() ? List.class : Map.class;
    return mapper.convertValue(v, type);
  }
}
