package ai.nora.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/** Any other work worth a span: retrieval, parsing, a database call; with data of your own. */
public final class CustomSpanData extends SpanData {
  private Map<String, Object> data;

  /** A custom span carrying {@code data} (copied; may be null). */
  public CustomSpanData(Map<String, ?> data) {
    this.data = data == null ? new LinkedHashMap<>() : new LinkedHashMap<>(data);
  }

  @Override
  public String type() {
    return "custom";
  }

  /** The span's data. */
  public Map<String, Object> data() {
    return data;
  }

  /** Adds one entry to the data. */
  public CustomSpanData put(String key, Object value) {
    if (!open()) {
      return this;
    }
    data.put(key, value);
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  void applyPolicy(ContentPolicy policy) {
    // Custom data is the user's own labels: cut to size, kept even with content capture off.
    data = (Map<String, Object>) policy.metadata(data);
  }
}
