package ai.nora.server.query;

import ai.nora.server.Micros;
import ai.nora.server.storage.CallStats;
import ai.nora.server.storage.LatencyHistogram;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * LLM calls over time: per bucket, calls, errors and error rate, tokens, cost, and latency
 * percentiles (p50, p95, p99, from the calls' latency histograms: within a factor of √2 of the
 * exact figure, usually far closer); overall and split by a key. Reads added-up rows, never the
 * calls one by one. The service returns a {@link Report} (the added-up rows and the window); the
 * series are computed as it is rendered.
 */
public final class Metrics {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Metrics() {}

  /**
   * The calls of a window, added up per bucket and key by the store.
   *
   * @param stats the added-up rows
   * @param fromUs the window's start, microseconds
   * @param toUs its end
   * @param bucketUs the series' bucket
   * @param groupBy model, provider or environment; null for no groups
   */
  public record Report(List<CallStats> stats, long fromUs, long toUs, long bucketUs, String groupBy) {}

  /** The API's metrics object for {@code report}. */
  public static ObjectNode render(Report report) {
    return compute(report.stats(), report.fromUs(), report.toUs(), report.bucketUs(), report.groupBy());
  }

  static ObjectNode compute(List<CallStats> stats, long fromUs, long toUs, long bucketUs, String groupBy) {
    ObjectNode out = F.objectNode();
    out.put("from", Micros.iso(fromUs));
    out.put("to", Micros.iso(toUs));
    out.put("bucket_seconds", bucketUs / 1_000_000L);
    out.put("truncated", false);
    out.set("totals", summary(stats));
    out.set("series", series(stats, fromUs, toUs, bucketUs));
    if (groupBy != null) {
      Function<CallStats, String> key = keyOf(groupBy);
      Map<String, List<CallStats>> groups = new TreeMap<>();
      for (CallStats s : stats) {
        groups.computeIfAbsent(String.valueOf(key.apply(s)), k -> new ArrayList<>()).add(s);
      }
      ArrayNode arr = out.putArray("groups");
      for (Map.Entry<String, List<CallStats>> e : groups.entrySet()) {
        ObjectNode g = arr.addObject();
        g.put("key", e.getKey());
        g.set("totals", summary(e.getValue()));
        g.set("series", series(e.getValue(), fromUs, toUs, bucketUs));
      }
    }
    return out;
  }

  static Function<CallStats, String> keyOf(String groupBy) {
    switch (groupBy) {
      case "model":
        return CallStats::model;
      case "provider":
        return CallStats::provider;
      case "environment":
        return CallStats::environment;
      default:
        throw ai.nora.server.ApiException.badRequest(
            "group_by: expected model, provider or environment");
    }
  }

  private static ArrayNode series(List<CallStats> stats, long fromUs, long toUs, long bucketUs) {
    int n = (int) Math.max(1, Math.min(10_000, (toUs - fromUs + bucketUs - 1) / bucketUs));
    List<List<CallStats>> buckets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      buckets.add(new ArrayList<>());
    }
    for (CallStats s : stats) {
      long i = Math.floorDiv(s.timeUs() - fromUs, bucketUs);
      if (i >= 0 && i < n) {
        buckets.get((int) i).add(s);
      }
    }
    ArrayNode arr = F.arrayNode();
    for (int i = 0; i < n; i++) {
      ObjectNode point = summary(buckets.get(i));
      point.put("time", Micros.iso(fromUs + i * bucketUs));
      arr.add(point);
    }
    return arr;
  }

  private static ObjectNode summary(List<CallStats> stats) {
    ObjectNode o = F.objectNode();
    long calls = 0;
    long errors = 0;
    long in = 0;
    long out = 0;
    double cost = 0;
    boolean costKnown = false;
    long[] latencies = new long[LatencyHistogram.BUCKETS];
    for (CallStats s : stats) {
      calls += s.calls();
      errors += s.errors();
      in += s.inputTokens();
      out += s.outputTokens();
      if (s.cost() != null) {
        cost += s.cost();
        costKnown = true;
      }
      for (int b = 0; b < latencies.length; b++) {
        latencies[b] += s.latencies()[b];
      }
    }
    o.put("calls", calls);
    o.put("errors", errors);
    o.put("error_rate", calls == 0 ? 0.0 : (double) errors / calls);
    o.put("input_tokens", in);
    o.put("output_tokens", out);
    o.put("total_tokens", in + out);
    if (costKnown) {
      o.put("cost", cost);
    } else {
      o.putNull("cost");
    }
    put(o, "latency_p50", LatencyHistogram.percentile(latencies, 0.50));
    put(o, "latency_p95", LatencyHistogram.percentile(latencies, 0.95));
    put(o, "latency_p99", LatencyHistogram.percentile(latencies, 0.99));
    return o;
  }

  private static void put(ObjectNode o, String field, Double seconds) {
    if (seconds == null) {
      o.putNull(field);
    } else {
      o.put(field, seconds);
    }
  }
}
