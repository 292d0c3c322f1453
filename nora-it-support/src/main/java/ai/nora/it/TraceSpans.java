package ai.nora.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Lookups in a trace read back from nora-server. */
public final class TraceSpans {
  private TraceSpans() {}

  /** The trace's spans. */
  public static List<JsonNode> list(JsonNode trace) {
    List<JsonNode> spans = new ArrayList<>();
    trace.get("spans").forEach(spans::add);
    return spans;
  }

  /** The spans of a type. */
  public static List<JsonNode> ofType(List<JsonNode> spans, String type) {
    return spans.stream().filter(s -> s.get("type").asText().equals(type)).toList();
  }

  /** The one span of a type. */
  public static JsonNode only(List<JsonNode> spans, String type) {
    List<JsonNode> found = ofType(spans, type);
    assertThat(found).as(type + " spans in " + spans).hasSize(1);
    return found.get(0);
  }
}
