package ai.nora.server.query;

import ai.nora.server.storage.CallRow;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * LLM calls over time: per bucket, calls, errors and error rate, tokens, cost, and latency
 * percentiles (p50, p95, p99, exact over the calls in the bucket); overall and split by a key.
 */
final class Metrics {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Metrics() {}

  static ObjectNode compute(List<CallRow> calls, long fromUs, long toUs, long bucketUs,
      String groupBy, boolean truncated) {
    ObjectNode out = F.objectNode();
    out.put("from", Views.iso(fromUs));
    out.put("to", Views.iso(toUs));
    out.put("bucket_seconds", bucketUs / 1_000_000L);
    out.put("truncated", truncated);
    out.set("totals", summary(calls));
    out.set("series", series(calls, fromUs, toUs, bucketUs));
    if (groupBy != null) {
      Function<CallRow, String> key = keyOf(groupBy);
      Map<String, List<CallRow>> groups = new TreeMap<>();
      for (CallRow c : calls) {
        groups.computeIfAbsent(String.valueOf(key.apply(c)), k -> new ArrayList<>()).add(c);
      }
      ArrayNode arr = out.putArray("groups");
      for (Map.Entry<String, List<CallRow>> e : groups.entrySet()) {
        ObjectNode g = arr.addObject();
        g.put("key", e.getKey());
        g.set("totals", summary(e.getValue()));
        g.set("series", series(e.getValue(), fromUs, toUs, bucketUs));
      }
    }
    return out;
  }

  static Function<CallRow, String> keyOf(String groupBy) {
    switch (groupBy) {
      case "model":
        return CallRow::model;
      case "provider":
        return CallRow::provider;
      case "environment":
        return CallRow::environment;
      default:
        throw ai.nora.server.ApiException.badRequest(
            "group_by: expected model, provider or environment");
    }
  }

  private static ArrayNode series(List<CallRow> calls, long fromUs, long toUs, long bucketUs) {
    int n = (int) Math.max(1, Math.min(10_000, (toUs - fromUs + bucketUs - 1) / bucketUs));
    List<List<CallRow>> buckets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      buckets.add(new ArrayList<>());
    }
    for (CallRow c : calls) {
      int i = (int) ((c.startUs() - fromUs) / bucketUs);
      if (i >= 0 && i < n) {
        buckets.get(i).add(c);
      }
    }
    ArrayNode arr = F.arrayNode();
    for (int i = 0; i < n; i++) {
      ObjectNode point = summary(buckets.get(i));
      point.put("time", Views.iso(fromUs + i * bucketUs));
      arr.add(point);
    }
    return arr;
  }

  private static ObjectNode summary(List<CallRow> calls) {
    ObjectNode o = F.objectNode();
    long errors = 0;
    long in = 0;
    long out = 0;
    double cost = 0;
    boolean costKnown = false;
    long[] durations = new long[calls.size()];
    int i = 0;
    for (CallRow c : calls) {
      errors += c.error() ? 1 : 0;
      in += c.inputTokens();
      out += c.outputTokens();
      if (c.cost() != null) {
        cost += c.cost();
        costKnown = true;
      }
      durations[i++] = c.durationUs();
    }
    Arrays.sort(durations);
    o.put("calls", calls.size());
    o.put("errors", errors);
    o.put("error_rate", calls.isEmpty() ? 0.0 : (double) errors / calls.size());
    o.put("input_tokens", in);
    o.put("output_tokens", out);
    o.put("total_tokens", in + out);
    if (costKnown) {
      o.put("cost", cost);
    } else {
      o.putNull("cost");
    }
    percentile(o, "latency_p50", durations, 0.50);
    percentile(o, "latency_p95", durations, 0.95);
    percentile(o, "latency_p99", durations, 0.99);
    return o;
  }

  /** Nearest-rank percentile, in seconds. */
  private static void percentile(ObjectNode o, String field, long[] sorted, double p) {
    if (sorted.length == 0) {
      o.putNull(field);
      return;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    o.put(field, sorted[Math.max(0, rank - 1)] / 1e6);
  }
}
