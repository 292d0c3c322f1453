package ai.nora.server.ingest.otlp;

import ai.nora.server.SpanType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request's spans say of each other, applied before they are stored: an HTTP client span
 * made by an LLM or embedding call is the framework's (kept, not a call); and Spring AI 1.1, whose call after
 * a tool run reports the usage of the calls before it added in, has each call's own usage.
 * Only spans of the same request are seen: an exporter sends a request's spans together unless
 * its batch fills up.
 */
final class SpanBatch {
  private SpanBatch() {}

  /** A span, its item, and the session and user it names. */
  record Mapped(OtlpSpan span, ObjectNode item, String session, String user) {
    String type() {
      return item.path("type").asText();
    }
  }

  static void adjust(List<Mapped> spans) {
    Map<String, Mapped> byId = new HashMap<>();
    Map<String, List<Mapped>> children = new HashMap<>();
    for (Mapped m : spans) {
      byId.put(m.span().traceId() + m.span().spanId(), m);
      children.computeIfAbsent(m.span().traceId() + m.span().parentSpanId(), k -> new ArrayList<>()).add(m);
    }
    for (Mapped m : spans) {
      Mapped parent = byId.get(m.span().traceId() + m.span().parentSpanId());
      if (parent != null && SpanType.isCall(parent.type())
          && isHttpClient(m)) {
        m.item().put("framework", true);
      }
    }
    for (List<Mapped> siblings : children.values()) {
      springAiOwnUsage(siblings);
    }
  }

  private static boolean isHttpClient(Mapped m) {
    Map<String, Object> a = m.span().attributes();
    return SpanType.CUSTOM.is(m.type()) && m.span().kind() == 3
        && (a.containsKey("http.request.method") || a.containsKey("http.method")
            || a.containsKey("method") && (a.containsKey("uri") || a.containsKey("client.name")));
  }

  /**
   * Spring AI 1.1 runs the tools a call asked for (spans {@code tool_call <name>}, operation
   * {@code framework}) and then the next call, beside the first, reporting its usage plus the
   * first's. Each such call's own usage is what it reported less what the call before it did.
   */
  private static void springAiOwnUsage(List<Mapped> siblings) {
    if (siblings.size() < 3 || siblings.stream().noneMatch(SpanBatch::isSpringAi11Tool)) {
      return;
    }
    List<Mapped> ordered = new ArrayList<>(siblings);
    ordered.sort(Comparator.comparingLong(m -> m.span().startNanos()));
    Mapped previous = null;
    long[] previousReported = null;
    boolean toolSince = false;
    for (Mapped m : ordered) {
      if (isSpringAi11Tool(m)) {
        toolSince = previous != null;
      } else if (SpanType.GENERATION.is(m.type())) {
        long[] reported = tokens(m.item());
        if (toolSince && previousReported != null && reported != null) {
          subtract(m.item(), previousReported);
        }
        previous = m;
        previousReported = reported;
        toolSince = false;
      }
    }
  }

  private static boolean isSpringAi11Tool(Mapped m) {
    Map<String, Object> a = m.span().attributes();
    return "tool_call".equals(a.get("spring.ai.kind")) && "framework".equals(a.get("gen_ai.operation.name"));
  }

  private static long[] tokens(ObjectNode item) {
    JsonNode u = item.path("usage");
    if (!u.path("input_tokens").isNumber() || !u.path("output_tokens").isNumber()) {
      return null;
    }
    return new long[] {u.get("input_tokens").asLong(), u.get("output_tokens").asLong()};
  }

  private static void subtract(ObjectNode item, long[] before) {
    ObjectNode u = (ObjectNode) item.get("usage");
    long in = u.get("input_tokens").asLong();
    long out = u.get("output_tokens").asLong();
    if (in < before[0] || out < before[1]) {
      return;
    }
    u.put("input_tokens", in - before[0]);
    u.put("output_tokens", out - before[1]);
    u.putNull("total_tokens");
    item.put("usage_adjusted", "Spring AI reported the usage of the calls before this one added in");
  }
}
